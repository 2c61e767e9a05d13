package org.watchfloor.installers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The broker run from an unpacked watchfloor-server package's launcher, until closed. */
final class PackagedBroker implements AutoCloseable {

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final JsonNode endpoints;

  private PackagedBroker(Process process, Path dataDir, Path log, JsonNode endpoints) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.endpoints = endpoints;
  }

  /**
   * Runs {@code command} (the launcher and its arguments) and waits until the broker wrote its
   * ports into {@code dataDir}/server.json, which it does once it serves.
   */
  static PackagedBroker start(List<String> command, Path dataDir, Path log) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path endpointFile = dataDir.resolve("server.json");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(endpointFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the packaged broker did not start (" + (process.isAlive() ? "3 min" : "exit " + process.exitValue())
            + "); its log:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return new PackagedBroker(process, dataDir, log, new ObjectMapper().readTree(endpointFile.toFile()));
  }

  /** The launcher at {@code launcher} with the options given, on free loopback ports over {@code dataDir}. */
  static List<String> command(Path launcher, Path dataDir, String... options) {
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "--data-dir", dataDir.toString(),
        "--grpc-port", "0", "--http-port", "0", "--bind", "127.0.0.1"));
    command.addAll(List.of(options));
    return command;
  }

  int grpcPort() {
    return endpoints.path("grpcPort").asInt();
  }

  /** What the broker's standard gRPC health service answers for the whole server. */
  HealthCheckResponse.ServingStatus health() {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().build();
    try {
      return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    } finally {
      channel.shutdownNow();
    }
  }

  Path dataDir() {
    return dataDir;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
