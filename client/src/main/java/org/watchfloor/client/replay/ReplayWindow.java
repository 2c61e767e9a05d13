package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.EvidenceMarks;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileGrid;
import org.watchfloor.client.wall.WallLayout;

/**
 * The replay of one incident in a window of its own: the transport controls and speed, the replay
 * wall, and the time axis with the window replayed (in the center's time zone). Every control has
 * a key (handled in {@link #key}, listed in the README); closing the window ends the recordings' sessions.
 */
public final class ReplayWindow {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE d MMM yyyy  HH:mm:ss.SSS zzz");
  private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");

  private final Stage stage = new Stage();
  private final Optional<BrokerConnection> broker;
  private final Optional<PlayerPool> pool;
  private final String videoProblem;
  private final Incident incident;
  private final ZoneId zone;
  private final String stylesheet;
  private final BorderPane root = new BorderPane();
  private final Label notice = new Label();
  private final TextField from = new TextField();
  private final TextField to = new TextField();
  private Replay replay;
  private TimeAxis axis;
  private Optional<CameraMapModel> map = Optional.empty();
  /** What closes with the window besides the replay (an evidence package's folder and server). */
  private final List<AutoCloseable> closing = new ArrayList<>();

  private ReplayWindow(Optional<BrokerConnection> broker, Optional<PlayerPool> pool, String videoProblem, Incident incident, ZoneId zone,
      String stylesheet) {
    this.broker = broker;
    this.pool = pool;
    this.videoProblem = videoProblem;
    this.incident = incident;
    this.zone = zone;
    this.stylesheet = stylesheet;
    root.getStyleClass().addAll("command-center", "replay");
    notice.getStyleClass().add("replay-notice");
    notice.setWrapText(true);
    root.setCenter(new Label("Asking the broker for the incident's timeline and recordings…"));
    Scene scene = new Scene(root, 1440, 900);
    scene.getStylesheets().add(stylesheet);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    stage.setScene(scene);
    stage.setTitle("Replay — " + incident.cadNumber() + " · " + incident.type());
    stage.setFullScreenExitHint("F11 or Esc leaves full screen");
    stage.setOnHidden(event -> {
      if (replay != null) {
        replay.close();
      }
      map.ifPresent(shown -> shown.evidenceMarks().remove(incident.id()));
      for (AutoCloseable resource : closing) {
        try {
          resource.close();
        } catch (Exception e) {
          java.util.logging.Logger.getLogger(ReplayWindow.class.getName()).log(java.util.logging.Level.FINE, "closing the replay's " + resource, e);
        }
      }
    });
  }

  /**
   * Opens the replay of {@code incident}: shows the window at once and fills it when the broker
   * answers with the timeline (or shows its reason). Times in {@code zone}, the center's. FX thread.
   */
  public static ReplayWindow open(BrokerConnection broker, LiveVideo video, Incident incident, ZoneId zone, String stylesheet) {
    ReplayWindow window = new ReplayWindow(Optional.of(broker), video.pool(), video.videoProblem(), incident, zone, stylesheet);
    window.stage.show();
    window.load(Optional.empty());
    return window;
  }

  /**
   * Opens an evidence package's replay, offline: {@code recordings} serves the package's files,
   * {@code timeline} is the one it carries, its tiles are laid out on {@code grid} (the package's
   * own wall) and the clock starts at {@code clockStart}; the bookmark,
   * track and footage-request actions (which need the broker) are not offered. {@code verdict} is
   * said under the time axis ({@code problem}: the package did not verify); {@code resources}
   * close with the window. FX thread.
   */
  public static ReplayWindow openPackage(RecordingSource recordings, IncidentTimeline timeline, String caseNumber, PackageGrid grid, Instant clockStart,
      Optional<PlayerPool> pool, String videoProblem, String title, String verdict, boolean problem, ZoneId zone, String stylesheet,
      AutoCloseable... resources) {
    ReplayWindow window = new ReplayWindow(Optional.empty(), pool, videoProblem, timeline.incident(), zone, stylesheet);
    window.closing.addAll(List.of(resources));
    window.stage.setTitle(title);
    window.stage.show();
    window.present(Replay.ofPackage(recordings, pool, videoProblem, timeline, caseNumber, grid, clockStart, zone));
    window.say(verdict, problem);
    window.replay.start();
    return window;
  }

  public Stage stage() {
    return stage;
  }

