package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/** E-mails sent on visitors' requests, by hashed client or e-mail address, for the enrollment rate limits. */
public final class EnrollmentAttemptStore {

  private EnrollmentAttemptStore() {}

  public static void record(Transaction transaction, String scope, String keyHash, Instant at) throws SQLException {
    try (PreparedStatement insert =
        transaction.connection().prepareStatement("INSERT INTO enrollment_attempts (scope, key_hash, at) VALUES (?, ?, ?)")) {
      insert.setString(1, scope);
      insert.setString(2, keyHash);
      insert.setObject(3, at.atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  public static int countSince(Transaction transaction, String scope, String keyHash, Instant since) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT COUNT(*) FROM enrollment_attempts WHERE scope = ? AND key_hash = ? AND at >= ?")) {
      select.setString(1, scope);
      select.setString(2, keyHash);
      select.setObject(3, since.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** Forgets attempts older than {@code before}: they no longer count toward any limit. */
  public static void prune(Transaction transaction, Instant before) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM enrollment_attempts WHERE at < ?")) {
      delete.setObject(1, before.atOffset(ZoneOffset.UTC));
      delete.executeUpdate();
    }
  }
}
