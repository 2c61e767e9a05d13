package org.watchfloor.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;

/**
 * Map benchmark: a 1920x1080 window with the real map pane and N synthetic cameras around
 * Lexington; for each N, pans and zooms every frame for a fixed number of frames and reports the
 * time each frame took (from one pulse to the next), median and p99, and how long after a gesture
 * ends the map shows its settled, fully repainted view.
 */
public final class MapBenchmark {

  /** Frames measured per size; 300 keep a 100,000-camera run within minutes on a slow machine. */
  private static final int FRAMES = 300;
  /** Gestures whose end is timed until the map shows the settled view. */
  private static final int GESTURE_ENDS = 5;

  private MapBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 100_000);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench map [--sizes 10000,100000]");
          return;
        }
        default -> {
          System.err.println("watchfloor bench map: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    // Each size closes its window before the next opens: that must not end JavaFX.
    Platform.setImplicitExit(false);
    System.out.printf("%9s %16s %10s %10s %22s%n", "cameras", "frames measured", "median ms", "p99 ms", "settled view ms (med/max)");
    for (int size : sizes) {
      Measured measured = run(size);
      long[] frames = measured.frames().clone();
      Arrays.sort(frames);
      long[] settled = measured.settled().clone();
      Arrays.sort(settled);
      System.out.printf("%9d %16d %10.2f %10.2f %13.0f / %.0f%n", size, frames.length, frames[frames.length / 2] / 1e6,
          frames[(int) Math.ceil(frames.length * 0.99) - 1] / 1e6, settled[settled.length / 2] / 1e6, settled[settled.length - 1] / 1e6);
    }
    Platform.exit();
  }

  /** What one size measured: frame durations while moving, and times until the settled view was shown. */
  private record Measured(long[] frames, long[] settled) {}

  /**
   * Pans and zooms the map over {@code size} cameras every frame, then, after each of a few short
   * gestures, times how long the map takes to show the view fully repainted once it stops: from
   * the pulse of the last move to the pulse after the camera layer reports it is up to date.
   */
  private static Measured run(int size) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    long[] frames = new long[FRAMES];
    long[] settled = new long[GESTURE_ENDS];
    Platform.runLater(() -> {
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
            true, true, 1));
      }
      feed.synced();
      MapPane map = new MapPane(model);
      Stage stage = new Stage();
      stage.setScene(new Scene(map, 1920, 1080));
      stage.show();
      List<Long> times = new ArrayList<>();
      new AnimationTimer() {
        private long previous;
        private int frame;
        private int gestureEnds;
        private long stoppedAt;
        private boolean shownUpToDate;

        @Override
        public void handle(long now) {
          if (times.size() < FRAMES) {
            if (previous != 0 && frame > 30) {
              times.add(now - previous);
            }
            previous = now;
            move();
            return;
          }
          if (stoppedAt == 0) {
            stoppedAt = now;
          } else if (shownUpToDate) {
            settled[gestureEnds++] = now - stoppedAt;
            shownUpToDate = false;
            if (gestureEnds == GESTURE_ENDS) {
              stop();
              for (int i = 0; i < FRAMES; i++) {
                frames[i] = times.get(i);
              }
              stage.close();
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
    });
    done.await();
    return new Measured(frames, settled);
  }
}
