package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
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

/**
 * Kills a real broker process with SIGKILL in the middle of a burst of writes, restarts it on the
 * same data folder and checks that every write it had confirmed is still there.
 */
class KillNineTest {

  @TempDir Path dataDir;

  @Test
  void everyConfirmedWriteSurvivesKillNineDuringABurst() throws Exception {
    BrokerProcess server = BrokerProcess.start(dataDir);
    int port = server.grpcPort();
    String token = server.demoToken("ADMIN");
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
      server.killNine();
      writers.shutdown();
      assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
    } finally {
      writers.shutdownNow();
      channel.shutdownNow();
    }

    BrokerProcess restarted = BrokerProcess.start(dataDir);
    ManagedChannel again =
        Grpc.newChannelBuilderForAddress("127.0.0.1", restarted.grpcPort(), InsecureChannelCredentials.create()).build();
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
      restarted.stop();
    }
  }

  @Test
  void aSecondBrokerOnTheSameEmbeddedDataFolderRefusesToStartNamingTheFolder() throws Exception {
    BrokerProcess first = BrokerProcess.start(dataDir);
    try {
      Process second = BrokerProcess.launch(dataDir, "--no-demo");
      assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second broker should give up, not wait");
      String output = new String(second.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      try (var logs = java.nio.file.Files.list(dataDir)) {
        for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("server-")).toList()) {
          output += java.nio.file.Files.readString(log);
        }
      }
      assertEquals(1, second.exitValue());
      assertTrue(output.contains("watchfloor server: the data folder " + dataDir.toAbsolutePath() + " is in use by another broker process"),
          "the refusal names the folder: " + output);
      assertFalse(output.contains("\tat org.h2"), "no H2 stack trace: " + output);
      assertTrue(first.process().isAlive(), "the first broker keeps running");
    } finally {
      first.stop();
    }
  }
}
