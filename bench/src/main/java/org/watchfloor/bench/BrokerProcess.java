package org.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;

/**
 * A broker with the demo world in a process of its own, so that a benchmark measures the client
 * alone: it runs until the benchmark closes it (or dies and closes its stdin).
 */
final class BrokerProcess implements AutoCloseable {

  private final Process process;
  private final Path dataDir;
  private final int grpcPort;

  private BrokerProcess(Process process, Path dataDir, int grpcPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.grpcPort = grpcPort;
  }

  /** Starts a broker on free ports over a new data folder with the given heap (e.g. "-Xmx1g"). */
  static BrokerProcess start(String heap) throws IOException, InterruptedException {
    Path dataDir = Files.createTempDirectory("watchfloor-bench-broker");
    Process process = new ProcessBuilder(javaCommand(heap, BrokerProcess.class.getName(), dataDir.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready = out.readLine();
    if (ready == null || !ready.startsWith("READY ")) {
      throw new IllegalStateException("the broker process did not start (exit " + process.waitFor() + ")");
    }
    return new BrokerProcess(process, dataDir, Integer.parseInt(ready.substring(6)));
  }

  /** A command that runs {@code mainClass} of this class path in a new JVM with {@code jvmOptions} (space-separated, e.g. "-Xmx1g"). */
  static List<String> javaCommand(String jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(jvmOptions.strip().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** The demo's traffic cameras (public, always playable), in id order. */
  static List<Camera> trafficCameras(BrokerConnection connection) throws InterruptedException {
    return BrokerProcess.<Camera>snapshot("camera list", connection::watchCameras).values().stream()
        .filter(camera -> camera.type() == CameraType.TRAFFIC).sorted(Comparator.comparing(Camera::id)).toList();
  }

  /** Everything a Watch feed holds once it first synced (e.g. {@code connection::watchIncidents}). */
  static <T> Map<String, T> snapshot(String what, java.util.function.Consumer<FeedListener<T>> watch) throws InterruptedException {
    Map<String, T> items = new ConcurrentHashMap<>();
    CountDownLatch synced = new CountDownLatch(1);
    watch.accept(new FeedListener<>() {
      @Override
      public void reset() {
        items.clear();
      }

      @Override
      public void upsert(String id, T item) {
        items.put(id, item);
      }

      @Override
      public void remove(String id) {
        items.remove(id);
      }

      @Override
      public void synced() {
        synced.countDown();
      }

      @Override
      public void stale() {}
    });
    if (!synced.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the " + what + " did not arrive within 60 s");
    }
    return items;
  }

  int grpcPort() {
    return grpcPort;
  }

  /** The bearer token of a demo user, from the credentials the broker wrote. */
  String token(String user) throws IOException {
    for (JsonNode entry : new ObjectMapper().readTree(dataDir.resolve("demo-credentials.json").toFile())) {
      if (entry.get("username").asText().equals(user)) {
        return entry.get("token").asText();
      }
    }
    throw new IllegalStateException("no demo user " + user);
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    deleteTree(dataDir);
  }

  /** Removes a benchmark's folder and everything in it. */
  static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The broker process itself: prints "READY port", then serves until stdin closes. */
  public static void main(String[] args) throws Exception {
    try (Broker broker = Broker.start(new ServerSettings(Path.of(args[0]), 0, 0, "127.0.0.1", Optional.empty(), true))) {
      System.out.println("READY " + broker.server().grpcPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the benchmark ends (or dies) and closes the pipe
      }
    }
  }
}
