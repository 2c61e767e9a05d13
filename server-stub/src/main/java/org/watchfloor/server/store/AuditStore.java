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
import java.util.function.Consumer;

/** The append-only audit table: insert, read in sequence order, query. Never updates or deletes. */
public final class AuditStore {

  /** One stored audit row, as the chain hashes it. */
  public record AuditRow(
      long sequence,
      Instant at,
      String userId,
      String username,
      String action,
      String target,
      String caseNumber,
      String reason,
      String incidentId,
      String detail,
      String previousHash,
      String hash) {}

  /** What to look for; empty strings and absent times match everything. */
  public record AuditFilter(
      String userId,
      String username,
      String action,
      String target,
      String caseNumber,
      Optional<Instant> from,
      Optional<Instant> to) {}

  private static final String COLUMNS =
      "sequence, at, user_id, username, action, target, case_number, reason, incident_id, detail,"
          + " previous_hash, hash";
  private static final String AUDIT_COUNTER = "audit";

  private AuditStore() {}

  /**
   * Takes the next {@code count} sequence numbers and returns the last, locking the audit head until
   * commit so that concurrent appends form one chain.
   */
  public static long takeSequences(Transaction transaction, int count) throws SQLException {
    return ChangeLog.advanceCounter(transaction, AUDIT_COUNTER, count);
  }

  /** The sequence number the chain should end at: what was handed out, even if rows vanished. */
  public static long headSequence(Transaction transaction) throws SQLException {
    return ChangeLog.counter(transaction, AUDIT_COUNTER);
  }

  public static Optional<String> hashOf(Transaction transaction, long sequence) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT hash FROM audit_log WHERE sequence = ?")) {
      select.setLong(1, sequence);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  /** Inserts {@code rows} as one JDBC batch. */
  public static void insertAll(Transaction transaction, List<AuditRow> rows) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditRow row : rows) {
        insert.setLong(1, row.sequence());
        insert.setObject(2, row.at().atOffset(ZoneOffset.UTC));
        insert.setString(3, row.userId());
        insert.setString(4, row.username());
        insert.setString(5, row.action());
        insert.setString(6, row.target());
        insert.setString(7, row.caseNumber());
        insert.setString(8, row.reason());
        insert.setString(9, row.incidentId());
        insert.setString(10, row.detail());
        insert.setString(11, row.previousHash());
        insert.setString(12, row.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Replaces the display name of every row by {@code userId} (an owner who withdrew): the username
   * column is for display and not covered by the hash, so the chain stays intact.
   */
  public static int forgetActorName(Transaction transaction, String userId, String replacement) throws SQLException {
    try (PreparedStatement update =
        transaction.connection().prepareStatement("UPDATE audit_log SET username = ? WHERE user_id = ?")) {
      update.setString(1, replacement);
      update.setString(2, userId);
      return update.executeUpdate();
    }
  }

  /** Streams every row up to sequence {@code through} in sequence order (physical order does not matter). */
  public static void forEachInOrder(Transaction transaction, long through, Consumer<AuditRow> sink)
      throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE sequence <= ? ORDER BY sequence")) {
      select.setLong(1, through);
      select.setFetchSize(5000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sink.accept(read(rows));
        }
      }
    }
  }

  /**
   * Rows matching {@code filter} after sequence {@code after} (before it when {@code newestFirst}),
   * at most {@code limit}.
   */
  public static List<AuditRow> query(
      Transaction transaction, AuditFilter filter, long after, boolean newestFirst, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE ");
    sql.append(newestFirst ? "sequence < ?" : "sequence > ?");
    List<Object> values = new ArrayList<>();
    values.add(after);
    addEquals(sql, values, "user_id", filter.userId());
    addEquals(sql, values, "username", filter.username());
    addEquals(sql, values, "action", filter.action());
    addEquals(sql, values, "target", filter.target());
    addEquals(sql, values, "case_number", filter.caseNumber());
    filter.from().ifPresent(from -> {
      sql.append(" AND at >= ?");
      values.add(from.atOffset(ZoneOffset.UTC));
    });
    filter.to().ifPresent(to -> {
      sql.append(" AND at < ?");
      values.add(to.atOffset(ZoneOffset.UTC));
    });
    sql.append(newestFirst ? " ORDER BY sequence DESC" : " ORDER BY sequence").append(" LIMIT ?");
    values.add(limit);
    List<AuditRow> rows = new ArrayList<>();
    try (PreparedStatement select = transaction.connection().prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        select.setObject(i + 1, values.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(read(result));
        }
      }
    }
    return rows;
  }

  private static void addEquals(StringBuilder sql, List<Object> values, String column, String value) {
    if (!value.isEmpty()) {
      sql.append(" AND ").append(column).append(" = ?");
      values.add(value);
    }
  }

  private static AuditRow read(ResultSet row) throws SQLException {
    return new AuditRow(
        row.getLong(1),
        row.getObject(2, OffsetDateTime.class).toInstant(),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        row.getString(10),
        row.getString(11),
        row.getString(12));
  }
}
