package org.watchfloor.bench;

import com.sun.javafx.perf.PerformanceTracker;
import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.LiveTicket;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.net.StreamSize;
import org.watchfloor.client.net.VideoProtocol;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileState;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.wall.WallTile;
import org.watchfloor.client.wall.WallView;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.media.MediaStatistics;
import uk.co.caprica.vlcj.player.base.MediaPlayer;

/**
 * Video wall benchmark: the real wall (LiveVideo, Wall, WallView) in a 1920x1080 window playing N
 * traffic cameras from the broker's simulator, against the decode floor: a separate plain libVLC
 * process decoding the same streams with the same options and no display. Per row it reports
 * frames shown per tile, the share of decoded frames shown, this process's CPU and the floor's
 * over the same fixed window after a warm-up, and which threads the wall's CPU went to; then the
 * time from dropping a camera on a tile to its first frame on screen. The broker and simulator run
 * in a third process so their CPU counts for neither side.
 */
public final class WallBenchmark {

  private static final String FLOOR_MODE = "--floor-process";
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final ViewPurpose PURPOSE = new ViewPurpose("BENCH-WALL-1", "", "wall benchmark");
  /** The wall's first choice of protocol, which the floor plays too. */
  private static final VideoProtocol PROTOCOL = VideoProtocol.HLS;
  /** Linux reports thread times in clock ticks of 1/100 s (USER_HZ). */
  private static final double NANOS_PER_TICK = 1e7;
  /** The virtual X server's process id, when the run script started one. */
  private static final String X_SERVER_PID = System.getenv().getOrDefault("WATCHFLOOR_BENCH_X_PID", "");

