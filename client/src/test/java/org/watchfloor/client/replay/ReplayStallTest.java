package org.watchfloor.client.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.net.PlaybackTicket;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.WallLayout;

/**
 * A paused seek whose media server lists a recording but never answers for its window: the tile,
 * decoding with the real libVLC, says no video arrived and reopens it, instead of seeking silently
 * for ever.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayStallTest {

  private final CountDownLatch ending = new CountDownLatch(1);
  private final ExecutorService answering = Executors.newCachedThreadPool();
  private HttpServer mediaServer;
  private PlayerPool pool;
  private Replay replay;

  @AfterEach
  void stop() throws Exception {
    if (replay != null) {
      WaitForAsyncUtils.asyncFx(() -> replay.close()).get(30, TimeUnit.SECONDS);
    }
    ending.countDown();
    if (pool != null) {
      pool.close();
    }
    if (mediaServer != null) {
      mediaServer.stop(0);
    }
    answering.shutdownNow();
    FxToolkit.cleanupStages();
  }

  @Test
  void aSeekWhoseWindowNeverDeliversSaysSoAndReopens() throws Exception {
    Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant end = start.plus(Duration.ofMinutes(10));
    mediaServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    mediaServer.setExecutor(answering);
    mediaServer.createContext("/list", exchange -> answer(exchange,
        "[{\"start\":\"" + start + "\",\"duration\":600,\"url\":\"/get?path=stalled\"}]"));
    // Accepts the window's request and never answers it: the connection stays open without a byte.
    mediaServer.createContext("/get", exchange -> {
      try {
        ending.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    mediaServer.start();
    String url = "http://127.0.0.1:" + mediaServer.getAddress().getPort() + "/get?path=stalled&ticket=t";
    RecordingSource stalled = new RecordingSource() {
      @Override
      public PlaybackTicket open(String cameraId, String clipId, Instant from, Instant to) {
        return new PlaybackTicket("session", cameraId, url, from, to, Instant.now().plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(2)));
      }

      @Override
      public PlaybackTicket renew(PlaybackTicket ticket) {
        return ticket;
      }

      @Override
      public void close(String sessionId) {
        // nothing held
      }
    };
    Incident incident = new Incident("incident", "CAD-1", "test", false, "P3", 38.05, -84.5, "Main St", "", true, start);
    IncidentTimeline timeline = new IncidentTimeline(incident, List.of(),
        List.of(new NearbyRecording("stalled", "Stalled camera", 10, start, end, "")), start, end, 500, List.of());
    pool = PlayerPool.open().pool().orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> {
      replay = Replay.ofPackage(stalled, Optional.of(pool), "", timeline, "CASE-1",
          new PackageGrid(1, 1, List.of(new WallLayout.Cell(0, 0, 1))), start.plusSeconds(60), ZoneId.of("UTC"));
      Stage stage = new Stage();
      stage.setScene(new Scene(new ReplayWallView(replay), 640, 480));
      stage.show();
      replay.start();
    }).get(10, TimeUnit.SECONDS);
    ReplayTile tile = onFx(() -> replay.tiles().get(0));

    waitFor("the paused tile seeks", () -> tile.state() == ReplayTileState.SEEKING);
    waitFor("the tile says no video arrived and reopens", () -> tile.state() == ReplayTileState.RECONNECTING);
    String detail = onFx(() -> tile.detailProperty().get());
    assertTrue(detail.startsWith("No video arrived.") && detail.contains("Reopening it at the clock's moment"), detail);
    assertTrue(onFx(() -> !replay.clock().playing() && tile.lastSeek().isEmpty()), "still paused, and no seek claimed done");
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting until " + what, e);
    }
  }

  private static <T> T onFx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }
}
