package org.watchfloor.client.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.Screenshots;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.EvidenceExportPlan;
import org.watchfloor.client.replay.Replay;
import org.watchfloor.client.replay.ReplayTile;
import org.watchfloor.client.replay.ReplayWindow;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;

/**
 * Reopening an evidence package offline: a package exported through the real path from a demo
 * broker, the broker then stopped, is verified and replayed from its own files with the real
 * libVLC, its tiles' time codes on the package's clock; a package with one changed byte is named
 * as failing and is not played unless the user chooses to, marked NOT VERIFIED.
 */
@ExtendWith(ApplicationExtension.class)
class EvidencePackageReplayTest {

  /** Within a frame or two of the clock: a frame lasts 1/15 s in the simulator's recordings. */
  private static final Duration TWO_FRAMES = Duration.ofMillis(2 * 1000 / 15);

  private PlayerPool pool;
  private Replay replay;

  @AfterEach
  void stop() throws Exception {
    FxToolkit.cleanupStages();
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void anExportedPackageReplaysOfflineOnItsClockAndAChangedByteIsNamedAndNotPlayed(@TempDir Path dataDir, @TempDir Path exports) throws Exception {
    EvidencePackageWriter.Written written;
    try (DemoBroker broker = DemoBroker.start(dataDir); BrokerConnection supervisor = broker.connect("sam")) {
      Incident robbery = broker.broker().incidents().list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
          .filter(incident -> incident.getType().toLowerCase().contains("robbery")).findFirst().orElseThrow();
      Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
      List<EvidenceExportPlan.CameraWindow> windows = supervisor.exportSuggestions(robbery.getId()).recorded().stream().limit(4)
          .map(camera -> new EvidenceExportPlan.CameraWindow(camera.cameraId(), end.minusSeconds(120), end)).toList();
      supervisor.addBookmark(robbery.getId(), end.minusSeconds(70), windows.get(0).cameraId(), "grey sedan turns north",
          Duration.ofSeconds(5), Duration.ofSeconds(5));
      written = new EvidencePackageWriter(supervisor).export(new EvidenceExportPlan.Order(robbery.getId(), robbery.getCadNumber(),
          "armed robbery: footage for the prosecutor", "rtic-ws-7", windows, List.of()), exports, (fraction, doing) -> { });
    }
    // The broker is gone: what follows is the prosecutor's machine.
    pool = PlayerPool.open().pool().orElseThrow();
    String stylesheet = StatusBar.class.getResource("watchfloor.css").toExternalForm();

    EvidencePackageDialog dialog = onFx(() -> EvidencePackageDialog.open(Optional.of(pool), "", stylesheet, Optional.of(written.zip())));
    waitFor("the package verifies and its replay opens", 60, () -> dialog.openedProperty().get() != null);
    assertTrue(onFx(() -> dialog.reportProperty().get().passed()), onFx(dialog::shownLines).toString());
    ReplayWindow window = onFx(() -> dialog.openedProperty().get());
    replay = onFx(() -> window.replay().orElseThrow());
    assertTrue(onFx(() -> window.stage().getTitle()).endsWith("· verified"), onFx(() -> window.stage().getTitle()));
    assertEquals(4, onFx(() -> replay.tiles().size()), "a tile per camera of the layout");
    assertTrue(onFx(() -> replay.marks().shown().entries().stream().anyMatch(entry -> entry.text().equals("grey sedan turns north"))),
        "the timeline's rows come from the package's incident-timeline.json");

    // Paused at the layout's clock start: every tile shows that frame, read back from its time code
    // (or, where its camera's file has a gap then, says it has no recording).
    waitFor("every tile shows the clock's frame", 60, () -> replay.tiles().stream().allMatch(this::showsTheClock));
    String shot = System.getProperty("package.screenshot", "");
    if (!shot.isEmpty()) {
      screenshot(window, Path.of(shot));
    }

    // A seek moves them: the clock and every picture show the new moment.
    Instant before = onFx(() -> replay.clock().now());
    Instant target = everyCameraRecorded(before.plusSeconds(5).plusMillis(333));
    onFxRun(() -> replay.seek(target));
    waitFor("every tile shows the sought frame", 60, () -> !replay.clock().now().equals(before)
        && replay.tiles().stream().allMatch(tile -> onTheClock(tile) && tile.lastSeek().map(seek -> seek.framesOff() <= 1).orElse(false)));

    // Playing, they keep to the clock.
    onFxRun(() -> replay.play());
    waitFor("every tile plays with the clock", 60, () -> replay.tiles().stream().allMatch(this::showsTheClock));
    onFxRun(() -> replay.pause());

    // One byte changed in a copy: the verifier names the file, and nothing plays unless asked.
    Path tampered = exports.resolve("tampered");
    copy(written.folder(), tampered);
    Path media;
    try (Stream<Path> recordings = Files.list(tampered.resolve("data/recordings"))) {
      media = recordings.sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(media);
    bytes[bytes.length / 2] ^= 1;
    Files.write(media, bytes);
    EvidencePackageDialog refused = onFx(() -> EvidencePackageDialog.open(Optional.of(pool), "", stylesheet, Optional.of(tampered)));
    waitFor("the tampered package is checked", 60, () -> refused.reportProperty().get() != null);
    assertFalse(onFx(() -> refused.reportProperty().get().passed()));
    List<String> said = onFx(refused::shownLines);
    assertTrue(said.stream().anyMatch(line -> line.startsWith("FAILED " + tampered.relativize(media) + ": changed")), said.toString());
    assertTrue(said.get(0).startsWith("NOT VERIFIED"), said.toString());
    assertNull(onFx(() -> refused.openedProperty().get()), "a package that fails is not played");
    onFxRun(() -> ((javafx.scene.control.Button) refused.stage().getScene().lookup("#open-not-verified")).fire());
    waitFor("the user chose to look at it anyway", 30, () -> refused.openedProperty().get() != null);
    assertTrue(onFx(() -> refused.openedProperty().get().stage().getTitle()).endsWith("· NOT VERIFIED"));
    assertTrue(onFx(() -> refused.openedProperty().get().notice()).startsWith("NOT VERIFIED: " + tampered.relativize(media) + ": changed"));
  }

  /** Where its camera's file covers the clock's moment, the tile shows it; elsewhere it says it has no recording. */
  private boolean showsTheClock(ReplayTile tile) {
    return tile.recorded(tile.clock().now()) ? onTheClock(tile) : tile.state() == org.watchfloor.client.replay.ReplayTileState.NO_RECORDING;
  }

  /** The first moment from {@code from} on (within 100 s), in steps of 5 s, that every camera's file covers for 10 s. */
  private Instant everyCameraRecorded(Instant from) throws Exception {
    for (Instant at = from; ; at = at.plusSeconds(5)) {
      if (at.isAfter(from.plusSeconds(100))) {
        throw new AssertionError("no 10 s from " + from + " on that every camera of the package recorded");
      }
      Instant candidate = at;
      if (onFx(() -> replay.tiles().stream().allMatch(tile -> tile.recorded(candidate) && tile.recorded(candidate.plusSeconds(10))))) {
        return candidate;
      }
    }
  }

  /** Whether {@code tile} shows the clock's moment, measured from the time code in its picture, within two frames. */
  private boolean onTheClock(ReplayTile tile) {
    return tile.inStep() && tile.offset().map(offset -> offset.abs().compareTo(TWO_FRAMES) <= 0).orElse(false);
  }

  private static void screenshot(ReplayWindow window, Path png) throws Exception {
    onFxRun(() -> window.stage().setMaximized(true));
    Thread.sleep(3000);
    Screenshots.save(window.stage().getScene().getRoot(), png);
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path file : walk.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private void waitFor(String what, int seconds, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after " + seconds + " s waiting until " + what + "; tiles: " + onFx(() -> replay == null ? "none"
          : replay.tiles().stream().map(tile -> tile.cameraId() + " " + tile.state() + " (" + tile.detailProperty().get() + ", offset "
              + tile.offset().map(Duration::toMillis).orElse(null) + ")").toList().toString()), e);
    }
  }

  private static <T> T onFx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  private static void onFxRun(Runnable action) throws Exception {
    WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
  }
}
