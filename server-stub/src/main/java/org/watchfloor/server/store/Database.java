package org.watchfloor.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * The embedded default. WRITE_DELAY=0 makes H2 write each commit to the file before the call
   * returns, so a killed process loses nothing it had confirmed.
   */
  public static Database openEmbedded(Path dataDir) {
    return open(
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve("watchfloor")
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
  }

  public static Database open(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(8);
    config.setAutoCommit(false);
    config.setPoolName("watchfloor-store");
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool);
  }

  /** Runs {@code work} in one transaction and commits it; rolls back and rethrows on failure. */
  public <T> T inTransaction(String operation, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      try {
        T result = work.apply(new Transaction(connection));
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

  @Override
  public void close() {
    pool.close();
  }
}
