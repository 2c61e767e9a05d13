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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.Screenshots;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.EvidenceExportPlan;
import org.watchfloor.client.net.ExportSuggestions;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.replay.Replay;
import org.watchfloor.client.replay.ReplayTile;
import org.watchfloor.client.replay.ReplayTileState;
import org.watchfloor.client.replay.ReplayWallView;
import org.watchfloor.client.replay.ReplayWindow;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileGrid;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;

/**
 * Reopening an evidence package offline: a package of four cameras' recordings and an owner's
 * clip, exported through the real path from a demo broker, the broker then stopped, is verified
 * and replayed from its own files with the real libVLC on the wall it was exported with (its grid,
 * its tiles' places), its recordings' time codes on the package's clock and the clip placed by its
 * file; a package with one changed byte is named as failing and is not played unless the user
 * chooses to, marked NOT VERIFIED; a client that reopened a package ends promptly on SIGTERM.
 */
@ExtendWith(ApplicationExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidencePackageReplayTest {

  /** Within a frame or two of the clock: a frame lasts 1/15 s in the simulator's recordings. */
  private static final Duration TWO_FRAMES = Duration.ofMillis(2 * 1000 / 15);
  /** The owner's clip: 4 s red, then 4 s blue, a keyframe every second, no time code. */
  private static final Duration CLIP_RED = Duration.ofSeconds(4);

  private PlayerPool pool;
  private Replay replay;
  private EvidencePackageWriter.Written written;
  /** Where the package places the clip's first frame: its window's start, from replay-layout.json. */
  private Instant clipStart;

  /** Four cameras' last two minutes and an owner's clip of the same window, exported from a demo broker then stopped. */
  @BeforeAll
  void export(@TempDir Path dataDir, @TempDir Path exports, @TempDir Path ownersPhone) throws Exception {
    try (DemoBroker broker = DemoBroker.start(dataDir); BrokerConnection supervisor = broker.connect("sam")) {
      Incident robbery = broker.broker().incidents().list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
          .filter(incident -> incident.getType().toLowerCase().contains("robbery")).findFirst().orElseThrow();
      Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
      List<EvidenceExportPlan.CameraWindow> windows = supervisor.exportSuggestions(robbery.getId()).recorded().stream().limit(4)
          .map(camera -> new EvidenceExportPlan.CameraWindow(camera.cameraId(), end.minusSeconds(120), end)).toList();
      supervisor.addBookmark(robbery.getId(), end.minusSeconds(70), windows.get(0).cameraId(), "grey sedan turns north",
          Duration.ofSeconds(5), Duration.ofSeconds(5));
      ViewPurpose purpose = new ViewPurpose(robbery.getCadNumber(), robbery.getId(), "armed robbery: the front door's view of the street");
      String camera = supervisor.findViewableCameras(robbery.getLocation().getLatitude(), robbery.getLocation().getLongitude(), 5000,
          purpose, 1).registered().get(0).id();
      FootageRequestSent asked = supervisor.requestFootage(camera, end.minusSeconds(120), end, purpose, "package-replay-test");
      Path clip = ownersPhone.resolve("front-door.mp4");
      Process made = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=320x240:r=15:d=4",
          "-f", "lavfi", "-i", "color=c=blue:s=320x240:r=15:d=4", "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]",
          "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "15", clip.toString()).redirectErrorStream(true).start();
      String said = new String(made.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, made.waitFor(), "ffmpeg made no clip: " + said);
      ExportSuggestions.SharedClip shared = OwnerPortal.share(dataDir, robbery.getCadNumber(), camera, clip, supervisor, robbery.getId(),
          asked.requestId());
      written = new EvidencePackageWriter(supervisor).export(new EvidenceExportPlan.Order(robbery.getId(), robbery.getCadNumber(),
          "armed robbery: footage for the prosecutor", "rtic-ws-7", windows,
          List.of(new EvidenceExportPlan.SharedClipChoice(shared.footageRequestId(), shared.clipId()))), exports, (fraction, doing) -> { });
    }
  }

  @AfterEach
  void stop() throws Exception {
    FxToolkit.cleanupStages();
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  @Test
  void anExportedPackageReopensItsWallOnItsClockWithItsClipPlacedByItsFileAndAChangedByteIsNamedAndNotPlayed(@TempDir Path exports) throws Exception {
    // The broker is gone: what follows is the prosecutor's machine.
    pool = PlayerPool.open().pool().orElseThrow();
    String stylesheet = StatusBar.class.getResource("watchfloor.css").toExternalForm();

    EvidencePackageDialog dialog = onFx(() -> EvidencePackageDialog.open(Optional.of(pool), "", stylesheet, Optional.of(written.zip())));
    waitFor("the package verifies and its replay opens", 60, () -> dialog.openedProperty().get() != null);
    assertTrue(onFx(() -> dialog.reportProperty().get().passed()), onFx(dialog::shownLines).toString());
    ReplayWindow window = onFx(() -> dialog.openedProperty().get());
    replay = onFx(() -> window.replay().orElseThrow());
    assertTrue(onFx(() -> window.stage().getTitle()).endsWith("· verified"), onFx(() -> window.stage().getTitle()));
    assertTrue(onFx(() -> replay.marks().shown().entries().stream().anyMatch(entry -> entry.text().equals("grey sedan turns north"))),
        "the timeline's rows come from the package's incident-timeline.json");

    // The wall of replay-layout.json: its grid (five tiles: 3x2, where a square grid would be 3x3),
    // each camera's tile in its square, the clock at its clock start within its window.
    JsonNode layout = new ObjectMapper().readTree(written.folder().resolve(EvidencePackage.REPLAY_LAYOUT).toFile());
    assertEquals(List.of(3, 2), List.of(layout.get("columns").asInt(), layout.get("rows").asInt()));
    TileGrid grid = onFx(() -> replay.layoutProperty().get());
    assertEquals(List.of(3, 2), List.of(grid.columns(), grid.rows()), "the package's grid: " + grid);
    assertEquals(5, onFx(() -> replay.tiles().size()), "a tile per camera of the layout");
    ReplayWallView wall = onFx(() -> (ReplayWallView) window.stage().getScene().lookup(".wall"));
    for (JsonNode place : layout.get("tiles")) {
      int index = place.get("tile").asInt();
      assertEquals(place.get("cameraId").asText(), onFx(() -> replay.tiles().get(index).cameraId()), "tile " + index);
      javafx.geometry.Bounds bounds = onFx(() -> wall.getChildrenUnmodifiable().get(index).getBoundsInParent());
      double width = onFx(wall::getWidth);
      double height = onFx(wall::getHeight);
      assertEquals(List.of(place.get("column").asInt(), place.get("row").asInt()),
          List.of((int) Math.round(bounds.getMinX() / (width / 3)), (int) Math.round(bounds.getMinY() / (height / 2))), "tile " + index + "'s square");
    }
    assertEquals(Instant.parse(layout.get("clockStart").asText()), onFx(() -> replay.clock().now()));
    assertEquals(Instant.parse(layout.get("windowStart").asText()), onFx(() -> replay.timeline().windowStart()));
    assertEquals(Instant.parse(layout.get("windowEnd").asText()), onFx(() -> replay.timeline().windowEnd()));
    ReplayTile clip = onFx(() -> replay.tiles().get(4));
    clipStart = Instant.parse(layout.get("tiles").get(4).get("files").get(0).get("start").asText());
    assertFalse(clip.timeCoded(), "the owner's clip has no time code");

    // Paused at the layout's clock start: every recording's tile shows that frame, read back from
    // its time code (or, where its camera's file has a gap then, says it has no recording); the
    // clip, placed at its window's start, shows its red first seconds and says its time is not measured.
    waitFor("every tile shows the clock's frame", 60, () -> replay.tiles().stream().allMatch(this::showsTheClock));
    assertEquals(List.of("time from its file · not measured"), onFx(() -> badges(wall, 4)));
    String shot = System.getProperty("package.screenshot", "");
    if (!shot.isEmpty()) {
      screenshot(window, Path.of(shot));
    }

    // A seek moves them: the clock and every picture show the new moment.
    Instant before = onFx(() -> replay.clock().now());
    Instant target = everyCameraRecorded(before.plusSeconds(5).plusMillis(333));
    onFxRun(() -> replay.seek(target));
    waitFor("every tile shows the sought frame", 60, () -> !replay.clock().now().equals(before)
        && replay.tiles().stream().filter(ReplayTile::timeCoded)
            .allMatch(tile -> onTheClock(tile) && tile.lastSeek().map(seek -> seek.framesOff() <= 1).orElse(false))
        && showsTheClock(clip));

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

  /**
   * A desktop session that ends sends SIGTERM: the client that reopened a package (its replay
   * playing, its files served on loopback) ends promptly and leaves no copy of the package.
   */
  @Test
  void aClientThatReopenedAPackageEndsPromptlyOnSigtermAndRemovesItsCopy(@TempDir Path scratch) throws Exception {
    Path log = scratch.resolve("client.log");
    Path temporary = Files.createDirectory(scratch.resolve("tmp"));
    Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + temporary, "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
        "-cp", System.getProperty("java.class.path"), org.watchfloor.client.app.WatchfloorClient.class.getName(),
        "--open-package", written.zip().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !client.isAlive() || Files.readString(log).contains("reopened from"));
      assertTrue(client.isAlive(), "the client ended by itself: " + Files.readString(log));
      try (Stream<Path> copies = Files.list(temporary)) {
        assertTrue(copies.anyMatch(copy -> copy.getFileName().toString().startsWith("watchfloor-package-")), "the package's copy while it plays");
      }
      client.destroy(); // SIGTERM
      // 1.8 s from SIGTERM to exit on an idle machine (its own closing about 0.15 s, the rest the JVM's
      // and JavaFX's exit); before, it never ended. Several JVMs under load here: 10 s tells the two apart.
      assertTrue(client.waitFor(10, TimeUnit.SECONDS), "the client still runs 10 s after SIGTERM; its threads: " + threads(client)
          + "\nits log: " + Files.readString(log));
      try (Stream<Path> left = Files.list(temporary)) {
        assertEquals(List.of(), left.map(Path::getFileName).map(Path::toString).filter(name -> name.startsWith("watchfloor-package-")).toList(),
            "copies of the package left behind");
      }
    } finally {
      client.destroyForcibly();
    }
  }

  /** What keeps {@code process} alive: its threads as {@code jcmd Thread.print} lists them. */
  private static String threads(Process process) throws Exception {
    Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()), "Thread.print")
        .redirectErrorStream(true).start();
    String said = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    dump.waitFor();
    return said;
  }

  /**
   * Where its camera's file covers the clock's moment, the tile shows it (a clip: its red or blue
   * half, as its file places the moment); elsewhere it says it has no recording.
   */
  private boolean showsTheClock(ReplayTile tile) {
    Instant now = tile.clock().now();
    if (!tile.recorded(now)) {
      return tile.state() == ReplayTileState.NO_RECORDING;
    }
    if (tile.timeCoded()) {
      return onTheClock(tile);
    }
    Duration into = Duration.between(clipStart, now);
    return tile.state() == ReplayTileState.IN_STEP && tile.offset().isEmpty() && colour(tile.frameProperty().get())
        .equals(into.compareTo(CLIP_RED) < 0 ? "red" : "blue");
  }

  /** The colour in the middle of {@code picture}: red, blue or neither. */
  private static String colour(javafx.scene.image.Image picture) {
    if (picture == null) {
      return "none";
    }
    javafx.scene.paint.Color middle = picture.getPixelReader().getColor((int) picture.getWidth() / 2, (int) picture.getHeight() / 2);
    return middle.getRed() > 0.6 && middle.getBlue() < 0.3 ? "red" : middle.getBlue() > 0.6 && middle.getRed() < 0.3 ? "blue" : middle.toString();
  }

  /** The badges shown on tile {@code index} of {@code wall}. */
  private static List<String> badges(ReplayWallView wall, int index) {
    return wall.getChildrenUnmodifiable().get(index).lookupAll(".replay-offset").stream().filter(javafx.scene.Node::isVisible)
        .map(badge -> ((javafx.scene.control.Label) badge).getText()).toList();
  }

  /** The first moment from {@code from} on (within 100 s), in steps of 5 s, that every camera's recording covers for 10 s. */
  private Instant everyCameraRecorded(Instant from) throws Exception {
    for (Instant at = from; ; at = at.plusSeconds(5)) {
      if (at.isAfter(from.plusSeconds(100))) {
        throw new AssertionError("no 10 s from " + from + " on that every camera of the package recorded");
      }
      Instant candidate = at;
      if (onFx(() -> replay.tiles().stream().filter(ReplayTile::timeCoded)
          .allMatch(tile -> tile.recorded(candidate) && tile.recorded(candidate.plusSeconds(10))))) {
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
