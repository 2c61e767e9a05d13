package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate reads behind the public transparency figures: counts grouped by a column, never a
 * row that names a person. Every count is computed from the rows themselves at the time of asking.
 */
public final class PublicFigureStore {

  /** How many audit rows of one action fell in a window, and how many distinct non-empty cases they served. */
  public record ActionCount(long rows, long distinctCases) {}

  /** One action's counts in the recent window and in the year. */
  public record WindowCounts(ActionCount recent, ActionCount year) {}

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

  /**
   * Audit rows of each of {@code actions} in two windows that end together at {@code to} (from
   * {@code recentFrom} and from {@code yearFrom}), with their distinct non-empty case numbers: one
   * pass over the (action, at, case_number) index.
   */
  public static Map<String, WindowCounts> auditActions(
      Transaction transaction, List<String> actions, Instant recentFrom, Instant yearFrom, Instant to) throws SQLException {
    Map<String, WindowCounts> counts = new LinkedHashMap<>();
    actions.forEach(action -> counts.put(action, new WindowCounts(new ActionCount(0, 0), new ActionCount(0, 0))));
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT action,"
                    + " SUM(CASE WHEN at >= ? THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN at >= ? THEN NULLIF(case_number, '') END),"
                    + " SUM(CASE WHEN at >= ? THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN at >= ? THEN NULLIF(case_number, '') END)"
                    + " FROM audit_log WHERE action IN (" + "?, ".repeat(actions.size() - 1) + "?) AND at >= ? AND at < ? GROUP BY action")) {
      int parameter = 1;
      for (Instant from : List.of(recentFrom, recentFrom, yearFrom, yearFrom)) {
        select.setObject(parameter++, from.atOffset(ZoneOffset.UTC));
      }
      for (String action : actions) {
        select.setString(parameter++, action);
      }
      select.setObject(parameter++, (recentFrom.isBefore(yearFrom) ? recentFrom : yearFrom).atOffset(ZoneOffset.UTC));
      select.setObject(parameter, to.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), new WindowCounts(new ActionCount(rows.getLong(2), rows.getLong(3)), new ActionCount(rows.getLong(4), rows.getLong(5))));
        }
      }
    }
    return counts;
  }

  /**
   * Audit rows of {@code action} whose detail contains each of {@code words} (e.g. termination
   * reasons), in the two windows that end at {@code to}: one pass over the action's rows.
   */
  public static Map<String, long[]> auditActionsWithDetail(
      Transaction transaction, String action, List<String> words, Instant recentFrom, Instant yearFrom, Instant to) throws SQLException {
    StringBuilder sums = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      sums.append(" SUM(CASE WHEN at >= ? AND POSITION(? IN detail) > 0 THEN 1 ELSE 0 END),")
          .append(" SUM(CASE WHEN at >= ? AND POSITION(? IN detail) > 0 THEN 1 ELSE 0 END)").append(i < words.size() - 1 ? "," : "");
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT" + sums + " FROM audit_log WHERE action = ? AND at >= ? AND at < ?")) {
      int parameter = 1;
      for (String word : words) {
        for (Instant from : List.of(recentFrom, yearFrom)) {
          select.setObject(parameter++, from.atOffset(ZoneOffset.UTC));
          select.setString(parameter++, word);
        }
      }
      select.setString(parameter++, action);
      select.setObject(parameter++, (recentFrom.isBefore(yearFrom) ? recentFrom : yearFrom).atOffset(ZoneOffset.UTC));
      select.setObject(parameter, to.atOffset(ZoneOffset.UTC));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        for (int i = 0; i < words.size(); i++) {
          counts.put(words.get(i), new long[] {row.getLong(2 * i + 1), row.getLong(2 * i + 2)});
        }
      }
    }
    return counts;
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
        "SELECT organisation, COUNT(*) FROM users WHERE disabled_at IS NULL GROUP BY organisation ORDER BY organisation");
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
