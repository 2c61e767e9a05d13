package org.watchfloor.client.wall;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.watchfloor.client.map.CameraStyle;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.ui.CameraTransfer;

/**
 * One tile on screen: the video, and over it the camera's name and kind, a clock, and the tile's
 * state. The overlay is separate small nodes, so a clock tick repaints a few pixels, not the video.
 * A camera dropped here plays here; a tile dragged onto another swaps them; a double click fills
 * the wall with this tile and back.
 */
final class TileView extends StackPane {

  /** Which tile of which wall is being dragged, for swapping within one wall. */
  static final DataFormat TILE = new DataFormat("application/x-watchfloor-wall-tile");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final WallTile tile;
  private final Label clock = new Label();

  TileView(Wall wall, int index, Function<String, Optional<Camera>> cameras) {
    this.tile = wall.tile(index);
    getStyleClass().add("wall-tile");
    setMinSize(0, 0);

    VideoSurface video = new VideoSurface(this);
    video.imageProperty().bind(tile.frameProperty());

    Circle kind = new Circle(5);
    Label name = new Label();
    name.getStyleClass().add("tile-name");
    name.setGraphic(kind);
    name.setMinWidth(0);
    clock.getStyleClass().add("tile-clock");
    clock.setMinWidth(Region.USE_PREF_SIZE);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox top = new HBox(6, name, spacer, clock);
    top.getStyleClass().add("tile-top");
    top.setAlignment(Pos.CENTER_LEFT);

    Label stateLabel = new Label();
    stateLabel.getStyleClass().add("tile-state");
    Label detail = new Label();
    detail.getStyleClass().add("tile-detail");
    detail.setWrapText(true);
    detail.textProperty().bind(tile.detailProperty());
    VBox message = new VBox(4, stateLabel, detail);
    message.setAlignment(Pos.CENTER);
    message.getStyleClass().add("tile-message");
    message.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);

    Label liveChip = new Label("LIVE");
    liveChip.getStyleClass().add("tile-live");
    StackPane.setAlignment(liveChip, Pos.BOTTOM_LEFT);

    BorderPane overlay = new BorderPane();
    overlay.setTop(top);
    overlay.setMouseTransparent(true);
    overlay.setPickOnBounds(false);
    getChildren().addAll(video, message, overlay, liveChip);

    tile.cameraProperty().addListener((observable, before, camera) -> showCamera(camera, name, kind, top));
    showCamera(tile.camera(), name, kind, top);
    tile.stateProperty().addListener((observable, before, state) -> showState(state, stateLabel, message, liveChip));
    showState(tile.state(), stateLabel, message, liveChip);

    layoutBoundsProperty().addListener((observable, before, bounds) -> reportSize());
    sceneProperty().addListener((observable, before, scene) -> reportSize());

    setOnMouseClicked(event -> {
      if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
        wall.toggleFilling(index);
      }
    });
    MenuItem fill = new MenuItem();
    fill.textProperty().bind(Bindings.when(wall.fillingProperty().isEqualTo(index)).then("Back to the layout").otherwise("Fill the wall"));
    fill.setOnAction(event -> wall.toggleFilling(index));
    MenuItem remove = new MenuItem("Remove from the wall");
    remove.setOnAction(event -> wall.place(index, null));
    remove.disableProperty().bind(tile.cameraProperty().isNull());
    // After the owner ends sharing or the broker refuses, the analyst may ask again (a new grant,
    // a case that now qualifies); the broker decides again and audits the new request.
    MenuItem again = new MenuItem("Ask for the view again");
    again.setOnAction(event -> wall.place(index, tile.camera()));
    again.disableProperty().bind(Bindings.createBooleanBinding(
        () -> tile.camera() == null || tile.state().playing() || tile.state() == TileState.CONNECTING,
        tile.cameraProperty(), tile.stateProperty()));
    ContextMenu menu = new ContextMenu(fill, again, remove);
    setOnContextMenuRequested(event -> menu.show(this, event.getScreenX(), event.getScreenY()));

    setOnDragDetected(event -> {
      if (tile.camera() == null) {
        return;
      }
      ClipboardContent content = CameraTransfer.content(tile.camera());
      content.put(TILE, wallKey(wall) + ":" + index);
      startDragAndDrop(TransferMode.COPY_OR_MOVE).setContent(content);
      event.consume();
    });
    setOnDragOver(event -> {
      if (event.getGestureSource() != this && event.getDragboard().hasContent(CameraTransfer.CAMERA)) {
        event.acceptTransferModes(TransferMode.COPY_OR_MOVE);
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("drop-target"), true);
      }
      event.consume();
    });
    setOnDragExited(event -> pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("drop-target"), false));
    setOnDragDropped(event -> {
      Dragboard board = event.getDragboard();
      String fromTile = board.hasContent(TILE) ? (String) board.getContent(TILE) : "";
      boolean done = false;
      if (fromTile.startsWith(wallKey(wall) + ":")) {
        wall.swap(Integer.parseInt(fromTile.substring(fromTile.indexOf(':') + 1)), index);
        done = true;
      } else {
        Optional<Camera> dropped = CameraTransfer.cameraId(board).flatMap(cameras);
        dropped.ifPresent(camera -> wall.place(index, camera));
        done = dropped.isPresent();
      }
      event.setDropCompleted(done);
      event.consume();
    });
  }

  private static String wallKey(Wall wall) {
    return Integer.toHexString(System.identityHashCode(wall));
  }

  private void showCamera(Camera camera, Label name, Circle kind, HBox top) {
    top.setVisible(camera != null);
    if (camera != null) {
      name.setText(camera.name() + "  ·  " + camera.type().label());
      kind.setFill(CameraStyle.color(camera.type()));
    }
  }

  private static void showState(TileState state, Label label, VBox message, Label liveChip) {
    label.setText(state.label());
    message.getStyleClass().setAll("tile-message", state.styleClass());
    message.setVisible(!state.playing());
    liveChip.setVisible(state.playing());
  }

  /** Once a second, from the wall's clock. */
  void tick(LocalTime now) {
    if (tile.camera() != null) {
      clock.setText(CLOCK.format(now));
    }
  }

  private void reportSize() {
    double scale = VideoSurface.outputScale(this);
    tile.resize((int) Math.round(getWidth() * scale), (int) Math.round(getHeight() * scale));
  }
}
