package org.watchfloor.client.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.net.PlaybackTicket;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.PlayerPool;

/**
 * The replay wall against the real broker and its simulator, decoding with the real libVLC: four
 * recordings on one clock, their sync measured from the time code in every frame.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayTest {

  private static final ZoneId CENTER = ZoneId.of("America/New_York");

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private PlayerPool pool;
  private Replay replay;
  private final CameraMapModel model = new CameraMapModel();

  @BeforeEach
  void startBroker() throws Exception {
    broker = DemoBroker.start(dataDir);
    connection = broker.following("sam", model);
    pool = PlayerPool.open().pool().orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    if (replay != null) {
      WaitForAsyncUtils.asyncFx(() -> replay.close()).get(30, TimeUnit.SECONDS);
    }
    if (pool != null) {
      pool.close();
    }
    connection.close();
    broker.close();
    FxToolkit.cleanupStages();
  }

  /** The demo's open incident with the most cameras recorded near it, over the last quarter hour. */
  private IncidentTimeline busiestTimeline() throws Exception {
    waitFor("incidents arrive", () -> !model.incidents().isEmpty());
    Instant end = Instant.now().minusSeconds(30);
    Instant start = end.minus(Duration.ofMinutes(15));
    IncidentTimeline best = null;
    for (Incident incident : onFx(() -> List.copyOf(model.incidents().values()))) {
      IncidentTimeline timeline = connection.timeline(incident.id(), 500, start, end);
      if (best == null || cameraIds(timeline).size() > cameraIds(best).size()) {
        best = timeline;
      }
    }
    assertNotNull(best);
    return best;
  }

  /** The busiest timeline cut to its {@code cameras} nearest cameras. */
  private IncidentTimeline recentTimeline(int cameras) throws Exception {
    IncidentTimeline best = busiestTimeline();
    List<String> nearest = cameraIds(best).subList(0, Math.min(cameras, cameraIds(best).size()));
    assertEquals(cameras, nearest.size(), "cameras recorded near the demo's incidents: " + cameraIds(best));
    return cut(best, nearest);
  }

  /**
   * Four cameras of the busiest timeline: one with a gap while the other three record, and two
   * gap-free minutes of all four for the seek and play steps. The simulated recorders' gaps fall at
   * a phase taken from a hash of the camera id, and the demo's ids change from run to run, so the
   * nearest four do not always have such a gap: the media server's lists of the nearest cameras
   * (through the broker's tickets, as the tiles get them) say which do.
   */
  private IncidentTimeline fourWithALoneGap() throws Exception {
    IncidentTimeline best = busiestTimeline();
    RecordingSource source = new BrokerRecordings(connection, new ViewPurpose(best.incident().cadNumber(), best.incident().id(), "replay test"));
    Map<String, RecordedSpans> listed = new LinkedHashMap<>();
    for (String camera : cameraIds(best).subList(0, Math.min(Replay.MAX_TILES, cameraIds(best).size()))) {
      PlaybackTicket ticket = source.open(camera, "", best.windowStart(), best.windowEnd());
      listed.put(camera, RecordedSpans.fetch(ticket.url()));
      source.close(ticket.sessionId());
    }
    for (Map.Entry<String, RecordedSpans> gapped : listed.entrySet()) {
      for (Instant gapStart : gapStarts(gapped.getValue())) {
        List<String> chosen = new ArrayList<>(List.of(gapped.getKey()));
        listed.forEach((camera, spans) -> {
          if (chosen.size() < 4 && !chosen.contains(camera) && recordsAround(spans, gapStart)) {
            chosen.add(camera);
          }
        });
        List<RecordedSpans> theirs = chosen.stream().map(listed::get).toList();
        if (chosen.size() == 4 && firstGapFree(theirs, firstSeek(best), best.windowEnd()).isPresent()) {
          return cut(best, chosen);
        }
      }
    }
    throw new AssertionError("no camera near the demo's incidents has a gap while three others record: " + listed);
  }

  /** Where the four-camera test looks for its first seek's moment: not on a frame's edge. */
  private static Instant firstSeek(IncidentTimeline timeline) {
    return timeline.windowStart().plus(Duration.ofMinutes(2)).plusMillis(733);
  }

  private static IncidentTimeline cut(IncidentTimeline timeline, List<String> cameras) {
    return timeline.withRecordings(timeline.recordings().stream().filter(r -> cameras.contains(r.cameraId()) && !r.ownerShared()).toList());
  }

  /** Where each gap between two recorded spans begins. */
  private static List<Instant> gapStarts(RecordedSpans spans) {
    return spans.spans().subList(0, Math.max(0, spans.spans().size() - 1)).stream().map(RecordedSpans.Span::end).toList();
  }

  /** Whether a camera records from 5 s before {@code gapStart} (the seek before the gap) to 20 s after it (playing over it). */
  private static boolean recordsAround(RecordedSpans spans, Instant gapStart) {
    return spans.at(gapStart.minusSeconds(5)).map(span -> span.covers(gapStart.plusSeconds(20))).orElse(false);
  }

  private static List<String> cameraIds(IncidentTimeline timeline) {
    return timeline.recordings().stream().filter(r -> !r.ownerShared()).map(NearbyRecording::cameraId).distinct().toList();
  }

  private void show(IncidentTimeline timeline) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> {
      replay = new Replay(connection, Optional.of(pool), "", timeline,
          new ViewPurpose(timeline.incident().cadNumber(), timeline.incident().id(), "replay test"), CENTER);
      BorderPane root = new BorderPane(new ReplayWallView(replay));
      root.setBottom(new TimeAxis(replay));
      Stage stage = new Stage();
      stage.setScene(new Scene(root, 1280, 800));
      stage.show();
      replay.start();
    }).get(10, TimeUnit.SECONDS);
  }

  @Test
  void fourRecordingsFollowOneClockThroughSeekPlaySpeedFrameStepAndAGap() throws Exception {
    IncidentTimeline timeline = fourWithALoneGap();
    show(timeline);
    // The window's first moment may fall in a camera's gap (the simulator's gaps follow the time of day).
    waitFor("every tile shows the clock's moment or says it has no recording then", () -> replay.tiles().stream()
        .allMatch(tile -> tile.inStep() || tile.state() == ReplayTileState.NO_RECORDING));

    // Seek: every tile shows the cursor's frame (or the one after: libVLC steps whole frames).
    Instant target = everyTileRecorded(firstSeek(timeline));
    seekAndSettle(target);
    for (ReplayTile tile : onFx(() -> replay.tiles())) {
      long framesOff = onFx(() -> tile.lastSeek().orElseThrow().framesOff());
      assertTrue(framesOff >= 0 && framesOff <= 1, tile.cameraId() + " shows a frame " + framesOff + " frames from the cursor's");
    }

    // Play at 1x: the spread between tiles, measured from their pictures, stays within about a frame.
    onFxRun(() -> replay.play());
    waitFor("every tile joins the running clock", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));
    List<Duration> spreads = sample(Duration.ofSeconds(20));
    System.out.println("1x spreads: " + summary(spreads));
    // The targets (p95) are the benchmark's to judge on a quiet machine; here the median
    // proves the correction works on a loaded one (uncorrected, the tiles drift apart by seconds).
    assertTrue(percentile(spreads, 50).compareTo(TimeCode.FRAME.multipliedBy(2)) <= 0, "spread at 1x: " + summary(spreads));

    // 4x: still together.
    onFxRun(() -> replay.setRate(4));
    waitFor("every tile joins the faster clock", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));
    List<Duration> fast = sample(Duration.ofSeconds(6));
    System.out.println("4x spreads: " + summary(fast));
    assertTrue(percentile(fast, 50).compareTo(Duration.ofMillis(250)) <= 0, "spread at 4x: " + summary(fast));
    onFxRun(() -> replay.setRate(1));

    // Frame step: paused, the clock and every picture move on by one frame.
    onFxRun(() -> replay.pause());
    Instant before = onFx(() -> replay.clock().now());
    onFxRun(() -> replay.step(1));
    assertEquals(TimeCode.step(before, 1), onFx(() -> replay.clock().now()));
    waitFor("every picture shows the next frame", () -> replay.tiles().stream()
        .allMatch(tile -> tile.inStep() && tile.lastSeek().map(seek -> seek.framesOff() <= 1).orElse(false)));

    // A gap: the tile says "no recording" (its last frame dimmed) while the others play on.
    // The simulated recorder leaves a 30 s gap every 10 minutes, at times of its own for each camera:
    // take a tile's gap while every other tile records (the cameras were chosen to have one).
    List<ReplayTile> tiles = onFx(() -> replay.tiles());
    ReplayTile gapped = null;
    Instant gapStart = null;
    for (ReplayTile tile : tiles) {
      for (Instant end : gapStarts(onFx(() -> tile.spansProperty().get()))) {
        if (gapped == null && tiles.stream().filter(other -> other != tile).allMatch(other -> recordsAround(other.spansProperty().get(), end))) {
          gapped = tile;
          gapStart = end;
        }
      }
    }
    assertNotNull(gapped, "a gap of one camera while the others record");
    ReplayTile overGap = gapped;
    seekAndSettle(gapStart.minusSeconds(2));
    onFxRun(() -> replay.play());
    waitFor("the tile over the gap says so while the others play on", 15, () -> overGap.state() == ReplayTileState.NO_RECORDING
        && replay.tiles().stream().filter(tile -> tile != overGap).allMatch(ReplayTile::inStep));
    assertNotNull(onFx(() -> overGap.frameProperty().get()), "the last frame stays, dimmed");
    assertTrue(onFx(() -> overGap.detailProperty().get()).startsWith("Recording resumes at "));
  }

  @Test
  void aStreamThatBreaksMidReplaySaysSoRetriesAndResumesAtTheClocksMoment() throws Exception {
    IncidentTimeline timeline = recentTimeline(2);
    show(timeline);
    waitFor("the tiles open", () -> replay.tiles().stream().allMatch(tile -> tile.spansProperty().get() != null));
    seekAndSettle(everyTileRecorded(timeline.windowStart().plus(Duration.ofMinutes(1))));
    onFxRun(() -> replay.play());
    waitFor("every tile plays with the clock", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));

    // The broker and its simulator (the media server) go away mid-replay: every connection is reset.
    int grpcPort = broker.grpcPort();
    int httpPort = broker.broker().server().httpPort();
    broker.close();
    waitFor("every tile says it lost its stream and is reopening it", () -> replay.tiles().stream().allMatch(tile ->
        tile.state() == ReplayTileState.RECONNECTING && tile.detailProperty().get().contains("Reopening it at the clock's moment")));
    for (ReplayTile tile : onFx(() -> replay.tiles())) {
      assertNotNull(onFx(() -> tile.frameProperty().get()), tile.cameraId() + " keeps its last frame (dimmed) while reconnecting");
    }
    assertTrue(onFx(() -> replay.clock().playing()), "the clock plays on without the stream");

    // Back on the same ports: the tiles' retries (with backoff) find it and rejoin the clock where it is now.
    broker = DemoBroker.start(dataDir, grpcPort, httpPort);
    waitFor("every tile is back in step with the running clock", 60, () -> replay.tiles().stream().allMatch(tile -> tile.inStep()
        && tile.offset().map(offset -> offset.abs().compareTo(TimeCode.FRAME.multipliedBy(3)) <= 0).orElse(false)));
  }

  /** The first moment from {@code from} on, in steps of 10 s, from which every tile recorded two minutes without a gap. */
  private Instant everyTileRecorded(Instant from) throws Exception {
    List<RecordedSpans> all = onFx(() -> replay.tiles().stream().map(tile -> tile.spansProperty().get()).toList());
    return firstGapFree(all, from, onFx(() -> replay.windowEnd()))
        .orElseThrow(() -> new AssertionError("no two gap-free minutes of every tile after " + from + ": " + all));
  }

  /** The first moment from {@code from} on (before {@code end}), in steps of 10 s, from which every camera recorded two minutes without a gap. */
  private static Optional<Instant> firstGapFree(List<RecordedSpans> all, Instant from, Instant end) {
    for (Instant at = from; at.isBefore(end); at = at.plusSeconds(10)) {
      Instant candidate = at;
      // Room for the seek, 20 s at 1x, 6 s at 4x and the joins between, before any tile's next gap.
      if (all.stream().allMatch(spans -> spans.at(candidate.minusSeconds(5)).map(span -> span.covers(candidate.plusSeconds(120))).orElse(false))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Test
  void theReplayWindowOpensAnIncidentsNearbyRecordingsAndSaysWhyAWindowTooLongInTheFutureOrUnrecordedIsNotReplayed() throws Exception {
    IncidentTimeline timeline = recentTimeline(4);
    org.watchfloor.client.wall.LiveVideo video = onFx(() -> new org.watchfloor.client.wall.LiveVideo(connection, PlayerPool.open()));
    try {
      ReplayWindow window = onFx(() -> ReplayWindow.open(connection, video, timeline.incident(), CENTER,
          org.watchfloor.client.ui.StatusBar.class.getResource("watchfloor.css").toExternalForm()));
      waitFor("the window shows the replay", () -> window.replay().isPresent());
      replay = onFx(() -> window.replay().orElseThrow());
      waitFor("the tiles show the incident's moment", 45, () -> replay.tiles().stream().filter(ReplayTile::inStep).count() >= 4);
      assertEquals(timeline.incident().id(), onFx(() -> replay.timeline().incident().id()));
      String shot = System.getProperty("replay.screenshot", "");
      if (!shot.isEmpty()) {
        onFxRun(() -> window.stage().setMaximized(true));
        Thread.sleep(3000);
        org.watchfloor.client.Screenshots.save(window.stage().getScene().getRoot(), Path.of(shot));
      }

      Instant end = Instant.now().minusSeconds(60);
      onFxRun(() -> window.replayWindow(end.minus(Duration.ofHours(49)), end));
      try {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> window.notice().startsWith("The broker refused: ")));
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("the window says: " + onFx(window::notice), e);
      }
      assertTrue(onFx(window::notice).contains("48"), onFx(window::notice));
      assertTrue(onFx(() -> window.replay().orElseThrow() == replay), "the replay shown stays");

      // A window in the future: the broker says nothing is recorded after now.
      Instant now = Instant.now();
      onFxRun(() -> window.replayWindow(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));
      waitFor("the broker's reason for a future window", () -> window.notice().startsWith("The broker refused: window_end: is in the future"));
      assertTrue(onFx(() -> window.replay().orElseThrow() == replay), "the replay shown stays");

      // A window without any recording (older than the demo cameras keep theirs): the window says so and keeps the replay.
      Instant old = now.minus(Duration.ofDays(20));
      onFxRun(() -> window.replayWindow(old, old.plus(Duration.ofHours(1))));
      waitFor("the window says there is nothing to replay", () -> window.notice().startsWith("Nothing to replay from "));
      assertTrue(onFx(window::notice).contains("no camera within 500 m has a recording there"), onFx(window::notice));
      assertTrue(onFx(() -> window.replay().orElseThrow() == replay), "the replay shown stays");
      onFxRun(window::close);
      replay = null;
    } finally {
      onFxRun(video::close);
    }
  }

  /** Seeks; a tile whose camera recorded {@code target} must show it, one in a gap must say so. */
  private void seekAndSettle(Instant target) throws Exception {
    onFxRun(() -> replay.seek(target));
    waitFor("the seek settles", () -> replay.tiles().stream().allMatch(tile -> tile.spansProperty().get().covers(target)
        ? tile.inStep() : tile.state() == ReplayTileState.NO_RECORDING));
  }

  /** The tiles' spread, sampled every 100 ms for {@code how long}. */
  private List<Duration> sample(Duration howLong) throws Exception {
    List<Duration> spreads = new ArrayList<>();
    long end = System.nanoTime() + howLong.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(100);
      onFx(() -> replay.spread()).ifPresent(spreads::add);
    }
    assertTrue(spreads.size() > howLong.toMillis() / 200, "tiles were in step for too few samples: " + spreads.size());
    return spreads;
  }

  private static Duration percentile(List<Duration> values, int percent) {
    List<Duration> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
  }

  private static String summary(List<Duration> values) {
    return "p50 " + percentile(values, 50).toMillis() + " ms, p95 " + percentile(values, 95).toMillis() + " ms, max "
        + values.stream().max(Comparator.naturalOrder()).orElseThrow().toMillis() + " ms of " + values.size();
  }

  private void waitFor(String what, Callable<Boolean> condition) throws Exception {
    waitFor(what, 30, condition);
  }

  private void waitFor(String what, int seconds, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after " + seconds + " s waiting until " + what + "; tiles: " + tilesNow(), e);
    }
  }

  private String tilesNow() throws Exception {
    return onFx(() -> replay == null ? "none" : replay.tiles().stream()
        .map(tile -> tile.cameraId() + " " + tile.state() + " (" + tile.detailProperty().get() + ", offset " + tile.offset().map(Duration::toMillis).orElse(null) + ")")
        .toList().toString());
  }

  private static <T> T onFx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  private static void onFxRun(Runnable action) throws Exception {
    WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
  }
}
