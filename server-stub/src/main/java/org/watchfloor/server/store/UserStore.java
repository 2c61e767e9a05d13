package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Broker users, the SHA-256 hashes of their bearer tokens (never the tokens themselves), their
 * password hashes and their failed sign-in count.
 */
public final class UserStore {

  /** One stored user; {@code roles} as stored, comma-separated role names. */
  public record StoredUser(
      String id,
      String username,
      String displayName,
      String roles,
      Instant createdAt,
      Optional<Instant> disabledAt,
      String disabledReason,
      String organisation,
      Optional<Instant> lastSignedInAt,
      boolean hasPassword,
      long revision) {}

  /** What a password sign-in needs to know about a user besides who they are. */
  public record SignInState(Optional<String> passwordHash, int failedSignIns, Optional<Instant> lastFailedAt) {}

  private static final String COLUMNS =
      "id, username, display_name, roles, created_at, disabled_at, disabled_reason, organisation,"
          + " last_signed_in_at, password_hash IS NOT NULL, revision";

  private UserStore() {}

  public static void insert(Transaction transaction, StoredUser user, String tokenHash, Optional<String> passwordHash)
      throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO users (id, username, display_name, roles, token_hash, created_at, organisation, password_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, user.id());
      insert.setString(2, user.username());
      insert.setString(3, user.displayName());
      insert.setString(4, user.roles());
      insert.setString(5, tokenHash);
      insert.setObject(6, user.createdAt().atOffset(ZoneOffset.UTC));
      insert.setString(7, user.organisation());
      insert.setString(8, passwordHash.orElse(null));
      insert.executeUpdate();
    }
  }

  public static Optional<StoredUser> findByTokenHash(Transaction transaction, String tokenHash)
      throws SQLException {
    return findOne(transaction, "token_hash", tokenHash);
  }

  public static Optional<StoredUser> findById(Transaction transaction, String id)
      throws SQLException {
    return findOne(transaction, "id", id);
  }

  public static Optional<StoredUser> findByUsername(Transaction transaction, String username)
      throws SQLException {
    return findOne(transaction, "username", username);
  }

  private static Optional<StoredUser> findOne(Transaction transaction, String column, String value)
      throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM users WHERE " + column + " = ?")) {
      select.setString(1, value);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /** Users ordered by username, after {@code afterUsername} (exclusive), at most {@code limit}. */
  public static List<StoredUser> page(
      Transaction transaction, String afterUsername, int limit, boolean includeDisabled)
      throws SQLException {
    List<StoredUser> users = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT " + COLUMNS + " FROM users WHERE username > ?"
                    + (includeDisabled ? "" : " AND disabled_at IS NULL")
                    + " ORDER BY username LIMIT ?")) {
      select.setString(1, afterUsername);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          users.add(read(rows));
        }
      }
    }
    return users;
  }

  public static void disable(Transaction transaction, String id, Instant at, String reason)
      throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE users SET disabled_at = ?, disabled_reason = ?, revision = revision + 1 WHERE id = ?")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      update.setString(3, id);
      update.executeUpdate();
    }
  }

  /** The user's current revision, locking the row until the transaction ends so that two admins' changes go one after the other. */
  public static Optional<Long> revisionForUpdate(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT revision FROM users WHERE id = ? FOR UPDATE")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Replaces what an admin may edit: display name, roles, organisation. */
  public static void updateProfile(Transaction transaction, String id, String displayName, String roles, String organisation)
      throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE users SET display_name = ?, roles = ?, organisation = ?, revision = revision + 1 WHERE id = ?")) {
      update.setString(1, displayName);
      update.setString(2, roles);
      update.setString(3, organisation);
      update.setString(4, id);
      update.executeUpdate();
    }
  }

  /** The password hash and failed-attempt count of a user. */
  public static SignInState signInState(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT password_hash, failed_sign_ins, last_failed_sign_in_at FROM users WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("user " + id + " vanished during sign-in");
        }
        OffsetDateTime lastFailed = row.getObject(3, OffsetDateTime.class);
        return new SignInState(
            Optional.ofNullable(row.getString(1)), row.getInt(2), Optional.ofNullable(lastFailed).map(OffsetDateTime::toInstant));
      }
    }
  }

  public static void setPasswordHash(Transaction transaction, String id, String passwordHash) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE users SET password_hash = ?, failed_sign_ins = 0, revision = revision + 1 WHERE id = ?")) {
      update.setString(1, passwordHash);
      update.setString(2, id);
      update.executeUpdate();
    }
  }

  public static void recordFailedSignIn(Transaction transaction, String id, Instant at) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE users SET failed_sign_ins = failed_sign_ins + 1, last_failed_sign_in_at = ? WHERE id = ?")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, id);
      update.executeUpdate();
    }
  }

  public static void recordSignIn(Transaction transaction, String id, Instant at) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE users SET failed_sign_ins = 0, last_signed_in_at = ? WHERE id = ?")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, id);
      update.executeUpdate();
    }
  }

  private static StoredUser read(ResultSet row) throws SQLException {
    return new StoredUser(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getObject(5, OffsetDateTime.class).toInstant(),
        instant(row, 6),
        row.getString(7) == null ? "" : row.getString(7),
        row.getString(8),
        instant(row, 9),
        row.getBoolean(10),
        row.getLong(11));
  }

  private static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
    return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
