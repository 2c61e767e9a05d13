package org.watchfloor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerList;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.sim.SimulatedDispatch;

/**
 * A client given two brokers of one city moves to the second when the first goes away: its live
 * camera list resumes there from the revision it had reached (no reset, so nothing it shows is
 * dropped) and hears what is written through the second broker.
 */
class BrokerFailoverTest {

  @TempDir Path folders;

  @Test
  void theCameraListResumesOnTheNextBrokerWhenTheFirstGoesAway() throws Exception {
    String server = System.getenv("WATCHFLOOR_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(server != null && !server.isBlank(), "WATCHFLOOR_TEST_POSTGRES_URL is not set: failover test skipped");
    String name = "wf_failover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    String jdbcUrl = server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    DemoBroker first = null;
    DemoBroker second = null;
    try {
      first = DemoBroker.start(Files.createDirectory(folders.resolve("first")), settings -> onShared(settings, jdbcUrl));
      second = DemoBroker.start(Files.createDirectory(folders.resolve("second")), settings -> onShared(settings, jdbcUrl));
      Set<String> seen = ConcurrentHashMap.newKeySet();
      AtomicInteger resets = new AtomicInteger();
      AtomicInteger syncs = new AtomicInteger();
      AtomicInteger stale = new AtomicInteger();
      try (BrokerConnection connection = new BrokerConnection(new BrokerList(List.of(first.address(), second.address())), first.token("ana"))) {
        connection.watchCameras(new FeedListener<Camera>() {
          @Override
          public void reset() {
            resets.incrementAndGet();
          }

          @Override
          public void upsert(String id, Camera item) {
            seen.add(id);
          }

          @Override
          public void remove(String id) {
            seen.remove(id);
          }

          @Override
          public void synced() {
            syncs.incrementAndGet();
          }

          @Override
          public void stale() {
            stale.incrementAndGet();
          }
        });
        await(() -> syncs.get() == 1, "the first snapshot");
        assertEquals(java.util.Optional.of(first.address()), connection.answeringBroker());
        int resetsAtStart = resets.get();
        int camerasAtStart = seen.size();

        first.close();
        first = null;
        second.broker().cameras().create(new Actor("usr-ada", "ada"),
            org.watchfloor.proto.v1.Camera.newBuilder().setId("after-failover").setName("Written after the first broker went away")
                .setKind(CameraKind.CAMERA_KIND_CITY_CCTV)
                .setLocation(GeoPoint.newBuilder().setLatitude(38.04).setLongitude(-84.5)).build(),
            Map.of());

        await(() -> seen.contains("after-failover"), "the camera written through the second broker");
        assertTrue(stale.get() >= 1, "the client noticed the first broker going away");
        // The catch-up's sync point follows the changes it brings, so it may arrive just after the camera.
        await(() -> syncs.get() >= 2, "the list current again after the move");
        assertEquals(resetsAtStart, resets.get(), "the list resumed from its revision on the second broker: nothing was dropped");
        assertEquals(camerasAtStart + 1, seen.size());
        assertEquals(java.util.Optional.of(second.address()), connection.answeringBroker(), "the connection says which broker it is on now");
      }
    } finally {
      if (first != null) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
      execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static ServerSettings onShared(ServerSettings settings, String jdbcUrl) {
    return new ServerSettings(settings.dataDir(), 0, 0, "127.0.0.1", Optional.of(jdbcUrl), true)
        .withSimulatedDispatch(new SimulatedDispatch.Rates(0, 0));
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 20 s for " + what);
      Thread.sleep(20);
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
