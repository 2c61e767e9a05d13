package org.watchfloor.bench;

import com.sun.javafx.perf.PerformanceTracker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileState;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.wall.WallTile;
import org.watchfloor.client.wall.WallView;

/**
 * Map benchmark: a 1920x1080 window with the real map pane and N synthetic cameras around
 * Lexington, alone or beside a wall playing the simulator's traffic cameras (as the client lays
 * them out); for each N, pans and zooms every frame for a fixed number of frames and reports each
 * frame's time (from its pulse to its frame rendered) and the time between pulses, median and
 * p99, how long after a gesture ends the map shows its settled, fully repainted view, and with a
 * wall the share of decoded video frames the wall showed meanwhile. Beside the times, the CPU the
 * FX thread and the renderer spent a frame: on a machine shared with other work the times stretch
 * with the load, the CPU a frame much less.
 */
public final class MapBenchmark {

  /** Frames measured per row; 300 keep a 100,000-camera run within minutes on a slow machine. */
  private static final int FRAMES = 300;
  /** Gestures whose end is timed until the map shows the settled view. */
  private static final int GESTURE_ENDS = 5;
  private static final ViewPurpose PURPOSE = new ViewPurpose("BENCH-MAP-1", "", "map benchmark");

  private MapBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 100_000);
    int wallTiles = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--with-wall" -> {
          int tiles = Integer.parseInt(args[++i]);
          if (Arrays.stream(WallLayout.values()).noneMatch(layout -> layout.tiles() == tiles && layout.grid() * layout.grid() == tiles)) {
            fail("--with-wall takes square grid sizes (1, 4, 9, 16), not " + tiles);
          }
          wallTiles = tiles;
        }
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench map [--sizes 0,10000,100000] [--with-wall 9]\n"
              + "Each size is measured with the map alone, then, with --with-wall, beside a wall playing that many cameras.");
          return;
        }
        default -> fail("unknown option '" + args[i] + "' (see --help)");
      }
    }
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    // Each row closes its window before the next opens: that must not end JavaFX.
    Platform.setImplicitExit(false);
    System.out.printf(Locale.ROOT, "Map, %d cores, Java %s, JavaFX %s, pipeline %s; 1920x1080 window; %d frames a row%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("javafx.runtime.version"),
        Fx.call(() -> com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()), FRAMES);
    System.out.printf("%9s %5s %22s %22s %22s %24s %22s%n", "cameras", "wall", "frame ms p50 / p99", "pulse gap ms p50 / p99",
        "settled ms med / max", "CPU ms a frame FX / rnd", "wall frames shown");
    for (int size : sizes) {
      print(size, 0, run(size, null), "");
    }
    if (wallTiles > 0) {
      try (BrokerProcess broker = BrokerProcess.start("-Xmx1g");
          BrokerConnection connection = new BrokerConnection(new ServerAddress("127.0.0.1", broker.grpcPort()), broker.token("ana"))) {
        List<Camera> traffic = BrokerProcess.trafficCameras(connection);
        LiveVideo video = Fx.call(() -> new LiveVideo(connection, PlayerPool.open()));
        try {
          for (int size : sizes) {
            PlayingWall playing = playingWall(video, traffic, wallTiles);
            long[] before = playing.frames();
            Measured measured = run(size, playing.wall());
            long[] after = playing.frames();
            print(size, wallTiles, measured, String.format(Locale.ROOT, "%.1f %% (%d of %d)", (after[0] - before[0]) * 100.0 / Math.max(1, after[1] - before[1]),
                after[0] - before[0], after[1] - before[1]));
            Fx.call(() -> {
              playing.wall().dispose();
              return null;
            });
          }
        } finally {
          Fx.call(() -> {
            video.close();
            return null;
          });
        }
      }
    }
    Platform.exit();
  }

  private static void fail(String message) {
    System.err.println("watchfloor bench map: " + message);
    System.exit(2);
  }

  private static void print(int size, int wallTiles, Measured measured, String wallFrames) {
    System.out.printf(Locale.ROOT, "%9d %5s %22s %22s %22s %24s %22s%n", size, wallTiles == 0 ? "-" : wallTiles + "",
        medianAndP99(measured.frames()), medianAndP99(measured.pulseGaps()),
        String.format(Locale.ROOT, "%.0f / %.0f", percentile(measured.settled(), 0.5), percentile(measured.settled(), 1)),
        String.format(Locale.ROOT, "%.1f / %.1f", measured.fxCpuNanos() / 1e6 / FRAMES, measured.renderCpuNanos() / 1e6 / FRAMES), wallFrames);
    System.out.flush();
  }

  private static String medianAndP99(long[] nanos) {
    return String.format(Locale.ROOT, "%.1f / %.1f", percentile(nanos, 0.5), percentile(nanos, 0.99));
  }

  /** The value at a fraction of the sorted values (nearest rank), in milliseconds. */
  private static double percentile(long[] nanos, double fraction) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * fraction) - 1)] / 1e6;
  }

  /** A wall playing {@code tiles} cameras, all live. */
  private record PlayingWall(Wall wall, List<WallTile> tiles) {
    /** Frames shown and frames decoded so far, over all tiles. */
    long[] frames() throws Exception {
      return Fx.call(() -> new long[] {tiles.stream().mapToLong(WallTile::framesShown).sum(), tiles.stream().mapToLong(WallTile::framesDecoded).sum()});
    }
  }

  private static PlayingWall playingWall(LiveVideo video, List<Camera> traffic, int tiles) throws Exception {
    Wall wall = Fx.call(() -> {
      Wall made = new Wall(video);
      made.purposeProperty().set(PURPOSE);
      made.layoutProperty().set(Arrays.stream(WallLayout.values()).filter(layout -> layout.tiles() == tiles).findFirst().orElseThrow());
      return made;
    });
    List<WallTile> playing = Fx.call(() -> {
      for (int i = 0; i < tiles; i++) {
        wall.place(i, traffic.get(i));
      }
      return wall.tiles().subList(0, tiles);
    });
    return new PlayingWall(wall, playing);
  }

  /**
   * What one row measured: frame times and pulse gaps while moving, times until the settled view was
   * shown, and the CPU the FX thread and the renderer spent over the frames measured.
   */
  private record Measured(long[] frames, long[] pulseGaps, long[] settled, long fxCpuNanos, long renderCpuNanos) {}

  /**
   * CPU time of the FX thread (with the map's scaler thread, which takes half of the FX thread's
   * scaling) and of JavaFX's render thread so far; call on the FX thread.
   */
  private static long[] fxAndRenderCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Set<Thread> all = Thread.getAllStackTraces().keySet();
    long render = all.stream().filter(thread -> thread.getName().startsWith("QuantumRenderer"))
        .mapToLong(thread -> threads.getThreadCpuTime(thread.getId())).sum();
    long scaler = all.stream().filter(thread -> thread.getName().equals("map-scaler"))
        .mapToLong(thread -> threads.getThreadCpuTime(thread.getId())).sum();
    return new long[] {threads.getCurrentThreadCpuTime() + scaler, render};
  }

  /**
   * Pans and zooms the map over {@code size} cameras every frame, beside {@code wall} when one is
   * given, then, after each of a few short gestures, times how long the map takes to show the view
   * fully repainted once it stops: from the pulse of the last move to the pulse after the camera
   * layer reports it is up to date.
   */
  private static Measured run(int size, Wall wall) throws Exception {
    CameraMapModel model = new CameraMapModel();
    // Through the same feed the broker's Watch call reaches, as the client at work receives them.
    FeedListener<Camera> feed = model.cameraFeed();
    Random random = new Random(11);
    CameraType[] types = CameraType.values();
    for (int i = 0; i < size; i++) {
      String id = "bench-" + i;
      feed.upsert(id, new Camera(id, "Camera " + i, types[i % types.length],
          38.04 + random.nextGaussian() * 0.06, -84.50 + random.nextGaussian() * 0.08,
          List.of(new Camera.ViewCone(random.nextDouble() * 360, 60, 120)), "", "", "", Set.of(), ConsentBadge.NONE,
          true, Camera.Equipment.NONE, 1));
    }
    feed.synced();
    MapPane map = Fx.call(() -> new MapPane(model));
    Stage stage = Fx.call(() -> {
      Parent root = map;
      if (wall != null) {
        SplitPane split = new SplitPane(map, new WallView(wall, id -> Optional.empty()));
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.42);
        root = split;
      }
      Stage shown = new Stage();
      Scene scene = new Scene(root, 1920, 1080);
      scene.getStylesheets().add(StatusBar.class.getResource("watchfloor.css").toExternalForm());
      shown.setScene(scene);
      shown.show();
      return shown;
    });
    Fx.waitUntil("the map holds all " + size + " cameras", () -> model.cameraCountProperty().get() == size);
    if (wall != null) {
      Fx.waitUntil("every tile of the wall is live", () -> wall.tiles().stream().allMatch(tile -> tile.camera() == null || tile.state() == TileState.LIVE));
    }
    Fx.waitUntil("the map is painted", () -> map.cameraLayer().upToDateProperty().get());

    // A frame's time: from its pulse to the renderer's report that the frame is on screen.
    AtomicLong pulseOfFrame = new AtomicLong();
    ConcurrentLinkedQueue<Long> frameTimes = new ConcurrentLinkedQueue<>();
    PerformanceTracker tracker = Fx.call(() -> PerformanceTracker.getSceneTracker(stage.getScene()));
    tracker.setOnRenderedFrameTask(() -> {
      long pulse = pulseOfFrame.getAndSet(0);
      if (pulse != 0) {
        frameTimes.add(System.nanoTime() - pulse);
      }
    });
    CountDownLatch done = new CountDownLatch(1);
    List<Long> gaps = new ArrayList<>();
    long[] settled = new long[GESTURE_ENDS];
    long[][] cpu = new long[2][];
    Fx.call(() -> {
      new AnimationTimer() {
        private long previous;
        private int frame;
        private int gestureEnds;
        private long stoppedAt;
        private boolean shownUpToDate;

        @Override
        public void handle(long now) {
          if (gaps.size() < FRAMES) {
            if (previous != 0 && frame > 30) {
              if (gaps.isEmpty()) {
                cpu[0] = fxAndRenderCpu();
              }
              gaps.add(now - previous);
              pulseOfFrame.set(now);
            }
            previous = now;
            move();
            return;
          }
          pulseOfFrame.set(0);
          if (cpu[1] == null) {
            cpu[1] = fxAndRenderCpu();
          }
          if (stoppedAt == 0) {
            stoppedAt = now;
          } else if (shownUpToDate) {
            settled[gestureEnds++] = now - stoppedAt;
            shownUpToDate = false;
            if (gestureEnds == GESTURE_ENDS) {
              stop();
              done.countDown();
              return;
            }
            for (int i = 0; i < 20; i++) {
              move();
            }
            stoppedAt = now;
          } else {
            shownUpToDate = map.cameraLayer().upToDateProperty().get();
          }
        }

        /** Pans in a circle, and zooms in and out between 11 and 17, one step per frame. */
        private void move() {
          frame++;
          double t = frame / 60.0;
          map.mapView().setCenter(38.04 + 0.03 * Math.sin(t), -84.50 + 0.04 * Math.cos(t));
          map.mapView().setZoom(14 + 3 * Math.sin(t / 3));
        }
      }.start();
      return null;
    });
    done.await();
    Fx.call(() -> {
      tracker.setOnRenderedFrameTask(null);
      PerformanceTracker.releaseSceneTracker(stage.getScene());
      stage.close();
      return null;
    });
    return new Measured(frameTimes.stream().mapToLong(Long::longValue).toArray(), gaps.stream().mapToLong(Long::longValue).toArray(), settled,
        cpu[1][0] - cpu[0][0], cpu[1][1] - cpu[0][1]);
  }
}
