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

/** Broker users and the SHA-256 hashes of their bearer tokens (never the tokens themselves). */
public final class UserStore {

  /** One stored user; {@code roles} as stored, comma-separated role names. */
  public record StoredUser(
      String id,
      String username,
      String displayName,
      String organization,
      String roles,
      Instant createdAt,
      Optional<Instant> disabledAt,
      String disabledReason) {}

  private static final String COLUMNS =
      "id, username, display_name, organization, roles, created_at, disabled_at, disabled_reason";

  private UserStore() {}

  public static void insert(Transaction transaction, StoredUser user, String tokenHash)
      throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO users (id, username, display_name, organization, roles, token_hash, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, user.id());
      insert.setString(2, user.username());
      insert.setString(3, user.displayName());
      insert.setString(4, user.organization());
      insert.setString(5, user.roles());
      insert.setString(6, tokenHash);
      insert.setObject(7, user.createdAt().atOffset(ZoneOffset.UTC));
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
                "UPDATE users SET disabled_at = ?, disabled_reason = ? WHERE id = ?")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      update.setString(3, id);
      update.executeUpdate();
    }
  }

  private static StoredUser read(ResultSet row) throws SQLException {
    OffsetDateTime disabledAt = row.getObject(7, OffsetDateTime.class);
    return new StoredUser(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getObject(6, OffsetDateTime.class).toInstant(),
        Optional.ofNullable(disabledAt).map(OffsetDateTime::toInstant),
        row.getString(8) == null ? "" : row.getString(8));
  }
}
