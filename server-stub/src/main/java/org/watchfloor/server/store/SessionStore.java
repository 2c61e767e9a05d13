package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.watchfloor.proto.v1.StreamTicket;

/** Stream sessions as a durable record (who watched what, why, until when), and broker secrets. */
public final class SessionStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The PostgreSQL notification channel on which a broker tells the others of a stream session event. */
  static final String EVENT_CHANNEL = "watchfloor_sessions";

  private SessionStore() {}

  public static void open(
      Transaction transaction, StreamTicket ticket, String userId, String caseNumber, Instant openedAt) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO stream_sessions (id, camera_id, user_id, kind, grant_id, case_number, opened_at, expires_at, body)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, ticket.getSessionId());
      insert.setString(2, ticket.getCameraId());
      insert.setString(3, userId);
      insert.setString(4, ticket.getKind().name());
      insert.setString(5, ticket.getGrantId().isEmpty() ? null : ticket.getGrantId());
      insert.setString(6, caseNumber);
      insert.setObject(7, openedAt.atOffset(ZoneOffset.UTC));
      insert.setObject(8, ProtoTime.toInstant(ticket.getExpiresAt()).atOffset(ZoneOffset.UTC));
      insert.setBytes(9, ticket.toByteArray());
      insert.executeUpdate();
    }
  }

  public static void extend(Transaction transaction, String sessionId, Instant expiresAt) throws SQLException {
    try (PreparedStatement update =
        transaction.connection().prepareStatement("UPDATE stream_sessions SET expires_at = ? WHERE id = ?")) {
      update.setObject(1, expiresAt.atOffset(ZoneOffset.UTC));
      update.setString(2, sessionId);
      update.executeUpdate();
    }
  }

  /**
   * A stored session: who opened it, its ticket (as issued), until when it runs, and, once it ended,
   * why (a TerminationReason's name, or BROKER_RESTARTED).
   */
  public record StoredSession(String userId, String caseNumber, StreamTicket ticket, Instant expiresAt, Optional<String> endReason) {}

  public static Optional<StoredSession> find(Transaction transaction, String sessionId) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement(
            "SELECT user_id, ended_at, end_reason, body, expires_at, case_number FROM stream_sessions WHERE id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredSession(row.getString(1), row.getString(6), parseTicket(row.getBytes(4)),
            row.getObject(5, OffsetDateTime.class).toInstant(),
            row.getObject(2) == null ? Optional.empty() : Optional.of(row.getString(3))));
      }
    }
  }

  /** Ids of open sessions whose ticket ran out before {@code before}: no broker holds them any longer. */
  public static List<String> openExpiredBefore(Transaction transaction, Instant before) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select = transaction.connection().prepareStatement(
        "SELECT id FROM stream_sessions WHERE ended_at IS NULL AND expires_at < ? ORDER BY id")) {
      select.setObject(1, before.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  private static StreamTicket parseTicket(byte[] body) throws SQLException {
    try {
      return StreamTicket.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new SQLException("a stored stream session does not hold a ticket", e);
    }
  }

  /** Whether {@code sessionId} was ended now by this call (false when it had already ended). */
  public static boolean endIfOpen(Transaction transaction, String sessionId, Instant at, String reason) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE stream_sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      update.setString(3, sessionId);
      return update.executeUpdate() == 1;
    }
  }

  /** Announces a session event to every listening broker when this transaction commits (PostgreSQL only). */
  public static void announceEvent(Transaction transaction, String payload) throws SQLException {
    ChangeLog.announce(transaction, EVENT_CHANNEL, payload);
  }

  /** The tickets of {@code userId}'s open sessions, as issued. */
  public static List<StreamTicket> openTicketsOf(Transaction transaction, String userId) throws SQLException {
    List<StreamTicket> tickets = new ArrayList<>();
    try (PreparedStatement select = transaction.connection().prepareStatement(
        "SELECT body FROM stream_sessions WHERE user_id = ? AND ended_at IS NULL ORDER BY opened_at")) {
      select.setString(1, userId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tickets.add(parseTicket(rows.getBytes(1)));
        }
      }
    }
    return tickets;
  }

  /** Ends sessions a previous broker process left open (their tickets died with its memory). */
  public static int endAllOpen(Transaction transaction, Instant at, String reason) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE stream_sessions SET ended_at = ?, end_reason = ? WHERE ended_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, reason);
      return update.executeUpdate();
    }
  }

  /** A named random secret shared by every broker instance, made on first use (256 bits). */
  public static String secret(Transaction transaction, String name) throws SQLException {
    Optional<String> stored = findSecret(transaction, name);
    if (stored.isPresent()) {
      return stored.get();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = Base64.getEncoder().encodeToString(bytes);
    insertSecret(transaction, name, secret);
    return secret;
  }

  /** A named value shared by every broker instance (at most 128 characters), if stored. */
  public static Optional<String> findSecret(Transaction transaction, String name) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement("SELECT secret FROM broker_secrets WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  public static void insertSecret(Transaction transaction, String name, String value) throws SQLException {
    try (PreparedStatement insert = transaction.connection().prepareStatement("INSERT INTO broker_secrets (name, secret) VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setString(2, value);
      insert.executeUpdate();
    }
  }
}
