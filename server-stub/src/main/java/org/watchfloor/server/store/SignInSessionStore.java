package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Sessions opened by a password sign-in, found by the SHA-256 of their token (never the token). */
public final class SignInSessionStore {

  /** One session; {@code endedAt} and {@code endReason} are set once it ended before or at expiry. */
  public record StoredSession(
      String id, String userId, Instant createdAt, Instant expiresAt, Optional<Instant> endedAt, String endReason) {}

  private SignInSessionStore() {}

  public static void insert(Transaction transaction, StoredSession session, String tokenHash) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO sign_in_sessions (id, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, session.id());
      insert.setString(2, session.userId());
      insert.setString(3, tokenHash);
      insert.setObject(4, session.createdAt().atOffset(ZoneOffset.UTC));
      insert.setObject(5, session.expiresAt().atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  public static Optional<StoredSession> findByTokenHash(Transaction transaction, String tokenHash) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT id, user_id, created_at, expires_at, ended_at, end_reason FROM sign_in_sessions WHERE token_hash = ?")) {
      select.setString(1, tokenHash);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        OffsetDateTime endedAt = row.getObject(5, OffsetDateTime.class);
        return Optional.of(new StoredSession(
            row.getString(1),
            row.getString(2),
            row.getObject(3, OffsetDateTime.class).toInstant(),
            row.getObject(4, OffsetDateTime.class).toInstant(),
            Optional.ofNullable(endedAt).map(OffsetDateTime::toInstant),
            row.getString(6) == null ? "" : row.getString(6)));
      }
    }
  }

  /**
   * Ends one session unless it already ended; true when this call ended it (so only one caller
   * audits it).
   */
  public static boolean end(Transaction transaction, String sessionId, Instant at, String reason) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE sign_in_sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      update.setString(3, sessionId);
      return update.executeUpdate() == 1;
    }
  }

  /** Ends every open session of a user (a password reset, a disabled user); returns how many. */
  public static int endAllOf(Transaction transaction, String userId, Instant at, String reason) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE sign_in_sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      update.setString(3, userId);
      return update.executeUpdate();
    }
  }
}
