package org.watchfloor.client.map;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.collections.SetChangeListener;
import javafx.util.Duration;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraSummary;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.GeoBox;

/**
 * Feeds the map's model from the broker. A directory of up to {@link #FULL_LIMIT} cameras (a
 * city's) is held whole through one Watch of everything. A larger one (a state's) is not: the
 * first snapshot event says its size, the whole Watch is dropped, and from then on the map shows
 * the broker's clusters of the view (asked again when the view rests, when types or layers are
 * hidden, and every few seconds for changes elsewhere) and holds only the cameras of the view
 * and around it, through a Watch of that area, once the view holds few enough of them.
 */
public final class DirectoryFollower {

  /** Above this many cameras the directory is not held whole. */
  static final long FULL_LIMIT = Long.getLong("watchfloor.fullDirectoryLimit", 250_000);
  /** A view with at most this many cameras has them held one by one (markers, details, drag to the wall). */
  static final int HOLD_LIMIT = 25_000;
  private static final Duration REFRESH = Duration.seconds(5);
  private static final Logger LOG = Logger.getLogger(DirectoryFollower.class.getName());
  private static final ExecutorService CALLS = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "directory-summary");
    thread.setDaemon(true);
    return thread;
  });

  private final BrokerConnection connection;
  private final CameraMapModel model;
  private final CameraLayer layer;
  private final long fullLimit;
  private volatile boolean wholeDropped;
  private AutoCloseable whole;
  private AutoCloseable viewWatch;
  private GeoBox watched;
  private boolean asking;
  private boolean askAgain;

  private DirectoryFollower(BrokerConnection connection, CameraMapModel model, CameraLayer layer, long fullLimit) {
    this.connection = connection;
    this.model = model;
    this.layer = layer;
    this.fullLimit = fullLimit;
  }

  /** Starts following the broker's cameras for {@code model}, shown by {@code map}. */
  public static DirectoryFollower follow(BrokerConnection connection, CameraMapModel model, MapPane map) {
    return follow(connection, model, map, FULL_LIMIT);
  }

  /** As above, holding the whole directory only up to {@code fullLimit} cameras. */
  public static DirectoryFollower follow(BrokerConnection connection, CameraMapModel model, MapPane map, long fullLimit) {
    DirectoryFollower follower = new DirectoryFollower(connection, model, map.cameraLayer(), fullLimit);
    FeedListener<Camera> feed = model.cameraFeed();
    follower.whole = connection.watchCameras(new FeedListener<>() {
      @Override
      public void reset() {
        if (!follower.wholeDropped) {
          feed.reset();
        }
      }

      @Override
      public void expecting(long size) {
        if (size > follower.fullLimit && !follower.wholeDropped) {
          follower.wholeDropped = true;
          Platform.runLater(follower::holdViewOnly);
        } else if (!follower.wholeDropped) {
          feed.expecting(size);
        }
      }

      @Override
      public void upsert(String id, Camera item) {
        if (!follower.wholeDropped) {
          feed.upsert(id, item);
        }
      }

      @Override
      public void remove(String id) {
        if (!follower.wholeDropped) {
          feed.remove(id);
        }
      }

      @Override
      public void synced() {
        if (!follower.wholeDropped) {
          feed.synced();
        }
      }

      @Override
      public void stale() {
        if (!follower.wholeDropped) {
          feed.stale();
        }
      }
    });
    return follower;
  }

  private void holdViewOnly() {
    close(whole);
    model.holdViewOnly(connection::camera, text -> connection.searchCameras(text, LayersPanel.RESULTS));
    layer.onViewSettled(this::refresh);
    model.hiddenTypes().addListener((SetChangeListener<CameraType>) change -> refresh());
    model.hiddenLayers().addListener((SetChangeListener<String>) change -> refresh());
    Timeline refresher = new Timeline(new KeyFrame(REFRESH, event -> refresh()));
    refresher.setCycleCount(Timeline.INDEFINITE);
    refresher.play();
    refresh();
  }

  /** Asks the broker for the view's clusters (one question at a time; the newest view wins). */
  private void refresh() {
    if (asking) {
      askAgain = true;
      return;
    }
    layer.paintedArea().ifPresentOrElse(area -> {
      asking = true;
      int level = layer.clusterLevel();
      Set<CameraType> hiddenTypes = Set.copyOf(model.hiddenTypes());
      Set<String> hiddenLayers = Set.copyOf(model.hiddenLayers());
      CompletableFuture.supplyAsync(() -> connection.summarizeCameras(area, level, hiddenTypes, hiddenLayers), CALLS)
          .whenComplete((summary, error) -> Platform.runLater(() -> {
            asking = false;
            if (error != null) {
              LOG.log(Level.INFO, "the broker's summary of the view failed; asking again shortly", error);
            } else {
              model.showSummary(summary);
              hold(area, summary);
            }
            if (askAgain) {
              askAgain = false;
              refresh();
            }
          }));
    }, () -> Platform.runLater(this::refresh));
  }

  /**
   * Holds the cameras around the view when it has few enough, through a Watch of that area (the
   * view grown by half on each side).
   */
  private void hold(GeoBox area, CameraSummary summary) {
    if (summary.inView() > HOLD_LIMIT) {
      if (watched != null || !model.camerasCurrentProperty().get()) {
        close(viewWatch);
        viewWatch = null;
        watched = null;
        FeedListener<Camera> nothing = model.cameraFeed();
        nothing.reset();
        nothing.synced();
      }
      return;
    }
    // Moved when the view leaves it, and narrowed when the view is two zoom levels closer than when it was placed.
    if (watched == null || !watched.contains(area) || watched.area() > 16 * area.area()) {
      close(viewWatch);
      watched = area.grown(0.5);
      viewWatch = connection.watchCameras(watched, model.cameraFeed());
    }
  }

  private static void close(AutoCloseable watch) {
    if (watch == null) {
      return;
    }
    try {
      watch.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing a camera watch", e);
    }
  }
}
