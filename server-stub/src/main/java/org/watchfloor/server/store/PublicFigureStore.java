package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The aggregate reads behind the public transparency figures: counts grouped by a column, never a
 * row that names a person. Every count is computed from the rows themselves at the time of asking.
 */
public final class PublicFigureStore {

  /** How many audit rows of one action fell in a window, and how many distinct non-empty cases they served. */
  public record ActionCount(long rows, long distinctCases) {}

  private PublicFigureStore() {}

  /** Cameras per stored kind name (e.g. {@code CAMERA_KIND_TRAFFIC}). */
  public static Map<String, Long> camerasByKind(Transaction transaction) throws SQLException {
    return grouped(transaction, "SELECT kind, COUNT(*) FROM cameras GROUP BY kind ORDER BY kind");
  }

  /** Owners with at least one camera in the directory. */
  public static long ownersWithCameras(Transaction transaction) throws SQLException {
    return single(transaction, "SELECT COUNT(DISTINCT owner_id) FROM cameras WHERE owner_id IS NOT NULL");
  }

  /** Footage requests made in [from, to), per status they have now. */
  public static Map<String, Long> footageRequestsByStatus(Transaction transaction, Instant from, Instant to)
      throws SQLException {
    return grouped(transaction,
        "SELECT status, COUNT(*) FROM footage_requests WHERE created_at >= ? AND created_at < ? GROUP BY status ORDER BY status",
        from, to);
  }

  /** Audit rows of {@code action} in [from, to), with their distinct non-empty case numbers. */
  public static ActionCount auditActions(Transaction transaction, String action, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT NULLIF(case_number, '')) FROM audit_log"
                    + " WHERE action = ? AND at >= ? AND at < ?")) {
      select.setString(1, action);
      select.setObject(2, from.atOffset(ZoneOffset.UTC));
      select.setObject(3, to.atOffset(ZoneOffset.UTC));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return new ActionCount(row.getLong(1), row.getLong(2));
      }
    }
  }

  /**
   * Audit rows of {@code action} in [from, to) whose detail contains {@code detailWord} (e.g. a
   * termination reason).
   */
  public static long auditActionsWithDetail(
      Transaction transaction, String action, String detailWord, Instant from, Instant to) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT COUNT(*) FROM audit_log WHERE action = ? AND at >= ? AND at < ? AND POSITION(? IN detail) > 0")) {
      select.setString(1, action);
      select.setObject(2, from.atOffset(ZoneOffset.UTC));
      select.setObject(3, to.atOffset(ZoneOffset.UTC));
      select.setString(4, detailWord);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Plate reads that matched a hotlist (LPR hits on incident timelines) in [from, to). */
  public static long hotlistHits(Transaction transaction, Instant from, Instant to) throws SQLException {
    return single(transaction,
        "SELECT COUNT(*) FROM timeline_events WHERE event_type = 'TIMELINE_EVENT_TYPE_LPR_HIT' AND at >= ? AND at < ?",
        from, to);
  }

  /** Enabled user accounts per organisation ("" for accounts with none recorded). */
  public static Map<String, Long> accountsByOrganization(Transaction transaction) throws SQLException {
    return grouped(transaction,
        "SELECT organization, COUNT(*) FROM users WHERE disabled_at IS NULL GROUP BY organization ORDER BY organization");
  }

  private static Map<String, Long> grouped(Transaction transaction, String sql, Instant... window) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement select = prepare(transaction, sql, window); ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }

  private static long single(Transaction transaction, String sql, Instant... window) throws SQLException {
    try (PreparedStatement select = prepare(transaction, sql, window); ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static PreparedStatement prepare(Transaction transaction, String sql, Instant... window) throws SQLException {
    PreparedStatement statement = transaction.connection().prepareStatement(sql);
    for (int i = 0; i < window.length; i++) {
      statement.setObject(i + 1, window[i].atOffset(ZoneOffset.UTC));
    }
    return statement;
  }
}
