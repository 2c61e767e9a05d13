package org.watchfloor.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Wakes this broker when another broker commits a change to a watched collection: LISTENs on a
 * connection of its own for {@link ChangeLog#CHANNEL} and runs {@code onCommitted} after each batch
 * of notifications, and at least every {@code poll} even without one, so a notification lost while
 * the connection was down delays a change by at most that long and never loses it (the listener
 * reads the change log itself; a notification only says when to look). It also hands each stream
 * session event another broker announced ({@link SessionStore#EVENT_CHANNEL}) to {@code onSessionEvent}.
 */
public final class CommitListener extends DedicatedConnection {

  private static final Logger LOG = Logger.getLogger(CommitListener.class.getName());

  private final Runnable onCommitted;
  private final java.util.function.Consumer<String> onSessionEvent;
  private final Duration poll;

  private CommitListener(Database database, Runnable onCommitted, java.util.function.Consumer<String> onSessionEvent, Duration poll) {
    super(database, "commit-listener");
    this.onCommitted = onCommitted;
    this.onSessionEvent = onSessionEvent;
    this.poll = poll;
  }

  /** Starts listening on a shared database; both callbacks run on the listener's thread. */
  public static CommitListener start(
      Database database, Runnable onCommitted, java.util.function.Consumer<String> onSessionEvent, Duration poll) {
    CommitListener listener = new CommitListener(database, onCommitted, onSessionEvent, poll);
    listener.start();
    return listener;
  }

  @Override
  void run() {
    while (!closed()) {
      try (Connection listening = connect()) {
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN " + ChangeLog.CHANNEL);
          statement.execute("LISTEN " + SessionStore.EVENT_CHANNEL);
        }
        String ownStore;
        try (Statement statement = listening.createStatement(); java.sql.ResultSet row = statement.executeQuery("SELECT current_schema()")) {
          row.next();
          ownStore = row.getString(1) + " ";
        }
        PGConnection notifications = listening.unwrap(PGConnection.class);
        // Changes committed while this connection was not listening are read now, not at the next one.
        runQuietly();
        while (!closed()) {
          org.postgresql.PGNotification[] received = notifications.getNotifications((int) poll.toMillis());
          for (org.postgresql.PGNotification notification : received == null ? new org.postgresql.PGNotification[0] : received) {
            if (notification.getName().equals(SessionStore.EVENT_CHANNEL) && notification.getParameter().startsWith(ownStore)) {
              relayQuietly(notification.getParameter().substring(ownStore.length()));
            }
          }
          runQuietly();
        }
      } catch (SQLException e) {
        if (!closed()) {
          LOG.log(Level.WARNING, "listening for other brokers' changes failed; reconnecting in a second", e);
          pause(Duration.ofSeconds(1));
          runQuietly();
        }
      }
    }
  }

  private void runQuietly() {
    try {
      onCommitted.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "applying other brokers' changes failed; retried at the next notification or poll", e);
    }
  }

  private void relayQuietly(String payload) {
    try {
      onSessionEvent.accept(payload);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a stream session event of another broker could not be relayed", e);
    }
  }
}
