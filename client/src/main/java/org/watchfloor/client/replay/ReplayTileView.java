package org.watchfloor.client.replay;

import java.time.Duration;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.watchfloor.client.wall.VideoSurface;

/**
 * One replay tile on screen: the recording's picture (dimmed while it is not on the clock's moment),
 * the camera's name and the tile's own time when independent, the tile's state when it has one to
 * tell, and a badge with the offset measured from the picture's time code (an owner's clip, which
 * has none, says that its time comes from its file and is not measured).
 */
final class ReplayTileView extends StackPane {

  private static final PseudoClass DIMMED = PseudoClass.getPseudoClass("dimmed");
  private static final PseudoClass OFF = PseudoClass.getPseudoClass("off");
  private static final PseudoClass UNMEASURED_STYLE = PseudoClass.getPseudoClass("unmeasured");
  /** What an owner's clip says in place of an offset. */
  static final String UNMEASURED = "time from its file · not measured";

  ReplayTileView(Replay replay, int index) {
    ReplayTile tile = replay.tiles().get(index);
    getStyleClass().addAll("wall-tile", "replay-tile");
    setMinSize(0, 0);

    VideoSurface video = new VideoSurface(this);
    video.getStyleClass().add("replay-video");
    video.imageProperty().bind(tile.frameProperty());

    Label name = new Label(tile.cameraName() + (tile.ownerShared() ? "  ·  owner-shared clip" : ""));
    name.getStyleClass().add("tile-name");
    name.setMinWidth(0);
    Label own = new Label();
    own.getStyleClass().add("tile-clock");
    own.setMinWidth(Region.USE_PREF_SIZE);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(6, name, spacer, own);
    top.getStyleClass().add("tile-top");
    top.setAlignment(Pos.CENTER_LEFT);
    BorderPane overlay = new BorderPane();
    overlay.setTop(top);
    overlay.setMouseTransparent(true);
    overlay.setPickOnBounds(false);

    Label state = new Label();
    state.getStyleClass().add("tile-state");
    Label detail = new Label();
    detail.getStyleClass().add("tile-detail");
    detail.setWrapText(true);
    detail.textProperty().bind(tile.detailProperty());
    VBox message = new VBox(4, state, detail);
    message.setAlignment(Pos.CENTER);
    message.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    message.setMouseTransparent(true);

    Label badge = new Label();
    badge.getStyleClass().add("replay-offset");
    badge.setMouseTransparent(true);
    StackPane.setAlignment(badge, Pos.BOTTOM_RIGHT);

    getChildren().addAll(video, message, overlay, badge);

    tile.stateProperty().addListener((observable, before, now) -> {
      showState(tile, state, message, video);
      showOffset(tile, badge, tile.offset().orElse(null));
    });
    showState(tile, state, message, video);
    tile.offsetProperty().addListener((observable, before, offset) -> showOffset(tile, badge, offset));
    showOffset(tile, badge, tile.offset().orElse(null));
    replay.clock().positionProperty().addListener(observable -> {
      if (tile.independentProperty().get()) {
        own.setText("own clock " + replay.formatTime(tile.clock().now()));
      }
    });
    tile.independentProperty().addListener((observable, before, independent) -> own.setText(independent ? "own clock" : ""));

    layoutBoundsProperty().addListener((observable, before, bounds) -> {
      double scale = VideoSurface.outputScale(this);
      tile.resize((int) Math.round(getWidth() * scale), (int) Math.round(getHeight() * scale));
    });

    setOnMouseClicked(event -> {
      if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
        replay.fillingProperty().set(replay.fillingProperty().get() == index ? -1 : index);
      }
    });
    MenuItem fill = new MenuItem();
    fill.textProperty().bind(Bindings.when(replay.fillingProperty().isEqualTo(index)).then("Back to the layout").otherwise("Fill the replay wall"));
    fill.setOnAction(event -> replay.fillingProperty().set(replay.fillingProperty().get() == index ? -1 : index));
    MenuItem independent = new MenuItem();
    independent.textProperty().bind(Bindings.when(tile.independentProperty()).then("Rejoin the master clock").otherwise("Make independent (own clock)"));
    independent.setOnAction(event -> {
      if (tile.independentProperty().get()) {
        tile.rejoin();
      } else {
        tile.makeIndependent();
      }
    });
    MenuItem ownPlay = new MenuItem("Play / pause this tile");
    ownPlay.setOnAction(event -> tile.toggleOwnClock());
    MenuItem ownBack = new MenuItem("This tile 15 s back");
    ownBack.setOnAction(event -> tile.jumpOwnClock(Duration.ofSeconds(-15)));
    MenuItem ownOn = new MenuItem("This tile 15 s on");
    ownOn.setOnAction(event -> tile.jumpOwnClock(Duration.ofSeconds(15)));
    for (MenuItem own2 : new MenuItem[] {ownPlay, ownBack, ownOn}) {
      own2.disableProperty().bind(tile.independentProperty().not());
    }
    ContextMenu menu = new ContextMenu(fill, independent, new SeparatorMenuItem(), ownPlay, ownBack, ownOn);
    setOnContextMenuRequested(event -> menu.show(this, event.getScreenX(), event.getScreenY()));
  }

  private static void showState(ReplayTile tile, Label label, VBox message, VideoSurface video) {
    ReplayTileState state = tile.state();
    label.setText(state.label());
    message.getStyleClass().setAll("tile-message", state.styleClass());
    message.setVisible(!state.label().isEmpty());
    video.pseudoClassStateChanged(DIMMED, state != ReplayTileState.IN_STEP);
    video.setVisible(state.keepsPicture());
  }

  private static void showOffset(ReplayTile tile, Label badge, Duration offset) {
    if (!tile.timeCoded()) {
      // An owner's clip has no time code: it says where its time comes from instead of an offset it cannot know.
      badge.setVisible(tile.state() == ReplayTileState.IN_STEP);
      badge.setText(UNMEASURED);
      badge.pseudoClassStateChanged(UNMEASURED_STYLE, true);
      return;
    }
    // Only a tile in step has a current offset: one seeking, reconnecting or in a gap would show a stale one.
    badge.setVisible(offset != null && tile.state() == ReplayTileState.IN_STEP);
    if (offset != null) {
      long millis = offset.toMillis();
      badge.setText((millis > 0 ? "+" : "") + millis + " ms");
      badge.pseudoClassStateChanged(OFF, offset.abs().compareTo(TimeCode.FRAME) > 0);
    }
  }
}
