package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.watchfloor.server.sim.DemoWorld;

/**
 * A broker in a JVM of its own, started as {@code watchfloor server} would be, so a test can kill
 * it with SIGKILL. Its log goes to a file in its data folder.
 */
final class BrokerProcess {

  private final Process process;
  private final Path dataDir;
  private final int grpcPort;

  private BrokerProcess(Process process, Path dataDir, int grpcPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.grpcPort = grpcPort;
  }

  /** Starts a broker on free loopback ports over {@code dataDir} with {@code options} added, and waits until it serves. */
  static BrokerProcess start(Path dataDir, String... options) throws Exception {
    Files.deleteIfExists(dataDir.resolve("server.json"));
    Process process = launch(dataDir, options);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dataDir.resolve("server.json"))) {
      assertTrue(process.isAlive(), "the broker process exited while starting (log in " + dataDir + ")");
      assertTrue(System.nanoTime() < deadline, "the broker did not start within 60 s");
      Thread.sleep(50);
    }
    int port = new ObjectMapper().readTree(dataDir.resolve("server.json").toFile()).get("grpcPort").asInt();
    return new BrokerProcess(process, dataDir, port);
  }

  /** Starts the broker process without waiting for it (a test that expects it to refuse to start reads its output). */
  static Process launch(Path dataDir, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        WatchfloorServer.class.getName(),
        "--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0", "--bind", "127.0.0.1"));
    command.addAll(List.of(options));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("server-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  int grpcPort() {
    return grpcPort;
  }

  Process process() {
    return process;
  }

  /** The demo token of the first user with {@code role} (e.g. ADMIN), from the demo credentials this broker wrote. */
  String demoToken(String role) throws Exception {
    for (DemoWorld.DemoCredential credential :
        new ObjectMapper().readValue(dataDir.resolve(DemoWorld.CREDENTIALS_FILE).toFile(), DemoWorld.DemoCredential[].class)) {
      if (credential.role().equals(role)) {
        return credential.token();
      }
    }
    throw new IllegalStateException("no " + role + " in the demo credentials");
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void killNine() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** An orderly stop. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      killNine();
    }
  }
}
