package org.watchfloor.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The broker's database: an H2 file database in the data folder by default, or PostgreSQL by JDBC
 * URL. Opening it applies the numbered Flyway migrations; work runs in transactions.
 */
public final class Database implements AutoCloseable {

  /** Work inside a transaction; a thrown exception rolls the whole transaction back. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Transaction transaction) throws SQLException;
  }

  private final HikariDataSource pool;
  private final String jdbcUrl;
  private final boolean shared;
  /** The embedded database's hold on its data folder, released on close; null on PostgreSQL. */
  private FileChannel folderLock;

  private Database(HikariDataSource pool, String jdbcUrl) {
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
    this.shared = jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /**
   * The embedded default. WRITE_DELAY=0 makes H2 write each commit to the file before the call
   * returns, so a killed process loses nothing it had confirmed.
   */
  public static Database openEmbedded(Path dataDir) {
    FileChannel lock = lockFolder(dataDir);
    try {
      Database database = open(
          "jdbc:h2:file:"
              + dataDir.toAbsolutePath().resolve("watchfloor")
              + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
      database.folderLock = lock;
      return database;
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  /**
   * Takes the data folder for this process: the embedded database serves one broker, and a second
   * one started on the same folder is told so by name instead of failing deep inside H2.
   */
  private static FileChannel lockFolder(Path dataDir) {
    try {
      java.nio.file.Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(dataDir.resolve("broker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock held;
      try {
        held = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        channel.close();
        throw new IllegalStateException("the data folder " + dataDir.toAbsolutePath() + " is in use by another broker process:"
            + " the embedded database serves one broker only; stop the other one, give this one its own --data-dir,"
            + " or run several brokers on PostgreSQL (--db)");
      }
      return channel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the data folder " + dataDir.toAbsolutePath(), e);
    }
  }

  private static void closeQuietly(FileChannel lock) {
    try {
      lock.close();
    } catch (IOException e) {
      // Closing releases the lock; a failure to close leaves nothing to undo.
    }
  }

  public static Database open(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(8);
    config.setAutoCommit(false);
    config.setPoolName("watchfloor-store");
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      // A batch of inserts goes as multi-row INSERTs instead of one statement a row: an import of
      // 100,000 cameras writes 200,000 rows (cameras and their change-log entries).
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, jdbcUrl);
  }

  /** Runs {@code work} in one transaction and commits it; rolls back and rethrows on failure. */
  public <T> T inTransaction(String operation, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      try {
        T result = work.apply(new Transaction(connection, shared));
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    }
  }

  /**
   * Whether several broker processes may share this database (PostgreSQL); the embedded H2 file
   * database serves one broker only.
   */
  public boolean shared() {
    return shared;
  }

  /** A connection of its own, outside the pool, for a task that holds it for the broker's life (listening, leadership). */
  Connection dedicatedConnection() throws SQLException {
    Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
    connection.setAutoCommit(true);
    return connection;
  }

  @Override
  public void close() {
    pool.close();
    if (folderLock != null) {
      closeQuietly(folderLock);
    }
  }
}
