package org.watchfloor.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which broker does the scheduled work (consent expiry, footage-request expiry, retention, audit
 * anchors, the simulated dispatch feed), so it runs once and not once per broker. On PostgreSQL the
 * leader is whoever holds a session advisory lock on a connection of its own; PostgreSQL releases
 * it when that connection ends (the broker stops, dies or loses the database), and another broker
 * takes it at its next try, within {@code retry}. The embedded H2 database has one broker, always
 * the leader.
 */
public final class Leadership extends DedicatedConnection {

  private static final Logger LOG = Logger.getLogger(Leadership.class.getName());

  private final Duration retry;
  /** False on the embedded database, whose one broker always leads. */
  private final boolean contended;
  private volatile boolean leader;
  /** Counted down after the first try, so a broker that can lead does so before its scheduled work first runs. */
  private final java.util.concurrent.CountDownLatch firstTry = new java.util.concurrent.CountDownLatch(1);

  private Leadership(Database database, Duration retry, boolean always) {
    super(database, "leadership");
    this.retry = retry;
    this.leader = always;
    this.contended = !always;
  }

  /** Leadership over {@code database}: contended for on a shared one, always held on an embedded one. */
  public static Leadership of(Database database, Duration retry) {
    if (!database.shared()) {
      return new Leadership(database, retry, true);
    }
    Leadership leadership = new Leadership(database, retry, false);
    leadership.start();
    try {
      leadership.firstTry.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return leadership;
  }

  /** Whether this broker leads now; scheduled work asks each time it is due. */
  public boolean isLeader() {
    return leader;
  }

  @Override
  void run() {
    while (!closed()) {
      try (Connection held = connect()) {
        // One lock per schema, so separate Watchfloor stores in one PostgreSQL database each have a leader.
        try (PreparedStatement tryLock =
            held.prepareStatement("SELECT pg_try_advisory_lock(hashtext('watchfloor-leader:' || current_schema()))")) {
          while (!closed()) {
            boolean wasLeader = leader;
            if (wasLeader) {
              // Still connected means still holding the lock; a dead connection throws and ends leadership.
              try (PreparedStatement alive = held.prepareStatement("SELECT 1"); ResultSet row = alive.executeQuery()) {
                row.next();
              }
            } else {
              try (ResultSet row = tryLock.executeQuery()) {
                row.next();
                leader = row.getBoolean(1);
              }
              if (leader) {
                LOG.info("this broker now leads the scheduled work");
              }
              firstTry.countDown();
            }
            pause(retry);
          }
        }
      } catch (SQLException e) {
        if (leader) {
          LOG.log(Level.WARNING, "lost the leadership connection; another broker takes over the scheduled work", e);
        }
        leader = false;
        firstTry.countDown();
        pause(retry);
      } finally {
        leader = false;
      }
    }
  }

  @Override
  public void close() {
    leader = false;
    if (contended) {
      super.close();
    }
  }
}
