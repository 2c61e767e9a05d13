package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.EvidenceExportPlan;

/** Evidence exports between their preparation and their seal. */
public final class EvidenceExportStore {

  /** One export as stored; {@code plan} has no download URLs. */
  public record StoredExport(
      String id, String incidentId, String exporterId, String exporterName, String caseNumber, String reason, String workstation,
      Instant preparedAt, Optional<Instant> sealedAt, EvidenceExportPlan plan, List<String> sessionIds) {}

  private EvidenceExportStore() {}

  public static void insert(Transaction transaction, StoredExport export) throws SQLException {
    try (PreparedStatement insert = transaction.connection().prepareStatement(
        "INSERT INTO evidence_exports (id, incident_id, exporter_id, exporter_name, case_number, reason, workstation, prepared_at, plan, session_ids)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, export.id());
      insert.setString(2, export.incidentId());
      insert.setString(3, export.exporterId());
      insert.setString(4, export.exporterName());
      insert.setString(5, export.caseNumber());
      insert.setString(6, export.reason());
      insert.setString(7, export.workstation());
      insert.setObject(8, export.preparedAt().atOffset(ZoneOffset.UTC));
      insert.setBytes(9, export.plan().toByteArray());
      insert.setString(10, String.join(" ", export.sessionIds()));
      insert.executeUpdate();
    }
  }

  public static Optional<StoredExport> find(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement(
        "SELECT id, incident_id, exporter_id, exporter_name, case_number, reason, workstation, prepared_at, sealed_at, plan, session_ids"
            + " FROM evidence_exports WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        OffsetDateTime sealed = row.getObject(9, OffsetDateTime.class);
        String sessions = row.getString(11);
        return Optional.of(new StoredExport(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
            row.getString(6), row.getString(7), row.getObject(8, OffsetDateTime.class).toInstant(),
            Optional.ofNullable(sealed).map(OffsetDateTime::toInstant), EvidenceExportPlan.parseFrom(row.getBytes(10)),
            sessions.isEmpty() ? List.of() : Arrays.asList(sessions.split(" "))));
      } catch (InvalidProtocolBufferException e) {
        throw new SQLException("evidence export " + id + " has an unreadable plan", e);
      }
    }
  }

  /** Marks the export sealed; false when it already was (another call sealed it first). */
  public static boolean seal(Transaction transaction, String id, Instant at) throws SQLException {
    try (PreparedStatement update =
        transaction.connection().prepareStatement("UPDATE evidence_exports SET sealed_at = ? WHERE id = ? AND sealed_at IS NULL")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, id);
      return update.executeUpdate() == 1;
    }
  }
}
