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
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.Purpose;

/**
 * Evidence holds, the purge's schedule row and the purge's counts and deletions of expired plate
 * reads and viewing-session records (each skipping what an active hold covers).
 */
public final class RetentionStore {

  private static final String HOLD_COLUMNS =
      "id, incident_id, camera_id, window_start, window_end, case_number, reason, placed_by_user_id, placed_at,"
          + " lifted_at, lifted_by_user_id, lift_reason";
  /** A plate read (alias t) covered by an active hold: its incident's, or its camera's window. */
  private static final String READ_HELD =
      "EXISTS (SELECT 1 FROM evidence_holds h WHERE h.lifted_at IS NULL AND (h.incident_id = t.incident_id"
          + " OR (h.camera_id = t.camera_id AND t.at >= h.window_start AND t.at < h.window_end)))";
  private static final String EXPIRED_READ = "t.event_type = 'TIMELINE_EVENT_TYPE_LPR_HIT' AND t.at < ?";
  /** A session record (alias s) that overlaps an active hold's camera window. */
  private static final String SESSION_HELD =
      "EXISTS (SELECT 1 FROM evidence_holds h WHERE h.lifted_at IS NULL AND h.camera_id = s.camera_id"
          + " AND s.opened_at < h.window_end AND s.ended_at >= h.window_start)";
  private static final String EXPIRED_SESSION = "s.ended_at IS NOT NULL AND s.ended_at < ?";

  private RetentionStore() {}

