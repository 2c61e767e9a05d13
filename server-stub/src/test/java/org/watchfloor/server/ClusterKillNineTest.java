package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.AuditVerification;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListCamerasResponse;

/**
 * Three broker processes on one PostgreSQL database: the one that leads the scheduled work is
 * killed with SIGKILL in the middle of a burst of writes spread over all three; its clients carry on
 * through the other two, one of them takes the lead within seconds, and every write any broker
 * confirmed is in both survivors' directories afterwards, with the audit chain intact.
 */
class ClusterKillNineTest {

  private static final int WRITERS = 6;

  @Test
  void killingTheLeadingBrokerMidLoadLosesNoConfirmedWriteWhileClientsContinueOnTheOthers() throws Exception {
    String server = TestDatabase.postgresServerUrl();
    String name = "wf_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase.execute(server, "CREATE DATABASE " + name);
    String jdbcUrl = BrokerCluster.urlOf(server, name);
    List<Path> folders = new ArrayList<>();
    List<BrokerProcess> brokers = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int i = 0; i < 3; i++) {
        Path folder = Files.createTempDirectory("watchfloor-cluster-broker-");
        folders.add(folder);
        brokers.add(BrokerProcess.start(folder, "--db", jdbcUrl, "--sim-incidents-per-hour", "0", "--sim-hotlist-hits-per-hour", "0"));
        channels.add(Grpc.newChannelBuilderForAddress("127.0.0.1", brokers.get(i).grpcPort(), InsecureChannelCredentials.create()).build());
      }
      String token = brokers.get(0).demoToken("ADMIN");
      // The first broker took the lead at once; the others, started while it held it, did not.
      assertTrue(log(folders.get(0)).contains(LEADS), "the first broker leads");
      assertTrue(!log(folders.get(1)).contains(LEADS) && !log(folders.get(2)).contains(LEADS), "only one broker leads");
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      AtomicInteger failedOver = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.submit(() -> {
          int broker = writer % 3;
          for (int i = 0; !stop.get(); i++) {
            Camera draft = Camera.newBuilder()
                .setId("cluster-burst-" + writer + "-" + i)
                .setName("Cluster burst camera " + writer + "/" + i)
                .setKind(CameraKind.CAMERA_KIND_CITY_CCTV)
                .setLocation(GeoPoint.newBuilder().setLatitude(38.0 + i * 1e-5).setLongitude(-84.5 - writer * 1e-3))
                .build();
            try {
              confirmed.add(CameraDirectoryGrpc.newBlockingStub(channels.get(broker)).withCallCredentials(BrokerFixture.bearer(token))
                  .withDeadlineAfter(5, TimeUnit.SECONDS).createCamera(CreateCameraRequest.newBuilder().setCamera(draft).build()).getId());
            } catch (RuntimeException e) {
              // Its broker went away (or the write is in doubt): carry on through the next broker, with a new id.
              broker = (broker + 1) % 3;
              failedOver.incrementAndGet();
            }
          }
        });
      }
      awaitCount(confirmed, 150);
      brokers.get(0).killNine();
      long killedAt = System.nanoTime();
      while (!log(folders.get(1)).contains(LEADS) && !log(folders.get(2)).contains(LEADS)) {
        assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(5), "no broker took the lead within 5 s of the leader's SIGKILL");
        Thread.sleep(50);
      }
      int atKill = confirmed.size();
      awaitCount(confirmed, atKill + 150);
      stop.set(true);
      writers.shutdown();
      assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
      assertTrue(failedOver.get() > 0, "the writers on the killed broker should have had to move");

      for (int survivor : new int[] {1, 2}) {
        Set<String> stored = awaitAll(channels.get(survivor), token, confirmed);
        List<String> lost = new ArrayList<>(confirmed);
        lost.removeAll(stored);
        assertTrue(lost.isEmpty(), "confirmed but missing from broker " + survivor + "'s directory: " + lost);
      }
      AuditVerification verification = AuditServiceGrpc.newBlockingStub(channels.get(2)).withCallCredentials(BrokerFixture.bearer(token))
          .withDeadlineAfter(30, TimeUnit.SECONDS).verifyAudit(Empty.getDefaultInstance());
      assertTrue(verification.getIntact(), "broken at row " + verification.getFirstBrokenSequence() + ": " + verification.getProblem());
      assertEquals(0, verification.getFirstBrokenSequence());
    } finally {
      writers.shutdownNow();
      channels.forEach(ManagedChannel::shutdownNow);
      for (BrokerProcess broker : brokers) {
        broker.stop();
      }
      TestDatabase.execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      folders.forEach(TestDatabase::deleteTree);
    }
  }

  private static final String LEADS = "this broker now leads the scheduled work";

  /** What a broker process has logged so far (its log file is in its folder). */
  private static String log(Path folder) throws java.io.IOException {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(folder)) {
      for (Path log : files.filter(path -> path.getFileName().toString().startsWith("server-")).toList()) {
        text.append(Files.readString(log));
      }
    }
    return text.toString();
  }

  private static void awaitCount(Set<String> confirmed, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (confirmed.size() < count) {
      assertTrue(System.nanoTime() < deadline, "only " + confirmed.size() + " writes confirmed, waiting for " + count);
      Thread.sleep(5);
    }
  }

  /** The camera ids broker {@code channel} lists, once it lists every one of {@code expected} (or after 5 s). */
  private static Set<String> awaitAll(ManagedChannel channel, String token, Set<String> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      Set<String> stored = new HashSet<>();
      String pageToken = "";
      do {
        ListCamerasResponse page = CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(BrokerFixture.bearer(token))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .listCameras(ListCamerasRequest.newBuilder().setPageSize(5000).setPageToken(pageToken).build());
        page.getCamerasList().forEach(camera -> stored.add(camera.getId()));
        pageToken = page.getNextPageToken();
      } while (!pageToken.isEmpty());
      if (stored.containsAll(expected) || System.nanoTime() > deadline) {
        return stored;
      }
      Thread.sleep(100);
    }
  }
}
