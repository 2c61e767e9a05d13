package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Bookmarks the replay clock's moment on one camera: which camera, how much video before and after
 * to keep (the broker places an evidence hold on that window), and a note. The bookmark goes to the
 * broker, which tells everyone watching the incident.
 */
public final class BookmarkDialog {

  /** Pre- and post-roll the broker accepts: up to 10 minutes. */
  private static final int MAX_ROLL_SECONDS = 600;

  private final Stage stage = new Stage();
  private final Replay replay;
  private final Instant at;
  private final ComboBox<ReplayTile> camera = new ComboBox<>();
  private final Spinner<Integer> preRoll = new Spinner<>(0, MAX_ROLL_SECONDS, 10, 5);
  private final Spinner<Integer> postRoll = new Spinner<>(0, MAX_ROLL_SECONDS, 10, 5);
  private final TextArea note = new TextArea();
  private final Label problem = new Label();
  private final Button add = new Button("Add bookmark");

  private BookmarkDialog(Replay replay, ReplayTile tile, Window owner, String stylesheet) {
    this.replay = replay;
    this.at = replay.clock().now();
    camera.setId("bookmark-camera");
    camera.getItems().setAll(replay.tiles());
    camera.setCellFactory(list -> tileCell());
    camera.setButtonCell(tileCell());
    camera.setValue(tile);
    camera.setMaxWidth(Double.MAX_VALUE);
    preRoll.setId("bookmark-pre-roll");
    postRoll.setId("bookmark-post-roll");
    preRoll.setEditable(true);
    postRoll.setEditable(true);
    note.setId("bookmark-note");
    note.setPromptText("What is worth noting here, e.g. \"grey sedan turns north\"");
    note.setPrefRowCount(3);
    note.setWrapText(true);

    GridPane fields = ReplayDialogs.fields();
    fields.addRow(0, new Label("Moment"), new Label(replay.formatTime(at) + "  (" + replay.zone().getId() + ")"));
    fields.addRow(1, new Label("Camera"), camera);
    fields.addRow(2, new Label("Before (s)"), preRoll);
    fields.addRow(3, new Label("After (s)"), postRoll);
    fields.addRow(4, new Label("Note"), note);

    add.setId("bookmark-add");
    add.setOnAction(event -> submit());
    ReplayDialogs.layOut(stage, owner, stylesheet, "bookmark-dialog", fields, problem, add, "Cancel", 460, 300);
    stage.setTitle("Bookmark " + replay.formatTime(at));
  }

  /**
   * Opens the dialog for the clock's moment on {@code tile}'s camera (the filling tile's or the
   * first, as the caller chose). The clock pauses so the moment is the one on screen. FX thread.
   */
  public static BookmarkDialog open(Replay replay, ReplayTile tile, Window owner, String stylesheet) {
    replay.pause();
    BookmarkDialog dialog = new BookmarkDialog(replay, tile, owner, stylesheet);
    dialog.stage.show();
    dialog.note.requestFocus();
    return dialog;
  }

  public Stage stage() {
    return stage;
  }

  private void submit() {
    ReplayTile tile = camera.getValue();
    if (tile == null) {
      problem.setText("Camera: choose the camera the bookmark is about.");
      return;
    }
    String text = note.getText().strip();
    Duration before = Duration.ofSeconds(preRoll.getValue());
    Duration after = Duration.ofSeconds(postRoll.getValue());
    problem.setText("Adding…");
    String incidentId = replay.timeline().incident().id();
    ReplayDialogs.ask(replay, problem, add, () -> replay.broker().orElseThrow().addBookmark(incidentId, at, tile.cameraId(), text, before, after), added -> {
      replay.marks().refresh();
      stage.close();
    });
  }

  private static ListCell<ReplayTile> tileCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(ReplayTile tile, boolean empty) {
        super.updateItem(tile, empty);
        setText(empty || tile == null ? "" : tile.cameraName());
      }
    };
  }
}
