package org.watchfloor.client.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.RequestedFootage;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.Track;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.proto.v1.IncidentStatus;

/**
 * Bookmarks and tracks on the replay's timeline against the real broker: two clients (a supervisor
 * and an analyst) replay the demo's open robbery; what one adds reaches the other's time axis
 * without reopening. No video is decoded here (the tiles say so): the timeline is under test.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayTimelineTest {

  private static final ZoneId CENTER = ZoneId.of("America/New_York");
  private static final String CSS = StatusBar.class.getResource("watchfloor.css").toExternalForm();

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection sam;
  private BrokerConnection ana;
  private String robbery;
  private final List<Replay> replays = new java.util.ArrayList<>();

  /** A replay on screen: its model, its time axis and its stage. */
  private record Shown(Replay replay, TimeAxis axis, Stage stage) {}

  @BeforeEach
  void startBroker() throws Exception {
    broker = DemoBroker.start(dataDir);
    sam = broker.connect("sam");
    ana = broker.connect("ana");
    robbery = broker.broker().incidents().list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
        .filter(incident -> incident.getType().toLowerCase().contains("robbery")).findFirst().orElseThrow().getId();
  }

  @AfterEach
  void stop() throws Exception {
    for (Replay replay : replays) {
      WaitForAsyncUtils.asyncFx(replay::close).get(30, TimeUnit.SECONDS);
    }
    sam.close();
    ana.close();
    broker.close();
    FxToolkit.cleanupStages();
  }

  private Shown show(BrokerConnection connection, double x) throws Exception {
    IncidentTimeline timeline = connection.timeline(robbery);
    String who = connection.me().label();
    return onFx(() -> {
      Replay replay = new Replay(connection, Optional.empty(), "no video in this test", timeline,
          new ViewPurpose(timeline.incident().cadNumber(), timeline.incident().id(), "timeline test"), CENTER);
      replays.add(replay);
      TimeAxis axis = new TimeAxis(replay);
      BorderPane root = new BorderPane(new Label(who));
      root.setBottom(axis);
      Stage stage = new Stage();
      stage.setScene(new Scene(root, 790, 560));
      stage.getScene().getStylesheets().add(CSS);
      stage.setX(x);
      stage.setY(0);
      stage.show();
      replay.start();
      return new Shown(replay, axis, stage);
    });
  }

  @Test
  void aBookmarkAddedOnOneClientAppearsOnTheOtherClientsTimelineWithItsDetailsAndTakesItsClockThere(FxRobot robot) throws Exception {
    Shown supervisor = show(sam, 0);
    Shown analyst = show(ana, 800);
    ReplayTile tile = onFx(() -> supervisor.replay().tiles().get(1));
    Instant at = onFx(() -> supervisor.replay().clock().now());

    BookmarkDialog dialog = onFx(() -> BookmarkDialog.open(supervisor.replay(), tile, supervisor.stage(), CSS));
    robot.clickOn("#bookmark-note").write("grey sedan turns north");
    @SuppressWarnings("unchecked")
    Spinner<Integer> preRoll = robot.lookup("#bookmark-pre-roll").queryAs(Spinner.class);
    onFxRun(() -> preRoll.getValueFactory().setValue(20));
    robot.clickOn("#bookmark-add");
    waitFor("the dialog closes once the broker took the bookmark", () -> !dialog.stage().isShowing());

    // The analyst's replay was opened before the bookmark existed and is not reopened.
    waitFor("the bookmark reaches the analyst's timeline", () -> analyst.replay().marks().shown().cameraBookmarks().stream()
        .anyMatch(entry -> entry.text().equals("grey sedan turns north")));
    TimelineEntry seen = onFx(() -> analyst.replay().marks().shown().cameraBookmarks().stream()
        .filter(entry -> entry.text().equals("grey sedan turns north")).findFirst().orElseThrow());
    assertEquals(tile.cameraId(), seen.cameraId());
    assertTrue(seen.author().startsWith("sam") || seen.author().startsWith("Sam"), seen.author());
    assertTrue(Duration.between(at, seen.at()).abs().toMillis() <= 1, "bookmarked " + seen.at() + ", the clock was at " + at);
    TimelineEntry.Window kept = seen.window().orElseThrow();
    assertEquals(Duration.ofSeconds(30), Duration.between(kept.start(), kept.end()), "20 s before and the default 10 s after");

    waitFor("the analyst's axis draws it", () -> analyst.axis().markPosition(seen.id()).isPresent());
    onFxRun(() -> analyst.replay().seek(analyst.replay().clock().earliest()));
    Point2D mark = onFx(() -> analyst.axis().localToScreen(analyst.axis().markPosition(seen.id()).orElseThrow()));
    robot.moveTo(mark);
    waitFor("pointing at it shows its details", () -> analyst.axis().pointedDetails().map(text -> text.contains("grey sedan turns north")
        && text.contains(tile.cameraName()) && text.contains(seen.author())).orElse(false));
    robot.clickOn(mark);
    waitFor("clicking it moves the analyst's clock to the bookmark", () -> Duration.between(seen.at(), analyst.replay().clock().now()).abs()
        .compareTo(TimeCode.FRAME) < 0);
  }

  @Test
  void aTrackIsBuiltFromBookmarksInOrderSavedShownOnBothTimelinesReplayedStepByStepAndDeleted(FxRobot robot) throws Exception {
    Shown supervisor = show(sam, 0);
    Shown analyst = show(ana, 800);
    List<ReplayTile> tiles = onFx(() -> supervisor.replay().tiles());
    Instant end = onFx(() -> supervisor.replay().clock().latest());
    TimelineEntry first = sam.addBookmark(robbery, end.minusSeconds(90), tiles.get(0).cameraId(), "sedan enters", Duration.ofSeconds(5), Duration.ofSeconds(5));
    TimelineEntry second = sam.addBookmark(robbery, end.minusSeconds(60), tiles.get(1).cameraId(), "sedan leaves", Duration.ofSeconds(5), Duration.ofSeconds(5));
    waitFor("both bookmarks are on the supervisor's timeline", () -> supervisor.replay().marks().shown().cameraBookmarks().size() >= 2);

    TrackEditor editor = onFx(() -> TrackEditor.open(supervisor.replay(), supervisor.stage(), CSS, playback -> { }));
    @SuppressWarnings("unchecked")
    ListView<TimelineEntry> bookmarks = robot.lookup("#track-bookmarks").queryAs(ListView.class);
    for (TimelineEntry bookmark : List.of(first, second)) {
      onFxRun(() -> bookmarks.getSelectionModel().select(bookmarks.getItems().stream()
          .filter(entry -> entry.id().equals(bookmark.id())).findFirst().orElseThrow()));
      robot.clickOn("#track-add-step");
    }
    @SuppressWarnings("unchecked")
    ListView<TimelineEntry> steps = robot.lookup("#track-steps").queryAs(ListView.class);
    onFxRun(() -> steps.getSelectionModel().select(1));
    robot.clickOn("Up");
    robot.clickOn("#track-name").write("Grey sedan westbound");
    robot.clickOn("#track-save");

    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !sam.timeline(robbery).tracks().isEmpty());
    Track saved = sam.timeline(robbery).tracks().get(0);
    assertEquals("Grey sedan westbound", saved.name());
    assertEquals(List.of(second.id(), first.id()), saved.bookmarkIds(), "the steps in the order put");
    waitFor("the analyst's axis draws the track's steps", () -> analyst.axis().markPosition(saved.id() + "#1").isPresent()
        && analyst.axis().markPosition(saved.id() + "#2").isPresent());

    robot.clickOn("#track-replay");
    waitFor("the first step's camera fills the wall, playing its window", () -> supervisor.replay().fillingProperty().get() == 1
        && supervisor.replay().clock().playing()
        && !supervisor.replay().clock().now().isBefore(second.window().orElseThrow().start().minus(TimeCode.FRAME)));

    robot.clickOn("#track-delete");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> sam.timeline(robbery).tracks().isEmpty());
    waitFor("the analyst's axis drops it", () -> analyst.axis().markPosition(saved.id() + "#1").isEmpty());
    onFxRun(() -> editor.stage().close());
  }

  @Test
  void aRegisteredCameraNearTheIncidentIsAskedForTheReplaysWindowAndTheRequestShowsOnTheTimeline(FxRobot robot) throws Exception {
    Shown supervisor = show(sam, 0);
    IncidentTimeline timeline = onFx(() -> supervisor.replay().timeline());

    FootageRequestDialog dialog = onFx(() -> FootageRequestDialog.open(supervisor.replay(), supervisor.stage(), CSS));
    @SuppressWarnings("unchecked")
    ComboBox<Camera> cameras = robot.lookup("#footage-camera").queryAs(ComboBox.class);
    waitFor("the broker lists the registered cameras nearby", () -> !cameras.getItems().isEmpty());
    assertTrue(onFx(() -> cameras.getItems().stream().allMatch(camera -> camera.type() == CameraType.REGISTERED)),
        "only Level 1 cameras are offered: the others are seen live or recorded");
    Camera asked = onFx(cameras::getValue);
    assertEquals(timeline.incident().cadNumber(), onFx(() -> robot.lookup("#footage-case").queryAs(TextField.class).getText()));
    robot.clickOn("#footage-send");
    waitFor("the broker accepted the request", () -> dialog.answer().startsWith("Sent"));

    RequestedFootage sent = sam.footageRequests(timeline.incident().cadNumber()).stream()
        .filter(request -> request.cameraIds().contains(asked.id())).findFirst().orElseThrow();
    assertEquals(timeline.windowStart(), sent.windowStart());
    assertEquals(timeline.windowEnd(), sent.windowEnd());
    waitFor("the request shows in the replay's footage-request row", () -> supervisor.replay().marks().shown().requests().stream()
        .anyMatch(request -> request.id().equals(sent.id())));
    onFxRun(() -> dialog.stage().close());
  }

  private void waitFor(String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after 30 s waiting until " + what, e);
    }
  }

  private static <T> T onFx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  private static void onFxRun(Runnable action) throws Exception {
    WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
  }
}