  /** Shows the incident's bookmarks (at their cameras) and tracks (as paths) on {@code mapModel}'s map while the window is open. */
  public ReplayWindow showOnMap(CameraMapModel mapModel) {
    map = Optional.of(mapModel);
    if (replay != null) {
      publishOnMap(replay);
    }
    return this;
  }

  private void publishOnMap(Replay shown) {
    map.ifPresent(model -> {
      InvalidationListener publish = observable -> {
        if (replay == shown && stage.isShowing()) {
          model.evidenceMarks().put(incident.id(), shown.marks().shown().onMap(
              cameraId -> model.camera(cameraId).map(camera -> new EvidenceMarks.Place(camera.latitude(), camera.longitude()))));
        }
      };
      shown.marks().shownProperty().addListener(publish);
      publish.invalidated(null);
    });
  }

  /** The replay shown; empty until the broker answered. */
  public Optional<Replay> replay() {
    return Optional.ofNullable(replay);
  }

  /** What the window says about the last request (e.g. the broker's reason for refusing a window). */
  public String notice() {
    return notice.getText();
  }

  /** Replays [{@code start}, {@code end}) instead, if the broker allows it; else shows its reason. */
  public void replayWindow(Instant start, Instant end) {
    load(Optional.of(new Window(start, end)));
  }

  /** A window asked for instead of the broker's default. */
  private record Window(Instant start, Instant end) {}

  private void load(Optional<Window> window) {
    say("Asking the broker…", false);
    BrokerConnection broker = this.broker.orElseThrow();
    Thread call = new Thread(() -> {
      try {
        IncidentTimeline timeline = window.isEmpty() ? broker.timeline(incident.id())
            : broker.timeline(incident.id(), replay == null ? 0 : replay.timeline().radiusMeters(), window.get().start(), window.get().end());
        javafx.application.Platform.runLater(() -> show(timeline));
      } catch (BrokerRefusal refusal) {
        javafx.application.Platform.runLater(() -> say("The broker refused: " + refusal.getMessage()
            + (replay == null ? "" : " (the replay shown stays)"), true));
      }
    }, "replay-timeline");
    call.setDaemon(true);
    call.start();
  }

  private void show(IncidentTimeline timeline) {
    if (!stage.isShowing()) {
      return;
    }
    if (replay != null && timeline.recordings().isEmpty()) {
      // Nothing to replay there: the wall the supervisor was watching stays rather than going blank.
      say("Nothing to replay from " + FIELD.format(timeline.windowStart().atZone(zone)) + " to " + FIELD.format(timeline.windowEnd().atZone(zone))
          + ": no camera within " + Math.round(timeline.radiusMeters()) + " m has a recording there that you may play. The replay shown stays.", true);
      showWindow(replay.timeline());
      return;
    }
    present(new Replay(broker.orElseThrow(), pool, videoProblem, timeline,
        new ViewPurpose(incident.cadNumber(), incident.id(), "incident replay"), zone));
    long recorded = replay.tiles().size();
    say(recorded == 0
        ? "No camera within " + Math.round(timeline.radiusMeters()) + " m has a recording you may play in this window."
        : recorded + " camera" + (recorded == 1 ? "" : "s") + " within " + Math.round(timeline.radiusMeters()) + " m with recordings.", recorded == 0);
    replay.start();
  }

  /** Shows {@code shown} in place of the replay shown (which closes) and starts it. */
  private void present(Replay shown) {
    if (replay != null) {
      replay.close();
    }
    replay = shown;
    axis = new TimeAxis(replay);
    root.setTop(toolbar(replay));
    root.setCenter(new ReplayWallView(replay));
    root.setBottom(bottom(replay, axis));
    publishOnMap(replay);
  }