  public static void insertHold(Transaction transaction, EvidenceHold hold) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement("INSERT INTO evidence_holds (" + HOLD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)")) {
      insert.setString(1, hold.getId());
      insert.setString(2, hold.getIncidentId().isEmpty() ? null : hold.getIncidentId());
      insert.setString(3, hold.getCameraId().isEmpty() ? null : hold.getCameraId());
      insert.setObject(4, hold.hasWindowStart() ? ProtoTime.toInstant(hold.getWindowStart()).atOffset(ZoneOffset.UTC) : null);
      insert.setObject(5, hold.hasWindowEnd() ? ProtoTime.toInstant(hold.getWindowEnd()).atOffset(ZoneOffset.UTC) : null);
      insert.setString(6, hold.getPurpose().getCaseNumber());
      insert.setString(7, hold.getPurpose().getReason());
      insert.setString(8, hold.getPlacedByUserId());
      insert.setObject(9, ProtoTime.toInstant(hold.getPlacedAt()).atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  /** Marks an active hold lifted; false when it was not active. */
  public static boolean liftHold(Transaction transaction, String id, Instant at, String userId, String reason) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE evidence_holds SET lifted_at = ?, lifted_by_user_id = ?, lift_reason = ? WHERE id = ? AND lifted_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, userId);
      update.setString(3, reason);
      update.setString(4, id);
      return update.executeUpdate() == 1;
    }
  }

  public static Optional<EvidenceHold> findHold(Transaction transaction, String id) throws SQLException {
    List<EvidenceHold> found = holds(transaction, "WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Holds, newest first; lifted ones only when asked. */
  public static List<EvidenceHold> holds(Transaction transaction, boolean includeLifted) throws SQLException {
    return holds(transaction, includeLifted ? "" : "WHERE lifted_at IS NULL", null);
  }

  private static List<EvidenceHold> holds(Transaction transaction, String where, String value) throws SQLException {
    List<EvidenceHold> holds = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT " + HOLD_COLUMNS + " FROM evidence_holds " + where + " ORDER BY placed_at DESC, id")) {
      if (value != null) {
        select.setString(1, value);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          holds.add(readHold(rows));
        }
      }
    }
    return holds;
  }

  private static EvidenceHold readHold(ResultSet row) throws SQLException {
    EvidenceHold.Builder hold =
        EvidenceHold.newBuilder()
            .setId(row.getString(1))
            .setIncidentId(orEmpty(row.getString(2)))
            .setCameraId(orEmpty(row.getString(3)))
            .setPurpose(Purpose.newBuilder().setCaseNumber(row.getString(6)).setReason(row.getString(7)))
            .setPlacedByUserId(row.getString(8))
            .setPlacedAt(ProtoTime.toTimestamp(row.getObject(9, OffsetDateTime.class).toInstant()))
            .setLiftedByUserId(orEmpty(row.getString(11)))
            .setLiftReason(orEmpty(row.getString(12)));
    Optional.ofNullable(row.getObject(4, OffsetDateTime.class)).ifPresent(at -> hold.setWindowStart(ProtoTime.toTimestamp(at.toInstant())));
    Optional.ofNullable(row.getObject(5, OffsetDateTime.class)).ifPresent(at -> hold.setWindowEnd(ProtoTime.toTimestamp(at.toInstant())));
    Optional.ofNullable(row.getObject(10, OffsetDateTime.class)).ifPresent(at -> hold.setLifted(true).setLiftedAt(ProtoTime.toTimestamp(at.toInstant())));
    return hold.build();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /**
   * Locks the purge's schedule row until the transaction ends (a second broker waits here, then
   * sees the slot already done) and returns the last slot purged.
   */
  public static Optional<Instant> lockSchedule(Transaction transaction) throws SQLException {
    return lastSlot(transaction, " FOR UPDATE");
  }

  /** The last slot purged, without locking. */
  public static Optional<Instant> lastSlot(Transaction transaction) throws SQLException {
    return lastSlot(transaction, "");
  }

  private static Optional<Instant> lastSlot(Transaction transaction, String lock) throws SQLException {
    try (PreparedStatement select =
            transaction.connection().prepareStatement("SELECT last_slot FROM retention_schedule WHERE name = 'purge'" + lock);
        ResultSet row = select.executeQuery()) {
      row.next();
      return Optional.ofNullable(row.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
  }

  public static void recordRun(Transaction transaction, Instant slot, Instant at) throws SQLException {
    try (PreparedStatement update =
        transaction.connection().prepareStatement("UPDATE retention_schedule SET last_slot = ?, last_run_at = ? WHERE name = 'purge'")) {
      update.setObject(1, slot.atOffset(ZoneOffset.UTC));
      update.setObject(2, at.atOffset(ZoneOffset.UTC));
      update.executeUpdate();
    }
  }

  /** Plate reads from before {@code cutoff} that an active hold covers ({@code held}) or does not. */
  public static long countExpiredPlateReads(Transaction transaction, Instant cutoff, boolean held) throws SQLException {
    return count(transaction, "SELECT COUNT(*) FROM timeline_events t WHERE " + EXPIRED_READ + " AND " + (held ? "" : "NOT ") + READ_HELD, cutoff);
  }

  public static int deleteExpiredPlateReads(Transaction transaction, Instant cutoff) throws SQLException {
    return delete(transaction, "DELETE FROM timeline_events t WHERE " + EXPIRED_READ + " AND NOT " + READ_HELD, cutoff);
  }

  /** Session records that ended before {@code cutoff}, held or not. */
  public static long countEndedSessions(Transaction transaction, Instant cutoff, boolean held) throws SQLException {
    return count(transaction, "SELECT COUNT(*) FROM stream_sessions s WHERE " + EXPIRED_SESSION + " AND " + (held ? "" : "NOT ") + SESSION_HELD, cutoff);
  }

  public static int deleteEndedSessions(Transaction transaction, Instant cutoff) throws SQLException {
    return delete(transaction, "DELETE FROM stream_sessions s WHERE " + EXPIRED_SESSION + " AND NOT " + SESSION_HELD, cutoff);
  }

  private static long count(Transaction transaction, String sql, Instant cutoff) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement(sql)) {
      select.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static int delete(Transaction transaction, String sql, Instant cutoff) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement(sql)) {
      delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
      return delete.executeUpdate();
    }
  }
}
