package org.watchfloor.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Assumptions;
import org.watchfloor.server.store.Database;

/**
 * A fresh, empty store for one test: an H2 file database in its own folder, or a PostgreSQL schema
 * of its own when {@code WATCHFLOOR_TEST_POSTGRES_URL} names a server (skipped, never passed,
 * when it does not). Closing it drops what it made.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String POSTGRES_URL_VARIABLE = "WATCHFLOOR_TEST_POSTGRES_URL";

  /** Which store a parameterized test runs against. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  private final Database database;
  private final Runnable cleanup;

  private TestDatabase(Database database, Runnable cleanup) {
    this.database = database;
    this.cleanup = cleanup;
  }

  /** Both kinds, named for the test report. */
  public static Stream<Named<Kind>> kinds() {
    return Stream.of(Named.of("H2", Kind.H2), Named.of("PostgreSQL", Kind.POSTGRESQL));
  }

  public static TestDatabase open(Kind kind) throws Exception {
    return kind == Kind.H2 ? h2() : postgres();
  }

  public static TestDatabase h2() throws Exception {
    Path folder = Files.createTempDirectory("watchfloor-h2-");
    return new TestDatabase(Database.openEmbedded(folder), () -> deleteTree(folder));
  }

  /** The JDBC URL of a fresh schema; the test is skipped when no PostgreSQL is configured. */
  public static String postgresSchemaUrl(String schema) {
    String base = postgresServerUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The configured PostgreSQL server's URL; the test is skipped when none is configured. */
  public static String postgresServerUrl() {
    String base = System.getenv(POSTGRES_URL_VARIABLE);
    Assumptions.assumeTrue(
        base != null && !base.isBlank(),
        POSTGRES_URL_VARIABLE + " is not set: PostgreSQL store test skipped");
    return base;
  }

  public static TestDatabase postgres() throws Exception {
    String schema = "wf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String url = postgresSchemaUrl(schema);
    execute(System.getenv(POSTGRES_URL_VARIABLE), "CREATE SCHEMA " + schema);
    return new TestDatabase(
        Database.open(url),
        () -> execute(System.getenv(POSTGRES_URL_VARIABLE), "DROP SCHEMA " + schema + " CASCADE"));
  }

  public Database database() {
    return database;
  }

  @Override
  public void close() {
    database.close();
    cleanup.run();
  }

  static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + url, e);
    }
  }

  /** Removes {@code folder} and everything in it. */
  public static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot remove the test's folder " + folder, e);
    }
  }
}
