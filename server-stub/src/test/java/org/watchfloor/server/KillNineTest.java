package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListCamerasResponse;
import org.watchfloor.server.sim.DemoWorld;

/**
 * Kills a real broker process with SIGKILL in the middle of a burst of writes, restarts it on the
 * same data folder and checks that every write it had confirmed is still there.
 */
class KillNineTest {

  @TempDir Path dataDir;

  @Test
  void everyConfirmedWriteSurvivesKillNineDuringABurst() throws Exception {
    Process server = startServer();
    int port = grpcPort();
    String token = adminToken();
    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    AtomicInteger attempts = new AtomicInteger();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    ExecutorService writers = Executors.newFixedThreadPool(6);
    try {
      var admin = CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(BrokerFixture.bearer(token));
      for (int w = 0; w < 6; w++) {
        int writer = w;
        writers.submit(
            () -> {
              for (int i = 0; ; i++) {
                attempts.incrementAndGet();
                Camera draft =
                    Camera.newBuilder()
                        .setId("burst-" + writer + "-" + i)
                        .setName("Burst camera " + writer + "/" + i)
                        .setKind(CameraKind.CAMERA_KIND_CITY_CCTV)
                        .setLocation(GeoPoint.newBuilder().setLatitude(38.0 + i * 1e-5).setLongitude(-84.5 - writer * 1e-3))
                        .build();
                try {
                  confirmed.add(
                      admin.withDeadlineAfter(5, TimeUnit.SECONDS)
                          .createCamera(CreateCameraRequest.newBuilder().setCamera(draft).build())
                          .getId());
                } catch (RuntimeException e) {
                  return; // the server is gone
                }
              }
            });
      }
      while (confirmed.size() < 150) {
        Thread.sleep(5);
      }
      server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
      server.waitFor(10, TimeUnit.SECONDS);
      writers.shutdown();
      assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
    } finally {
      writers.shutdownNow();
      channel.shutdownNow();
    }

    Files.deleteIfExists(dataDir.resolve("server.json"));
    Process restarted = startServer();
    ManagedChannel again =
        Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort(), InsecureChannelCredentials.create()).build();
    try {
      var reader = CameraDirectoryGrpc.newBlockingStub(again).withCallCredentials(BrokerFixture.bearer(token));
      Set<String> stored = new HashSet<>();
      String pageToken = "";
      do {
        ListCamerasResponse page =
            reader.withDeadlineAfter(10, TimeUnit.SECONDS)
                .listCameras(ListCamerasRequest.newBuilder().setPageSize(5000).setPageToken(pageToken).build());
        page.getCamerasList().forEach(camera -> stored.add(camera.getId()));
        pageToken = page.getNextPageToken();
      } while (!pageToken.isEmpty());
      List<String> lost = new ArrayList<>(confirmed);
      lost.removeAll(stored);
      assertTrue(lost.isEmpty(), "confirmed before kill -9 but gone after restart: " + lost);
      assertTrue(attempts.get() > confirmed.size(), "the kill should have interrupted writes in flight");
    } finally {
      again.shutdownNow();
      restarted.destroy();
      restarted.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process startServer() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"),
                WatchfloorServer.class.getName(),
                "--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0", "--bind", "127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("server-" + System.nanoTime() + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dataDir.resolve("server.json"))) {
      assertTrue(process.isAlive(), "the broker process exited while starting");
      assertTrue(System.nanoTime() < deadline, "the broker did not start within 60 s");
      Thread.sleep(50);
    }
    return process;
  }

  private int grpcPort() throws Exception {
    return new ObjectMapper().readTree(dataDir.resolve("server.json").toFile()).get("grpcPort").asInt();
  }

  private String adminToken() throws Exception {
    for (DemoWorld.DemoCredential credential :
        new ObjectMapper().readValue(dataDir.resolve(DemoWorld.CREDENTIALS_FILE).toFile(), DemoWorld.DemoCredential[].class)) {
      if (credential.role().equals("ADMIN")) {
        return credential.token();
      }
    }
    throw new IllegalStateException("no admin in the demo credentials");
  }
}
