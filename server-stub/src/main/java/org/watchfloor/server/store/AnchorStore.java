package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Published audit anchors: kept for good, listed newest first. */
public final class AnchorStore {

  /** One anchor as stored; {@code signature} is base64 Ed25519 over the anchor's signed text. */
  public record StoredAnchor(long sequence, String headHash, Instant anchoredAt, String occasion, String signature) {}

  private AnchorStore() {}

  public static void insert(Transaction transaction, StoredAnchor anchor) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement("INSERT INTO audit_anchors (sequence, head_hash, anchored_at, occasion, signature) VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, anchor.sequence());
      insert.setString(2, anchor.headHash());
      insert.setObject(3, anchor.anchoredAt().atOffset(ZoneOffset.UTC));
      insert.setString(4, anchor.occasion());
      insert.setString(5, anchor.signature());
      insert.executeUpdate();
    }
  }

  public static List<StoredAnchor> newestFirst(Transaction transaction) throws SQLException {
    List<StoredAnchor> anchors = new ArrayList<>();
    try (PreparedStatement select =
            transaction
                .connection()
                .prepareStatement("SELECT sequence, head_hash, anchored_at, occasion, signature FROM audit_anchors ORDER BY anchored_at DESC, sequence DESC");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        anchors.add(new StoredAnchor(rows.getLong(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getString(4), rows.getString(5)));
      }
    }
    return anchors;
  }
}
