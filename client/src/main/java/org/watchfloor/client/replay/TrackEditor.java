package org.watchfloor.client.replay;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.Track;

/**
 * Builds the incident's tracks: pick camera bookmarks, put them in the order followed, name the
 * track and save it at the broker; open a saved track to change, delete or replay it. Lists follow
 * the incident's marks, so bookmarks and tracks saved on other clients appear here too.
 */
public final class TrackEditor {

  private final Stage stage = new Stage();
  private final Replay replay;
  private final ComboBox<Optional<Track>> track = new ComboBox<>();
  private final TextField name = new TextField();
  private final ListView<TimelineEntry> bookmarks = new ListView<>();
  private final ObservableList<TimelineEntry> steps = FXCollections.observableArrayList();
  private final ListView<TimelineEntry> stepList = new ListView<>(steps);
  private final Label status = new Label();
  private final Button save = new Button("Save track");
  private final Button delete = new Button("Delete");
  private final Consumer<TrackPlayback> playing;

  private TrackEditor(Replay replay, Window owner, String stylesheet, Consumer<TrackPlayback> playing) {
    this.replay = replay;
    this.playing = playing;
    track.setId("track-choice");
    track.setCellFactory(list -> trackCell());
    track.setButtonCell(trackCell());
    track.setMaxWidth(Double.MAX_VALUE);
    track.valueProperty().addListener((observable, before, chosen) -> {
      if (chosen != null) {
        edit(chosen);
      }
    });
    name.setId("track-name");
    name.setPromptText("What it follows, e.g. \"Grey sedan eastbound\"");
    bookmarks.setId("track-bookmarks");
    bookmarks.setCellFactory(list -> bookmarkCell());
    bookmarks.setPlaceholder(new Label("No camera bookmarks yet: bookmark a moment on a camera (B)."));
    stepList.setId("track-steps");
    stepList.setCellFactory(list -> bookmarkCell());
    stepList.setPlaceholder(new Label("Add bookmarks in the order the track follows them."));
    status.getStyleClass().add("replay-notice");
    status.setWrapText(true);

    Button addStep = new Button("Add step →");
    addStep.setId("track-add-step");
    addStep.setOnAction(event -> {
      TimelineEntry chosen = bookmarks.getSelectionModel().getSelectedItem();
      if (chosen != null && !steps.contains(chosen)) {
        steps.add(chosen);
      }
    });
    Button up = new Button("Up");
    up.setOnAction(event -> move(-1));
    Button down = new Button("Down");
    down.setOnAction(event -> move(1));
    Button remove = new Button("Remove");
    remove.setOnAction(event -> steps.remove(stepList.getSelectionModel().getSelectedItem()));
    save.setId("track-save");
    save.setOnAction(event -> save());
    delete.setId("track-delete");
    delete.setOnAction(event -> delete());
    Button replayTrack = new Button("Replay track");
    replayTrack.setId("track-replay");
    replayTrack.setOnAction(event -> track.getValue().ifPresentOrElse(
        saved -> playing.accept(replay.playTrack(saved)),
        () -> status.setText("Save the track first: a replay follows a saved track.")));

    GridPane head = new GridPane();
    head.setHgap(8);
    head.setVgap(6);
    head.addRow(0, new Label("Track"), track);
    head.addRow(1, new Label("Name"), name);
    GridPane.setHgrow(track, Priority.ALWAYS);
    GridPane.setHgrow(name, Priority.ALWAYS);
    VBox left = new VBox(4, new Label("Camera bookmarks"), bookmarks);
    VBox middle = new VBox(6, addStep);
    middle.setAlignment(Pos.CENTER);
    VBox right = new VBox(4, new Label("Steps, in order"), stepList, new HBox(6, up, down, remove));
    VBox.setVgrow(bookmarks, Priority.ALWAYS);
    VBox.setVgrow(stepList, Priority.ALWAYS);
    HBox.setHgrow(left, Priority.ALWAYS);
    HBox.setHgrow(right, Priority.ALWAYS);
    HBox lists = new HBox(8, left, middle, right);
    VBox.setVgrow(lists, Priority.ALWAYS);
    Button close = new Button("Close");
    close.setCancelButton(true);
    close.setOnAction(event -> stage.close());
    HBox buttons = new HBox(8, save, delete, replayTrack, close);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    VBox root = new VBox(10, head, lists, status, buttons);
    root.getStyleClass().addAll("command-center", "track-editor");
    root.setPadding(new Insets(14));
    Scene scene = new Scene(root, 820, 460);
    scene.getStylesheets().add(stylesheet);
    stage.setScene(scene);
    stage.initOwner(owner);
    stage.setTitle("Tracks — " + replay.timeline().incident().cadNumber());

    replay.marks().shownProperty().addListener(observable -> marksChanged());
    marksChanged();
    track.setValue(Optional.empty());
  }

