package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;

/** Live-share grants in the database: searchable columns plus the grant's protobuf encoding. */
public final class GrantStore {

  private GrantStore() {}

  public static void put(Transaction transaction, LiveShareGrant grant) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement("UPDATE live_share_grants SET owner_id = ?, camera_id = ?, status = ?, revision = ?, body = ? WHERE id = ?")) {
      bind(update, grant);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement("INSERT INTO live_share_grants (owner_id, camera_id, status, revision, body, id) VALUES (?, ?, ?, ?, ?, ?)")) {
      bind(insert, grant);
      insert.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, LiveShareGrant grant) throws SQLException {
    statement.setString(1, grant.getOwnerId());
    statement.setString(2, grant.getCameraId());
    statement.setString(3, grant.getStatus().name());
    statement.setLong(4, grant.getRevision());
    statement.setBytes(5, grant.toByteArray());
    statement.setString(6, grant.getId());
  }

  public static Optional<LiveShareGrant> find(Transaction transaction, String id) throws SQLException {
    List<LiveShareGrant> found = select(transaction, "WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public static List<LiveShareGrant> all(Transaction transaction) throws SQLException {
    return select(transaction, "", null);
  }

  /** Grants in {@code status} as stored, e.g. the active ones. */
  public static List<LiveShareGrant> withStatus(Transaction transaction, GrantStatus status) throws SQLException {
    return select(transaction, "WHERE status = ?", status.name());
  }

  public static List<LiveShareGrant> forCamera(Transaction transaction, String cameraId) throws SQLException {
    return select(transaction, "WHERE camera_id = ?", cameraId);
  }

  private static List<LiveShareGrant> select(Transaction transaction, String where, String value) throws SQLException {
    List<LiveShareGrant> grants = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM live_share_grants " + where + " ORDER BY id")) {
      if (value != null) {
        select.setString(1, value);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          try {
            grants.add(LiveShareGrant.parseFrom(rows.getBytes(1)));
          } catch (InvalidProtocolBufferException e) {
            throw new SQLException("unreadable stored grant", e);
          }
        }
      }
    }
    return grants;
  }
}
