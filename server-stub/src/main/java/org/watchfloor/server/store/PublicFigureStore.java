package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The aggregate reads behind the public transparency figures: counts grouped by a column, never a
 * row that names a person. Every count is computed from the rows themselves at the time of asking.
 */
public final class PublicFigureStore {

  /** An audit row as the public figures count it; {@code detail} is read for one action only, else "". */
  public record CountedRow(Instant at, String action, String caseNumber, String detail) {}

  private static final String COUNTED_COLUMNS = "SELECT at, action, case_number, CASE WHEN action = ? THEN detail ELSE '' END FROM audit_log";

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
   * Every audit row of {@code actions} with a sequence in ({@code after}, {@code through}], in no
   * particular order; the detail of {@code detailAction}'s rows only. One range of the primary key.
   */
  public static void countedRowsInSequence(
      Transaction transaction, List<String> actions, String detailAction, long after, long through, Consumer<CountedRow> sink)
      throws SQLException {
    List<Object> parameters = List.of(detailAction, after, through);
    countedRows(transaction, COUNTED_COLUMNS + " WHERE sequence > ? AND sequence <= ?", parameters, row -> {
      if (actions.contains(row.action())) {
        sink.accept(row);
      }
    });
  }

  /**
   * Every audit row of {@code actions} dated in [from, to), in no particular order; the detail of
   * {@code detailAction}'s rows only. One range of the (action, at) index per action, in one
   * statement: an IN list before the range would make H2 walk every row of those actions.
   */
  public static void countedRowsInTime(
      Transaction transaction, List<String> actions, String detailAction, Instant from, Instant to, Consumer<CountedRow> sink)
      throws SQLException {
    List<Object> parameters = new ArrayList<>();
    for (String action : actions) {
      parameters.addAll(List.of(detailAction, action, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
    }
    String oneAction = COUNTED_COLUMNS + " WHERE action = ? AND at >= ? AND at < ?";
    countedRows(transaction, String.join(" UNION ALL ", Collections.nCopies(actions.size(), oneAction)), parameters, sink);
  }

  private static void countedRows(Transaction transaction, String sql, List<Object> parameters, Consumer<CountedRow> sink)
      throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      select.setFetchSize(5000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sink.accept(new CountedRow(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
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