  /** Opens the editor; {@code playing} hears of each track replay started from it. FX thread. */
  public static TrackEditor open(Replay replay, Window owner, String stylesheet, Consumer<TrackPlayback> playing) {
    TrackEditor editor = new TrackEditor(replay, owner, stylesheet, playing);
    editor.stage.show();
    return editor;
  }

  public Stage stage() {
    return stage;
  }

  /** The lists follow the marks; the track being edited keeps its steps (its revision is the one read). */
  private void marksChanged() {
    IncidentMarks.Shown shown = replay.marks().shown();
    bookmarks.getItems().setAll(shown.cameraBookmarks());
    Optional<Track> chosen = track.getValue();
    ObservableList<Optional<Track>> choices = FXCollections.observableArrayList();
    choices.add(Optional.empty());
    shown.tracks().forEach(saved -> choices.add(Optional.of(saved)));
    track.getItems().setAll(choices);
    if (chosen != null) {
      track.setValue(chosen.flatMap(read -> shown.tracks().stream().filter(saved -> saved.id().equals(read.id())).findFirst()
          .map(saved -> saved.revision() == read.revision() ? saved : read)));
    }
  }

  private void edit(Optional<Track> chosen) {
    name.setText(chosen.map(Track::name).orElse(""));
    steps.setAll(chosen.map(saved -> replay.marks().shown().steps(saved)).orElse(List.of()));
    delete.setDisable(chosen.isEmpty());
    status.setText("");
  }

  private void move(int by) {
    int at = stepList.getSelectionModel().getSelectedIndex();
    int to = at + by;
    if (at < 0 || to < 0 || to >= steps.size()) {
      return;
    }
    TimelineEntry moved = steps.remove(at);
    steps.add(to, moved);
    stepList.getSelectionModel().clearAndSelect(to);
  }

  private void save() {
    Optional<Track> changed = track.getValue() == null ? Optional.empty() : track.getValue();
    String named = name.getText().strip();
    List<String> ids = steps.stream().map(TimelineEntry::id).toList();
    String incidentId = replay.timeline().incident().id();
    save.setDisable(true);
    status.setText("Saving…");
    replay.background(() -> {
      try {
        Track saved = replay.broker().orElseThrow().saveTrack(incidentId, changed, named, ids);
        replay.fx(() -> {
          save.setDisable(false);
          status.setText("Saved \"" + saved.name() + "\" with " + saved.bookmarkIds().size() + " steps.");
          track.getItems().add(Optional.of(saved));
          track.setValue(Optional.of(saved));
          replay.marks().refresh();
        });
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> {
          save.setDisable(false);
          status.setText("The broker refused: " + refusal.getMessage());
        });
      }
    });
  }

  private void delete() {
    Optional<Track> chosen = track.getValue() == null ? Optional.empty() : track.getValue();
    chosen.ifPresent(doomed -> replay.background(() -> {
      try {
        replay.broker().orElseThrow().deleteTrack(doomed);
        replay.fx(() -> {
          status.setText("Deleted \"" + doomed.name() + "\"; its bookmarks stay.");
          track.getItems().remove(Optional.of(doomed));
          track.setValue(Optional.empty());
          replay.marks().refresh();
        });
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> status.setText("The broker refused: " + refusal.getMessage()));
      }
    }));
  }

  private ListCell<TimelineEntry> bookmarkCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(TimelineEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        setText(empty || entry == null ? "" : replay.formatTime(entry.at()) + "  " + replay.cameraName(entry.cameraId()) + " — " + entry.text());
      }
    };
  }

  private static ListCell<Optional<Track>> trackCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(Optional<Track> item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? "" : item.map(saved -> saved.name() + "  (" + saved.bookmarkIds().size() + " steps, " + saved.author() + ")")
            .orElse("New track"));
      }
    };
  }
}
