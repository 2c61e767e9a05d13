package org.watchfloor.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchfloor client package, unpacked as dpkg would install it, started from its menu entry's
 * command on this build's X display against the packaged broker with the demo world.
 */
class ClientPackageIT {

  @TempDir static Path root;
  private static DebianPackage client;

  @BeforeAll
  static void unpack() throws Exception {
    client = DebianPackage.built("watchfloor");
    client.unpackInto(root);
    DebianPackage.built("watchfloor-server").unpackInto(root);
  }

  @Test
  void packageCarriesAValidDesktopEntryWhoseCommandAndIconItInstalls() throws Exception {
    List<String> files = client.contents();
    assertTrue(files.contains("./usr/share/applications/watchfloor.desktop"), "desktop entry in " + files);
    assertTrue(files.contains("./usr/share/icons/hicolor/256x256/apps/watchfloor.png"), "icon in " + files);

    Path entry = root.resolve("usr/share/applications/watchfloor.desktop");
    DebianPackage.run("desktop-file-validate", entry.toString());
    Map<String, String> keys = Files.readAllLines(entry).stream().filter(line -> line.contains("="))
        .collect(java.util.stream.Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    assertTrue(Files.isExecutable(root.resolve(keys.get("Exec").substring(1))), "Exec names the installed launcher: " + keys.get("Exec"));
    assertEquals("watchfloor", keys.get("Icon"));
    assertTrue(client.field("Depends").contains("libvlc5"), "libVLC is declared: " + client.field("Depends"));
  }

  @Test
  void installedClientConnectsShowsTheBrokersCamerasAndQuitsCleanlyWhenTheSessionEnds(@TempDir Path work) throws Exception {
    Path brokerData = work.resolve("broker");
    try (PackagedBroker broker = PackagedBroker.start(
        PackagedBroker.command(root.resolve("opt/watchfloor-server/bin/watchfloor-server"), brokerData), brokerData, work.resolve("broker.log"))) {
      Path repository = Files.createDirectories(work.resolve("jfr"));
      Path workspace = work.resolve("workspace.json");
      ProcessBuilder launch = new ProcessBuilder(root.resolve("opt/watchfloor/bin/watchfloor").toString(),
          "--server", "127.0.0.1:" + broker.grpcPort(), "--credentials", brokerData.resolve("demo-credentials.json").toString(),
          "--user", "ana", "--workspace", workspace.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("client.log").toFile());
      // The flight recorder's events are the client's own account of what it holds and paints.
      launch.environment().put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording:disk=true -XX:FlightRecorderOptions:repository=" + repository);
      launch.environment().put("HOME", Files.createDirectories(work.resolve("home")).toString());
      Process process = launch.start();
      List<RecordedEvent> events = new CopyOnWriteArrayList<>();
      try (EventStream stream = EventStream.openRepository(chunkFolder(repository, process, work))) {
        stream.onEvent(events::add);
        stream.startAsync();

        RecordedEvent held = await(events, Duration.ofMinutes(3), process, work,
            event -> event.getEventType().getName().equals("org.watchfloor.map.CameraBatch") && event.getBoolean("current"));
        RecordedEvent painted = await(events, Duration.ofMinutes(1), process, work,
            event -> event.getEventType().getName().equals("org.watchfloor.map.Paint") && event.getInt("cameras") > 0);
        assertTrue(held.getInt("cameras") > 400, "the demo world's cameras are held: " + held);
        assertTrue(painted.getInt("cameras") > 0, "cameras are painted on the map: " + painted);

        // What a desktop session sends when it ends: the client saves its workspace (again, so the
        // file autosaved earlier goes first) and signs out.
        Files.deleteIfExists(workspace);
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the client quits within 30 s of SIGTERM");
      } finally {
        process.destroyForcibly().waitFor();
      }
      String log = Files.readString(work.resolve("client.log"));
      assertEquals(0, process.exitValue(), "quit as from its window; log:\n" + log);
      assertTrue(Files.exists(workspace), "the workspace was saved on the way out");
      assertTrue(!log.contains("Exception"), "no exception on the way:\n" + log);
    }
  }

  private static RecordedEvent await(List<RecordedEvent> events, Duration limit, Process process, Path work, Predicate<RecordedEvent> wanted)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      Optional<RecordedEvent> found = events.stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the client did not get there (" + (process.isAlive() ? "timed out" : "exit " + process.exitValue())
        + ", " + events.size() + " events); its log:\n" + Files.readString(work.resolve("client.log")));
  }

  /** JFR writes its chunks into a folder of its own inside the repository given; streaming starts once one is there. */
  private static Path chunkFolder(Path repository, Process process, Path work) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Stream<Path> chunks = Files.walk(repository)) {
        Optional<Path> chunk = chunks.filter(path -> path.toString().endsWith(".jfr")).findFirst();
        if (chunk.isPresent()) {
          return chunk.get().getParent();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the client started no flight recording; its log:\n" + Files.readString(work.resolve("client.log")));
  }
}