  private WallBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(FLOOR_MODE)) {
      floorProcess(Integer.parseInt(args[1]));
      return;
    }
    List<Integer> tileCounts = List.of(1, 4, 9, 16);
    int seconds = 20;
    int drops = 10;
    String pipeline = "sw";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tiles" -> tileCounts = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--drops" -> drops = Integer.parseInt(args[++i]);
        case "--pipeline" -> pipeline = args[++i];
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench wall [--tiles 1,4,9,16] [--seconds 20] [--drops 10] [--pipeline sw|es2|d3d]\n"
              + "Frames shown and CPU of the video wall against libVLC decoding the same streams with no display.");
          return;
        }
        default -> fail("unknown option '" + args[i] + "' (see --help)");
      }
    }
    for (int tiles : tileCounts) {
      if (layoutOf(tiles).isEmpty()) {
        fail("--tiles takes square grid sizes (1, 4, 9, 16, 25), not " + tiles);
      }
    }
    // Read by JavaFX when it starts: which renderer paints the wall.
    System.setProperty("prism.order", pipeline);
    new WallBenchmark().run(tileCounts, seconds, drops);
    System.exit(0);
  }

  private static void fail(String message) {
    System.err.println("watchfloor bench wall: " + message);
    System.exit(2);
  }

  private static Optional<WallLayout> layoutOf(int tiles) {
    return Arrays.stream(WallLayout.values()).filter(layout -> layout.grid() * layout.grid() == tiles && layout.tiles() == tiles).findFirst();
  }

  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private LiveVideo video;
  private Wall wall;
  /** Counts the window's repaints. */
  private PerformanceTracker tracker;

  private void run(List<Integer> tileCounts, int seconds, int drops) throws Exception {
    try (BrokerProcess broker = BrokerProcess.start("-Xmx1g");
        BrokerConnection connection = new BrokerConnection(new ServerAddress("127.0.0.1", broker.grpcPort()), broker.token("ana"))) {
      List<Camera> cameras = BrokerProcess.trafficCameras(connection);
      CountDownLatch started = new CountDownLatch(1);
      Platform.startup(started::countDown);
      started.await();
      Fx.call(() -> {
        video = new LiveVideo(connection, PlayerPool.open());
        wall = new Wall(video);
        wall.purposeProperty().set(PURPOSE);
        Stage stage = new Stage();
        Scene scene = new Scene(new WallView(wall, id -> Optional.empty()), 1920, 1080);
        // The application's look: the overlay's translucent bars cost painting too.
        scene.getStylesheets().add(StatusBar.class.getResource("watchfloor.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        tracker = PerformanceTracker.getSceneTracker(scene);
        return null;
      });
      System.out.printf(Locale.ROOT, "Video wall, %d cores, Java %s, JavaFX %s, pipeline %s; 1920x1080 window; %d s measured after %d s warm-up%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("javafx.runtime.version"),
          Fx.call(() -> com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()), seconds, WARM_UP.toSeconds());
      System.out.printf("%5s %7s %14s %8s %10s %11s %7s   %s%n",
          "tiles", "stream", "fps shown/tile", "% shown", "wall CPU %", "floor CPU %", "ratio", "wall CPU by thread (% of a core)");
      for (int tiles : tileCounts) {
        row(connection, cameras, tiles, seconds);
      }
      if (drops > 0) {
        timeToFirstFrame(cameras, drops);
      }
      Fx.call(() -> {
        video.close();
        return null;
      });
    }
  }

  /** One row: the wall plays {@code tiles} cameras, then the floor process decodes the same streams. */
  private void row(BrokerConnection connection, List<Camera> cameras, int tiles, int seconds) throws Exception {
    Fx.call(() -> {
      wall.layoutProperty().set(layoutOf(tiles).orElseThrow());
      for (int i = 0; i < tiles; i++) {
        wall.place(i, cameras.get(i));
      }
      return null;
    });
    List<WallTile> playing = Fx.call(() -> wall.tiles().subList(0, tiles));
    Fx.waitUntil("all " + tiles + " tiles are live", () -> playing.stream().allMatch(tile -> tile.state() == TileState.LIVE));
    Thread.sleep(WARM_UP.toMillis());
    StreamSize size = Fx.call(() -> playing.get(0).detailProperty().get().startsWith("main") ? StreamSize.MAIN : StreamSize.SUB);

    long[] shown = Fx.call(() -> playing.stream().mapToLong(WallTile::framesShown).toArray());
    long[] decoded = Fx.call(() -> playing.stream().mapToLong(WallTile::framesDecoded).toArray());
    Fx.call(() -> {
      tracker.resetAverageFPS();
      tracker.resetAveragePulses();
      return null;
    });
    Map<String, Long> threadsBefore = threadTicks();
    long xBefore = xServerTicks();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long elapsed = System.nanoTime() - start;
    double xServer = (xServerTicks() - xBefore) * NANOS_PER_TICK * 100 / elapsed;
    Map<String, Long> threadsAfter = threadTicks();
    double repaints = Fx.call(() -> (double) tracker.getAverageFPS());
    double pulses = Fx.call(() -> (double) tracker.getAveragePulses());
    long[] shownAfter = Fx.call(() -> playing.stream().mapToLong(WallTile::framesShown).toArray());
    long[] decodedAfter = Fx.call(() -> playing.stream().mapToLong(WallTile::framesDecoded).toArray());
    long shownSum = 0;
    long decodedSum = 0;
    for (int i = 0; i < tiles; i++) {
      shownSum += shownAfter[i] - shown[i];
      decodedSum += decodedAfter[i] - decoded[i];
    }
    double wallCpu = cpu * 100.0 / elapsed;
    String byThread = threadShares(threadsBefore, threadsAfter, elapsed);
    Fx.call(() -> {
      wall.clear();
      return null;
    });
    Thread.sleep(2000); // the players stop and the sessions close before the floor starts

    Floor floor = floor(connection, cameras.subList(0, tiles), size, seconds);
    System.out.printf(Locale.ROOT, "%5d %7s %14.2f %8.1f %10.1f %11.1f %7.2f   %s%n", tiles, size.name().toLowerCase(Locale.ROOT),
        shownSum / (elapsed / 1e9) / tiles, decodedSum == 0 ? 0 : shownSum * 100.0 / decodedSum, wallCpu, floor.cpu(), wallCpu / floor.cpu(),
        byThread);
    System.out.printf(Locale.ROOT, "%5s wall: %.1f repaints/s in %.1f pulses/s, X server %s; floor: %.2f fps displayed per stream by its dummy output, %.2f lost%n", "",
        repaints, pulses, X_SERVER_PID.isEmpty() ? "not measured" : String.format(Locale.ROOT, "%.1f %%", xServer), floor.displayedFps() / tiles, floor.lostFps() / tiles);
    System.out.flush();
  }

  /** CPU ticks of the X server the run script started (it paints what the wall uploads), or 0. */
  private static long xServerTicks() throws IOException {
    if (X_SERVER_PID.isEmpty()) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc", X_SERVER_PID, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** CPU ticks of this process's threads, summed by thread name (libVLC's threads take their creator's: libvlc-control). */
  private static Map<String, Long> threadTicks() throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[ #-]?\\d+$", "");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
      }
    }
    return ticks;
  }

  private static String threadShares(Map<String, Long> before, Map<String, Long> after, long elapsedNanos) {
    return after.entrySet().stream()
        .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
        .filter(entry -> entry.getValue() * NANOS_PER_TICK * 100 / elapsedNanos >= 0.5)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(entry -> String.format(Locale.ROOT, "%s %.0f", entry.getKey(), entry.getValue() * NANOS_PER_TICK * 100 / elapsedNanos))
        .reduce((a, b) -> a + ", " + b).orElse("");
  }

  private record Floor(double cpu, double displayedFps, double lostFps) {}

  /** Opens tickets for {@code cameras} and has the floor process decode them; closes the sessions after. */
  private static Floor floor(BrokerConnection connection, List<Camera> cameras, StreamSize size, int seconds) throws Exception {
    List<LiveTicket> tickets = new ArrayList<>();
    for (Camera camera : cameras) {
      tickets.add(connection.openLive(camera.id(), PURPOSE, size, List.of(PROTOCOL)));
    }
    try {
      Process floor = new ProcessBuilder(BrokerProcess.javaCommand("-Xmx256m", WallBenchmark.class.getName(), FLOOR_MODE, String.valueOf(seconds)))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      // Ticket URLs are credentials: handed over on stdin, not on the command line.
      try (PrintWriter urls = new PrintWriter(floor.getOutputStream(), true, StandardCharsets.UTF_8)) {
        tickets.forEach(ticket -> urls.println(ticket.url()));
      }
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(floor.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("FLOOR ")) {
            double[] values = Arrays.stream(line.substring(6).split(" ")).mapToDouble(Double::parseDouble).toArray();
            floor.waitFor(10, TimeUnit.SECONDS);
            return new Floor(values[0], values[1], values[2]);
          }
        }
      } finally {
        floor.destroy();
      }
      throw new IllegalStateException("the floor process ended without a result (exit " + floor.waitFor() + ")");
    } finally {
      for (LiveTicket ticket : tickets) {
        connection.closeSession(ticket.sessionId());
      }
    }
  }

  /** Drops a camera on a tile of a 3x3 wall {@code drops} times; median and range of the time to its first frame. */
  private void timeToFirstFrame(List<Camera> cameras, int drops) throws Exception {
    Fx.call(() -> {
      wall.layoutProperty().set(WallLayout.GRID_3);
      return null;
    });
    WallTile tile = Fx.call(() -> wall.tile(0));
    List<Long> millis = new ArrayList<>();
    for (int drop = 0; drop < drops; drop++) {
      Camera camera = cameras.get(drop % cameras.size());
      Fx.call(() -> {
        wall.place(0, camera);
        return null;
      });
      Fx.waitUntil("the dropped camera shows a frame", () -> tile.timeToFirstFrame().isPresent());
      millis.add(Fx.call(() -> tile.timeToFirstFrame().orElseThrow().toMillis()));
      Fx.call(() -> {
        wall.place(0, null);
        return null;
      });
      Thread.sleep(500);
    }
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(Locale.ROOT, "time to first frame (drop on a 3x3 tile, %d drops): median %d ms, min %d ms, max %d ms%n",
        drops, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  /**
   * The floor: plain libVLC players with no video or audio output decode the ticket URLs read
   * from stdin, with the wall's stream options; prints this process's CPU over the measured window.
   */
  private static void floorProcess(int seconds) throws Exception {
    List<String> urls = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MediaPlayerFactory factory = new MediaPlayerFactory("--vout=dummy", "--aout=dummy", "--quiet");
    List<MediaPlayer> players = new ArrayList<>();
    for (String url : urls) {
      MediaPlayer player = factory.mediaPlayers().newMediaPlayer();
      players.add(player);
      player.media().play(url, PlayerPool.LIVE_OPTIONS.toArray(String[]::new));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (players.stream().anyMatch(player -> player.media().info().statistics().picturesDisplayed() == 0) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(WARM_UP.toMillis());
    long[] displayed = players.stream().mapToLong(player -> player.media().info().statistics().picturesDisplayed()).toArray();
    long[] lost = players.stream().mapToLong(player -> player.media().info().statistics().picturesLost()).toArray();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long elapsed = System.nanoTime() - start;
    long displayedSum = 0;
    long lostSum = 0;
    for (int i = 0; i < players.size(); i++) {
      MediaStatistics statistics = players.get(i).media().info().statistics();
      displayedSum += statistics.picturesDisplayed() - displayed[i];
      lostSum += statistics.picturesLost() - lost[i];
    }
    System.out.printf(Locale.ROOT, "FLOOR %.3f %.3f %.3f%n", cpu * 100.0 / elapsed, displayedSum / (elapsed / 1e9), lostSum / (elapsed / 1e9));
    System.out.flush();
    for (MediaPlayer player : players) {
      player.controls().stop();
      player.release();
    }
    factory.release();
  }
}
