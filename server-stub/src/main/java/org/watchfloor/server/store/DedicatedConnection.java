package org.watchfloor.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work that runs for the broker's life on a database connection of its own, outside the pool
 * (listening for notifications, holding a lock): its thread, its connection, and a close that ends
 * both.
 */
abstract class DedicatedConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DedicatedConnection.class.getName());

  private final Database database;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  DedicatedConnection(Database database, String threadName) {
    this.database = database;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** The work, on its own thread, until {@link #closed()}; it opens its connections with {@link #connect()}. */
  abstract void run();

  final void start() {
    thread.start();
  }

  /** A new connection of its own, closed by {@link #close()} too. */
  final Connection connect() throws SQLException {
    connection = database.dedicatedConnection();
    return connection;
  }

  final boolean closed() {
    return closed;
  }

  /** Waits {@code period}, or less when closed meanwhile. */
  final void pause(Duration period) {
    try {
      Thread.sleep(period.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      Connection open = connection;
      if (open != null) {
        open.close();
      }
      thread.join(5000);
    } catch (SQLException e) {
      LOG.log(Level.FINE, "closing a dedicated connection", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
