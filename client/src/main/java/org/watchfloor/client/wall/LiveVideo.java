package org.watchfloor.client.wall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.SessionEnd;
import org.watchfloor.client.net.SessionListener;

/**
 * The application's live video, shared by every wall: the broker's tickets and session news, the
 * player pool, and the one pulse that puts new frames on screen (one pass over the tiles per FX
 * pulse instead of a {@code runLater} per frame per player). Broker calls run on threads of their
 * own and come back to the FX thread through {@link #fx}, the one place the wall hands work over.
 */
public final class LiveVideo implements AutoCloseable {

  private final BrokerConnection broker;
  private final Optional<PlayerPool> pool;
  private final String videoProblem;
  private final List<WallTile> tiles = new ArrayList<>();
  private boolean closed;
  private final ExecutorService brokerCalls = Executors.newFixedThreadPool(3, daemon("wall-broker"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("wall-timer"));
  private final AnimationTimer pulse = new AnimationTimer() {
    private long previous;

    /**
     * Shows every tile's waiting frame at once, at the last pulse before one of them would be
     * late: a repaint costs a whole-window copy in software rendering, so many tiles' frames
     * share one instead of each frame of any tile causing its own.
     */
    @Override
    public void handle(long now) {
      long period = previous == 0 ? 0 : now - previous;
      previous = now;
      long due = Long.MAX_VALUE;
      for (WallTile tile : tiles) {
        due = Math.min(due, tile.frameDueAt());
      }
      boolean show = due <= now + period;
      boolean anyPlaying = false;
      for (WallTile tile : tiles) {
        tile.pulse(now, show);
        anyPlaying |= tile.playing();
      }
      if (!anyPlaying) {
        // Nothing to show: let JavaFX stop pulsing until a tile plays again (see wakePulse()).
        stop();
        previous = 0;
      }
    }
  };

  /** Live video over {@code broker}, played by the pool {@code video} opened (or saying why it could not). */
  public LiveVideo(BrokerConnection broker, PlayerPool.Result video) {
    this.broker = broker;
    this.pool = video.pool();
    this.videoProblem = video.problem();
    broker.watchSessions(new SessionListener() {
      @Override
      public void ended(SessionEnd end) {
        fx(() -> List.copyOf(tiles).forEach(tile -> tile.sessionEnded(end)));
      }

      @Override
      public void synced(Set<String> openSessionIds) {
        fx(() -> List.copyOf(tiles).forEach(tile -> tile.sessionsListed(openSessionIds)));
      }
    });
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  BrokerConnection broker() {
    return broker;
  }

  /** The players, shared with the replay wall; empty when video cannot play here. */
  public Optional<PlayerPool> pool() {
    return pool;
  }

  /** Why no video can play here, when the pool is absent. */
  public String videoProblem() {
    return videoProblem;
  }

  /** A tile started a player: the pulse runs while any tile plays. FX thread. */
  void wakePulse() {
    if (!closed) {
      pulse.start();
    }
  }

  void register(WallTile tile) {
    tiles.add(tile);
  }

  void unregister(WallTile tile) {
    tiles.remove(tile);
  }

  /**
   * Runs a blocking broker call off the FX thread. After {@link #close()} calls are dropped: a
   * ticket that arrives that late is never played, and its session expires at the broker within
   * a ticket's life.
   */
  void background(Runnable call) {
    if (!closed) {
      brokerCalls.execute(call);
    }
  }

  /** Runs {@code action} on the FX thread after {@code delay}; the future cancels it. */
  Future<?> after(Duration delay, Runnable action) {
    return timers.schedule(() -> fx(action), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Hands work to the FX thread: the one place the wall does so. */
  void fx(Runnable action) {
    Platform.runLater(action);
  }

  /** Every tile on every wall, for tests and benchmarks that read what is on screen. */
  public List<WallTile> tiles() {
    return List.copyOf(tiles);
  }

  /**
   * Ends every open view (each session closed at the broker, so the audit shows when viewing
   * stopped), then the players and libVLC. FX thread.
   */
  @Override
  public void close() {
    closed = true;
    pulse.stop();
    List<Future<?>> closing = new ArrayList<>();
    for (WallTile tile : List.copyOf(tiles)) {
      tile.openSession().ifPresent(session -> closing.add(brokerCalls.submit(() -> broker.closeSession(session))));
      tile.release();
    }
    for (Future<?> call : closing) {
      try {
        call.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the broker is away: its sessions expire on their own within a minute
      }
    }
    brokerCalls.shutdownNow();
    timers.shutdownNow();
    pool.ifPresent(PlayerPool::close);
  }
}
