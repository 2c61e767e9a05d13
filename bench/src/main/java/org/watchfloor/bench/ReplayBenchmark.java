package org.watchfloor.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.replay.Replay;
import org.watchfloor.client.replay.ReplayTile;
import org.watchfloor.client.replay.ReplayWallView;
import org.watchfloor.client.wall.PlayerPool;

/**
 * Replay benchmark: the real replay wall (Replay, ReplayWallView) in a 1920x1080 window playing the
 * recordings of the N cameras nearest to a demo incident on one clock. Per tile count it seeks
 * (paused) to moments every tile recorded and reports how long until each tile showed the cursor's
 * frame and how far that frame was; then it plays at 1x and 4x and samples, every 100 ms, the spread
 * between the tiles' offsets from the clock, read from the time code in their pictures. Under each
 * row: where a seek's time went (until its last window was handed to libVLC, until that window's
 * first frame) and what the tiles did to stay in step while playing. The broker and simulator run
 * in a process of their own.
 */
public final class ReplayBenchmark {

  private static final int SEEKS = 10;

  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> tileCounts = List.of(4, 9);
    int seconds = 30;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tiles" -> tileCounts = tileCounts(value(args, i++));
        case "--seconds" -> seconds = positive("--seconds", value(args, i++));
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench replay [--tiles 4,9] [--seconds 30]\n"
              + "Seeks the replay wall to moments every tile recorded and plays it at 1x and 4x: seek to the correct frame\n"
              + "p50/p95 and the spread between tiles read from their time codes p50/p95/max.\n"
              + "  --tiles N,M    tile counts to measure, each 1 to " + Replay.MAX_TILES + " (default 4,9)\n"
              + "  --seconds S    seconds of play at each speed (default 30)");
          return;
        }
        default -> fail("unknown option '" + args[i] + "' (see --help)");
      }
    }
    try (BrokerProcess broker = BrokerProcess.start("-Xmx1g");
        BrokerConnection connection = new BrokerConnection(new ServerAddress("127.0.0.1", broker.grpcPort()), broker.token("sam"))) {
      CountDownLatch started = new CountDownLatch(1);
      Platform.startup(started::countDown);
      started.await();
      Platform.setImplicitExit(false);
      PlayerPool pool = PlayerPool.open().pool().orElseThrow(() -> new IllegalStateException("libVLC is needed"));
      try {
        System.out.println("tiles  seek p50 / p95 (ms)  frames off p95  spread 1x p50 / p95 / max (ms)  spread 4x p50 / p95 / max (ms)");
        for (int tiles : tileCounts) {
          row(connection, pool, nearest(connection, tiles), tiles, seconds);
        }
      } finally {
        pool.close();
        Platform.exit();
      }
    }
  }

  private static void fail(String message) {
    System.err.println("watchfloor bench replay: " + message);
    System.exit(2);
  }

  /** The value after option {@code args[i]}. */
  private static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      fail(args[i] + " needs a value (see --help)");
    }
    return args[i + 1];
  }

  private static List<Integer> tileCounts(String text) {
    List<Integer> counts = List.of(text.split(",")).stream().map(count -> positive("--tiles", count)).toList();
    counts.stream().filter(count -> count > Replay.MAX_TILES).findFirst()
        .ifPresent(count -> fail("--tiles: at most " + Replay.MAX_TILES + " tiles, not " + count));
    return counts;
  }

  private static int positive(String option, String text) {
    try {
      int value = Integer.parseInt(text.strip());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    fail(option + ": a whole number above 0, not '" + text + "'");
    return 0;
  }

  private static void row(BrokerConnection connection, PlayerPool pool, IncidentTimeline timeline, int tiles, int seconds) throws Exception {
    Stage[] stage = new Stage[1];
    Replay replay = Fx.call(() -> {
      Replay shown = new Replay(connection, Optional.of(pool), "", timeline,
          new ViewPurpose(timeline.incident().cadNumber(), timeline.incident().id(), "replay benchmark"), ZoneId.systemDefault());
      stage[0] = new Stage();
      stage[0].setScene(new Scene(new ReplayWallView(shown), 1920, 1080));
      stage[0].show();
      shown.start();
      return shown;
    });
    Fx.waitUntil("every tile opened its recording", () -> replay.tiles().stream().allMatch(tile -> tile.spansProperty().get() != null));
    List<Long> seekNanos = new ArrayList<>();
    List<Long> framesOff = new ArrayList<>();
    List<Long> handedNanos = new ArrayList<>();
    List<Long> firstFrameNanos = new ArrayList<>();
    long reopened = 0;
    Instant target = timeline.windowStart().plusSeconds(30);
    for (int seek = 0; seek < SEEKS; seek++) {
      target = everyTileRecorded(replay, target.plusSeconds(37).plusMillis(133L * seek));
      Instant at = target;
      Fx.call(() -> {
        replay.seek(at);
        return null;
      });
      Fx.waitUntil("the seek settles", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));
      for (ReplayTile tile : replay.tiles()) {
        ReplayTile.SeekResult result = Fx.call(() -> tile.lastSeek().orElseThrow());
        seekNanos.add(result.took().toNanos());
        framesOff.add(Math.abs(result.framesOff()));
        handedNanos.add(result.handed().toNanos());
        firstFrameNanos.add(result.firstFrame().toNanos());
        reopened += result.windows() > 1 ? 1 : 0;
      }
    }
    Instant playFrom = everyTileRecorded(replay, target.plusSeconds(20));
    Played oneX = play(replay, playFrom, 1, seconds);
    Played fourX = play(replay, everyTileRecorded(replay, playFrom.plusSeconds(seconds + 10)), 4, seconds / 2);
    System.out.printf(Locale.ROOT, "%5d  %8.0f / %-8.0f      %5d          %s  %s%n", tiles, millis(seekNanos, 50), millis(seekNanos, 95),
        Latencies.percentile(framesOff.stream().mapToLong(Long::longValue).toArray(), 95), oneX.spread(), fourX.spread());
    System.out.printf(Locale.ROOT, "       seek's last window handed to libVLC p50 / p95 %.0f / %.0f ms, its first frame %.0f / %.0f ms; %d of %d seeks"
        + " opened a second window%n", millis(handedNanos, 50), millis(handedNanos, 95), millis(firstFrameNanos, 50), millis(firstFrameNanos, 95),
        reopened, seekNanos.size());
    System.out.printf(Locale.ROOT, "       corrections while playing, all tiles: 1x %s; 4x %s%n", oneX.corrections(), fourX.corrections());
    Fx.call(() -> {
      replay.close();
      stage[0].close();
      return null;
    });
  }

  /** The spread p50 / p95 / max while playing at one speed, and what the tiles did to keep it. */
  private record Played(String spread, String corrections) {}

  /**
   * Plays from {@code from} at {@code rate} and samples the spread every 100 ms once every tile
   * joined; counts the windows the tiles opened, their holds and the clock's waits meanwhile.
   */
  private static Played play(Replay replay, Instant from, double rate, int seconds) throws Exception {
    Fx.call(() -> {
      replay.pause();
      replay.setRate(rate);
      replay.seek(from);
      return null;
    });
    Fx.waitUntil("the seek settles", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));
    Fx.call(() -> {
      replay.play();
      return null;
    });
    Fx.waitUntil("every tile joins the clock", () -> replay.tiles().stream().allMatch(ReplayTile::inStep));
    List<ReplayTile.Corrections> before = Fx.call(() -> replay.tiles().stream().map(ReplayTile::corrections).toList());
    List<Long> spread = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      Thread.sleep(100);
      Fx.call(replay::spread).ifPresent(value -> spread.add(value.toNanos()));
    }
    List<ReplayTile.Corrections> after = Fx.call(() -> replay.tiles().stream().map(ReplayTile::corrections).toList());
    Fx.call(() -> {
      replay.pause();
      return null;
    });
    long windows = 0;
    long holds = 0;
    long waits = 0;
    for (int i = 0; i < after.size(); i++) {
      windows += after.get(i).windows() - before.get(i).windows();
      holds += after.get(i).holds() - before.get(i).holds();
      waits += after.get(i).clockWaits() - before.get(i).clockWaits();
    }
    String corrections = String.format(Locale.ROOT, "%d windows reopened, %d holds, %d clock waits in %d s", windows, holds, waits, seconds);
    long[] values = spread.stream().mapToLong(Long::longValue).toArray();
    return new Played(values.length == 0 ? "no samples (tiles never in step together)"
        : String.format(Locale.ROOT, "%6.0f / %-6.0f / %-6.0f", Latencies.millis(Latencies.percentile(values, 50)),
            Latencies.millis(Latencies.percentile(values, 95)), Latencies.millis(Latencies.percentile(values, 100))), corrections);
  }

  private static double millis(List<Long> nanos, int percent) {
    return Latencies.millis(Latencies.percentile(nanos.stream().mapToLong(Long::longValue).toArray(), percent));
  }

  /** The first moment from {@code from} on (in 10 s steps) that every tile recorded, with 40 s of recording after it. */
  private static Instant everyTileRecorded(Replay replay, Instant from) throws Exception {
    for (Instant at = from; at.isBefore(from.plus(Duration.ofHours(1))); at = at.plusSeconds(10)) {
      Instant candidate = at;
      if (Fx.call(() -> replay.tiles().stream().allMatch(tile -> tile.recorded(candidate) && tile.recorded(candidate.plusSeconds(40))))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no moment after " + from + " that every tile recorded");
  }

  /** The demo incident's timeline over the last 40 minutes, cut to the {@code tiles} nearest cameras with recordings. */
  private static IncidentTimeline nearest(BrokerConnection connection, int tiles) throws InterruptedException {
    Map<String, Incident> incidents = BrokerProcess.<Incident>snapshot("incidents", connection::watchIncidents);
    Instant end = Instant.now().minusSeconds(30);
    for (Incident incident : incidents.values()) {
      IncidentTimeline timeline = connection.timeline(incident.id(), 1000, end.minus(Duration.ofMinutes(40)), end);
      Set<String> cameras = new LinkedHashSet<>();
      timeline.recordings().stream().filter(recording -> !recording.ownerShared()).map(NearbyRecording::cameraId)
          .forEach(id -> {
            if (cameras.size() < tiles) {
              cameras.add(id);
            }
          });
      if (cameras.size() == tiles) {
        return timeline.withRecordings(
            timeline.recordings().stream().filter(recording -> cameras.contains(recording.cameraId()) && !recording.ownerShared()).toList());
      }
    }
    throw new IllegalStateException("no demo incident has " + tiles + " cameras with recordings within 1000 m");
  }
}
