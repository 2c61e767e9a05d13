package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Share links by the SHA-256 of their token; the token itself is never stored. */
public final class ShareLinkStore {

  /** One stored link: what it is for, what it concerns, who holds it, until when. */
  public record Row(String tokenHash, String purpose, String subjectId, String holderId, Instant issuedAt, Instant expiresAt) {}

  private ShareLinkStore() {}

  public static void insert(Transaction transaction, Row row) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO share_links (token_hash, purpose, subject_id, holder_id, issued_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, row.tokenHash());
      insert.setString(2, row.purpose());
      insert.setString(3, row.subjectId());
      insert.setString(4, row.holderId());
      insert.setObject(5, row.issuedAt().atOffset(ZoneOffset.UTC));
      insert.setObject(6, row.expiresAt().atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  public static Optional<Row> find(Transaction transaction, String tokenHash) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT token_hash, purpose, subject_id, holder_id, issued_at, expires_at FROM share_links WHERE token_hash = ?")) {
      select.setString(1, tokenHash);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Row(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getObject(5, OffsetDateTime.class).toInstant(),
                row.getObject(6, OffsetDateTime.class).toInstant()));
      }
    }
  }

  /** Deletes every link held by {@code holderId} (an owner who withdrew): none of them works any more. */
  public static int deleteHeldBy(Transaction transaction, String holderId) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM share_links WHERE holder_id = ?")) {
      delete.setString(1, holderId);
      return delete.executeUpdate();
    }
  }
}