  private HBox toolbar(Replay shown) {
    ReplayClock clock = shown.clock();
    Button play = new Button();
    play.textProperty().bind(Bindings.when(clock.playingProperty()).then("❚❚ Pause").otherwise("▶ Play"));
    play.setOnAction(event -> shown.togglePlay());
    play.setTooltip(new Tooltip("Play / pause (Space)"));
    ComboBox<Double> speed = new ComboBox<>();
    for (double rate : ReplayClock.SPEEDS) {
      speed.getItems().add(rate);
    }
    speed.setConverter(new StringConverter<>() {
      @Override
      public String toString(Double rate) {
        return rate == null ? "" : rate >= 1 ? Math.round(rate) + "x" : "1/" + Math.round(1 / rate) + "x";
      }

      @Override
      public Double fromString(String text) {
        return 1.0;
      }
    });
    speed.setValue(clock.rate());
    clock.rateProperty().addListener((observable, before, rate) -> speed.setValue(rate.doubleValue()));
    speed.setOnAction(event -> {
      if (speed.getValue() != null && speed.getValue() != clock.rate()) {
        shown.setRate(speed.getValue());
      }
    });
    speed.setTooltip(new Tooltip("Speed ([ slower, ] faster)"));
    speed.setFocusTraversable(false);

    ComboBox<TileGrid> layout = new ComboBox<>();
    if (!(shown.layoutProperty().get() instanceof WallLayout)) {
      layout.getItems().add(shown.layoutProperty().get()); // a package's own wall, offered first
    }
    layout.getItems().addAll(WallLayout.values());
    layout.valueProperty().bindBidirectional(shown.layoutProperty());
    layout.setFocusTraversable(false);

    Label now = new Label();
    now.getStyleClass().add("replay-clock");
    now.textProperty().bind(Bindings.createStringBinding(() -> CLOCK.format(clock.positionProperty().get().atZone(zone)), clock.positionProperty()));
    Label spread = new Label();
    spread.getStyleClass().add("replay-spread");
    spread.setTooltip(new Tooltip("Largest minus smallest offset of the tiles in step, measured from the time code in their pictures"));
    clock.positionProperty().addListener(observable -> spread.setText(shown.spread().map(d -> "spread " + d.toMillis() + " ms").orElse("")));

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(6,
        button("« Event", "Previous event (Page Up)", () -> shown.jumpToEvent(false)),
        button("−60 s", "Ctrl+Left", () -> shown.jump(Duration.ofSeconds(-60))),
        button("−15 s", "Shift+Left", () -> shown.jump(Duration.ofSeconds(-15))),
        button("−5 s", "Left", () -> shown.jump(Duration.ofSeconds(-5))),
        button("◀ Frame", "One frame back (,)", () -> shown.step(-1)),
        play,
        button("Frame ▶", "One frame on (.)", () -> shown.step(1)),
        button("+5 s", "Right", () -> shown.jump(Duration.ofSeconds(5))),
        button("+15 s", "Shift+Right", () -> shown.jump(Duration.ofSeconds(15))),
        button("+60 s", "Ctrl+Right", () -> shown.jump(Duration.ofSeconds(60))),
        button("Event »", "Next event (Page Down)", () -> shown.jumpToEvent(true)),
        speed, layout);
    if (broker.isPresent()) {
      bar.getChildren().addAll(
          button("Bookmark…", "Bookmark this moment on a camera (B)", this::bookmark),
          button("Tracks…", "Build, save and replay tracks of bookmarks (T)", this::tracks),
          button("Request footage…", "Ask the owner of a registered camera nearby for this window's footage (R)", this::requestFootage));
    }
    bar.getChildren().addAll(spacer, now, spread);
    bar.getStyleClass().add("wall-toolbar");
    bar.setAlignment(Pos.CENTER_LEFT);
    keepPreferredWidths(bar, spacer);
    return bar;
  }

  /** Opens the bookmark dialog for the clock's moment on the tile filling the wall, else the first. */
  public Optional<BookmarkDialog> bookmark() {
    if (replay == null || replay.tiles().isEmpty() || broker.isEmpty()) {
      return Optional.empty();
    }
    int filling = replay.fillingProperty().get();
    ReplayTile tile = replay.tiles().get(filling >= 0 ? filling : 0);
    return Optional.of(BookmarkDialog.open(replay, tile, stage, stylesheet));
  }

