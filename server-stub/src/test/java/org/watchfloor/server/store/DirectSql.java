package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.AuditStore.AuditRow;

/** SQL written straight into a store, as someone with database access could: for tests of tamper detection. */
public final class DirectSql {

  private DirectSql() {}

  public static int execute(Database database, String sql) {
    return database.inTransaction("tamper", transaction -> {
      try (PreparedStatement statement = transaction.connection().prepareStatement(sql)) {
        return statement.executeUpdate();
      }
    });
  }

  /**
   * Recomputes every hash from row {@code from} to the head, as a forger who edited row {@code from}
   * would, so that the chain verifies again on its own.
   */
  public static void rechainFrom(Database database, long from) {
    database.inTransaction("rechain", transaction -> {
      List<AuditRow> rows = new ArrayList<>();
      AuditStore.forEachInOrder(transaction, Long.MAX_VALUE, row -> {
        if (row.sequence() >= from - 1) {
          rows.add(row);
        }
      });
      String previous = from == 1 ? AuditLog.GENESIS_HASH : rows.get(0).hash();
      try (PreparedStatement update = transaction.connection().prepareStatement("UPDATE audit_log SET previous_hash = ?, hash = ? WHERE sequence = ?")) {
        for (AuditRow row : rows.subList(from == 1 ? 0 : 1, rows.size())) {
          AuditRow relinked = new AuditRow(row.sequence(), row.at(), row.userId(), row.username(), row.action(), row.target(), row.caseNumber(),
              row.reason(), row.incidentId(), row.detail(), previous, "");
          previous = AuditLog.hash(relinked);
          update.setString(1, relinked.previousHash());
          update.setString(2, previous);
          update.setLong(3, row.sequence());
          update.executeUpdate();
        }
      }
      return null;
    });
  }
}