  /** Opens the footage request for the registered (Level 1) cameras near the incident, over the replay's window. */
  public Optional<FootageRequestDialog> requestFootage() {
    if (replay == null || broker.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(FootageRequestDialog.open(replay, stage, stylesheet));
  }

  /** Opens the track editor; a track it replays reports its steps in the notice line. */
  public Optional<TrackEditor> tracks() {
    if (replay == null || broker.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TrackEditor.open(replay, stage, stylesheet,
        playback -> playback.progressProperty().addListener((observable, before, progress) -> notice.setText(progress))));
  }

  private VBox bottom(Replay shown, TimeAxis timeAxis) {
    showWindow(shown.timeline());
    from.setPrefColumnCount(11);
    to.setPrefColumnCount(11);
    Button apply = new Button("Replay this window");
    apply.setOnAction(event -> applyWindow());
    Label zoneName = new Label(zone.getId());
    HBox window = new HBox(6, new Label("From"), from, new Label("to"), to, zoneName, apply,
        button("Zoom in", "+", () -> timeAxis.zoomAtCursor(0.5)), button("Zoom out", "-", () -> timeAxis.zoomAtCursor(2)), notice);
    if (broker.isEmpty()) {
      // A package holds its own window: nothing else to ask for.
      window.getChildren().remove(0, 6);
    }
    window.getStyleClass().add("wall-toolbar");
    window.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(notice, Priority.ALWAYS);
    // A long notice (the broker's reason) wraps; the fields and buttons keep their size.
    keepPreferredWidths(window, notice);
    return new VBox(timeAxis, window);
  }

  /** Every control of {@code bar} but {@code growing} keeps its preferred width when the window narrows. */
  private static void keepPreferredWidths(HBox bar, Region growing) {
    bar.getChildren().forEach(child -> {
      if (child instanceof Region region && child != growing) {
        region.setMinWidth(Region.USE_PREF_SIZE);
      }
    });
  }

  /** The window fields show {@code timeline}'s window. */
  private void showWindow(IncidentTimeline timeline) {
    from.setText(FIELD.format(timeline.windowStart().atZone(zone)));
    to.setText(FIELD.format(timeline.windowEnd().atZone(zone)));
  }

  /** Says {@code text} under the time axis; a {@code problem} stands out (the broker's refusal, nothing to replay). */
  private void say(String text, boolean problem) {
    notice.setText(text);
    notice.pseudoClassStateChanged(PROBLEM, problem);
  }

  private void applyWindow() {
    try {
      Instant start = LocalDateTime.parse(from.getText().strip(), FIELD).atZone(zone).toInstant();
      Instant end = LocalDateTime.parse(to.getText().strip(), FIELD).atZone(zone).toInstant();
      replayWindow(start, end);
    } catch (DateTimeParseException e) {
      say("From and to: a time such as " + FIELD.format(Instant.now().atZone(zone)) + " (in " + zone.getId() + "), not '"
          + e.getParsedString() + "'.", true);
    }
  }

  private static Button button(String text, String tip, Runnable action) {
    Button button = new Button(text);
    button.setTooltip(new Tooltip(tip));
    button.setOnAction(event -> action.run());
    button.setFocusTraversable(false);
    return button;
  }

  /** The shortcuts, caught before the focused control (a text field keeps its own keys). */
  private void key(KeyEvent event) {
    if (replay == null || event.getTarget() instanceof TextField) {
      return;
    }
    KeyCode code = event.getCode();
    boolean handled = true;
    if (code == KeyCode.SPACE) {
      replay.togglePlay();
    } else if (code == KeyCode.LEFT || code == KeyCode.RIGHT) {
      int seconds = event.isShortcutDown() ? 60 : event.isShiftDown() ? 15 : 5;
      replay.jump(Duration.ofSeconds(code == KeyCode.LEFT ? -seconds : seconds));
    } else if (code == KeyCode.COMMA) {
      replay.step(-1);
    } else if (code == KeyCode.PERIOD) {
      replay.step(1);
    } else if (code == KeyCode.OPEN_BRACKET) {
      replay.changeSpeed(-1);
    } else if (code == KeyCode.CLOSE_BRACKET) {
      replay.changeSpeed(1);
    } else if (code == KeyCode.DIGIT1 && !event.isShortcutDown()) {
      replay.setRate(1);
    } else if (code == KeyCode.PAGE_UP) {
      replay.jumpToEvent(false);
    } else if (code == KeyCode.PAGE_DOWN) {
      replay.jumpToEvent(true);
    } else if (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD) {
      axis.zoomAtCursor(0.5);
    } else if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
      axis.zoomAtCursor(2);
    } else if (code == KeyCode.B && !event.isShortcutDown()) {
      bookmark();
    } else if (code == KeyCode.T && !event.isShortcutDown()) {
      tracks();
    } else if (code == KeyCode.R && !event.isShortcutDown()) {
      requestFootage();
    } else if (code == KeyCode.F11) {
      stage.setFullScreen(!stage.isFullScreen());
    } else if (event.isShortcutDown() && code.isDigitKey() && code.getCode() >= KeyCode.DIGIT1.getCode() && code.getCode() <= KeyCode.DIGIT4.getCode()) {
      WallLayout[] grids = {WallLayout.GRID_1, WallLayout.GRID_2, WallLayout.GRID_3, WallLayout.GRID_4};
      replay.layoutProperty().set(grids[code.getCode() - KeyCode.DIGIT1.getCode()]);
    } else {
      handled = false;
    }
    if (handled) {
      event.consume();
    }
  }

  /** Closes the window; the recordings' sessions end with it. */
  public void close() {
    stage.close();
  }
}
