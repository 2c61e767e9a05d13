package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.watchfloor.proto.v1.Camera;

/** Cameras, their layer membership and their upstream URLs in the database. */
public final class CameraStore {

  private CameraStore() {}

  /** Streams every stored camera to {@code sink}, without holding them all twice in memory. */
  public static void forEach(Transaction transaction, Consumer<Camera> sink) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT id, body FROM cameras")) {
      select.setFetchSize(2000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sink.accept(parse(rows.getString(1), rows.getBytes(2)));
        }
      }
    }
  }

  public static Optional<Camera> find(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM cameras WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(parse(id, row.getBytes(1))) : Optional.empty();
      }
    }
  }

  /**
   * Inserts or replaces cameras (ids, revisions and timestamps already set) and their layer
   * membership, in batches: {@code existingIds} says which of them are already stored.
   */
  public static void putAll(Transaction transaction, List<Camera> cameras, Set<String> existingIds)
      throws SQLException {
    try (PreparedStatement update =
            transaction
                .connection()
                .prepareStatement(
                    "UPDATE cameras SET kind = ?, name = ?, latitude = ?, longitude = ?, owner_id = ?,"
                        + " source = ?, source_record_id = ?, revision = ?, created_at = ?,"
                        + " updated_at = ?, body = ? WHERE id = ?");
        PreparedStatement insert =
            transaction
                .connection()
                .prepareStatement(
                    "INSERT INTO cameras (kind, name, latitude, longitude, owner_id, source,"
                        + " source_record_id, revision, created_at, updated_at, body, id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement clearLayers =
            transaction.connection().prepareStatement("DELETE FROM camera_layers WHERE camera_id = ?");
        PreparedStatement addLayer =
            transaction
                .connection()
                .prepareStatement("INSERT INTO camera_layers (camera_id, layer_id) VALUES (?, ?)")) {
      for (Camera camera : cameras) {
        PreparedStatement statement = existingIds.contains(camera.getId()) ? update : insert;
        bind(statement, camera);
        statement.addBatch();
        if (existingIds.contains(camera.getId())) {
          clearLayers.setString(1, camera.getId());
          clearLayers.addBatch();
        }
        for (String layerId : camera.getLayerIdsList()) {
          addLayer.setString(1, camera.getId());
          addLayer.setString(2, layerId);
          addLayer.addBatch();
        }
      }
      update.executeBatch();
      insert.executeBatch();
      clearLayers.executeBatch();
      addLayer.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, Camera camera) throws SQLException {
    String provenanceSource = camera.hasProvenance() ? camera.getProvenance().getSource() : null;
    String provenanceId = camera.hasProvenance() ? camera.getProvenance().getSourceRecordId() : null;
    statement.setString(1, camera.getKind().name());
    statement.setString(2, camera.getName());
    statement.setDouble(3, camera.getLocation().getLatitude());
    statement.setDouble(4, camera.getLocation().getLongitude());
    statement.setString(5, camera.getOwnerId().isEmpty() ? null : camera.getOwnerId());
    statement.setString(6, provenanceSource);
    statement.setString(7, provenanceId);
    statement.setLong(8, camera.getRevision());
    statement.setObject(9, ProtoTime.toInstant(camera.getCreatedAt()).atOffset(ZoneOffset.UTC));
    statement.setObject(10, ProtoTime.toInstant(camera.getUpdatedAt()).atOffset(ZoneOffset.UTC));
    statement.setBytes(11, camera.toByteArray());
    statement.setString(12, camera.getId());
  }

  /** Ids of the cameras in a layer. */
  public static List<String> cameraIdsInLayer(Transaction transaction, String layerId)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT camera_id FROM camera_layers WHERE layer_id = ?")) {
      select.setString(1, layerId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * Deletes the cameras of {@code ids} in one batch; their upstream URLs are kept aside, stamped
   * {@code at}, for {@link #restoreUpstreams} (replacing any kept from an earlier deletion).
   */
  public static void deleteAll(Transaction transaction, List<String> ids, Instant at) throws SQLException {
    try (PreparedStatement forget = transaction.connection().prepareStatement("DELETE FROM deleted_camera_upstreams WHERE camera_id = ?");
        PreparedStatement keep = transaction.connection().prepareStatement(
            "INSERT INTO deleted_camera_upstreams (camera_id, profile, url, deleted_at) SELECT camera_id, profile, url, ? FROM camera_upstreams WHERE camera_id = ?");
        PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM cameras WHERE id = ?")) {
      for (String id : ids) {
        forget.setString(1, id);
        forget.addBatch();
        keep.setObject(1, at.atOffset(ZoneOffset.UTC));
        keep.setString(2, id);
        keep.addBatch();
        delete.setString(1, id);
        delete.addBatch();
      }
      forget.executeBatch();
      keep.executeBatch();
      delete.executeBatch();
    }
  }

  /**
   * Gives camera {@code cameraId}, made again, the upstream URLs its deletion kept for the profiles
   * in {@code profiles}, and forgets what was kept; returns how many were given back.
   */
  public static int restoreUpstreams(Transaction transaction, String cameraId, java.util.Collection<String> profiles) throws SQLException {
    Map<String, String> kept = new java.util.HashMap<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT profile, url FROM deleted_camera_upstreams WHERE camera_id = ?")) {
      select.setString(1, cameraId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (profiles.contains(rows.getString(1))) {
            kept.put(rows.getString(1), rows.getString(2));
          }
        }
      }
    }
    try (PreparedStatement forget = transaction.connection().prepareStatement("DELETE FROM deleted_camera_upstreams WHERE camera_id = ?")) {
      forget.setString(1, cameraId);
      forget.executeUpdate();
    }
    if (!kept.isEmpty()) {
      putUpstreams(transaction, cameraId, kept);
    }
    return kept.size();
  }

  /** Removes the upstream URLs kept from deletions before {@code cutoff}; returns how many. */
  public static int forgetDeletedUpstreams(Transaction transaction, Instant cutoff) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM deleted_camera_upstreams WHERE deleted_at < ?")) {
      delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
      return delete.executeUpdate();
    }
  }

  /** How many upstream URLs kept from deletions are older than {@code cutoff}. */
  public static long countDeletedUpstreams(Transaction transaction, Instant cutoff) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement("SELECT COUNT(*) FROM deleted_camera_upstreams WHERE deleted_at < ?")) {
      select.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Replaces the upstream URLs of a camera (profile name to URL); never sent to clients. */
  public static void putUpstreams(Transaction transaction, String cameraId, Map<String, String> urls)
      throws SQLException {
    try (PreparedStatement delete =
        transaction
            .connection()
            .prepareStatement("DELETE FROM camera_upstreams WHERE camera_id = ?")) {
      delete.setString(1, cameraId);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO camera_upstreams (camera_id, profile, url) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> url : urls.entrySet()) {
        insert.setString(1, cameraId);
        insert.setString(2, url.getKey());
        insert.setString(3, url.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Rewrites every stored upstream URL through {@code reseal} (which returns sealed values as they are). */
  public static void resealUpstreams(Transaction transaction, java.util.function.UnaryOperator<String> reseal) throws SQLException {
    Map<String[], String> changed = new java.util.HashMap<>();
    try (PreparedStatement select = transaction.connection().prepareStatement("SELECT camera_id, profile, url FROM camera_upstreams");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String resealed = reseal.apply(rows.getString(3));
        if (!resealed.equals(rows.getString(3))) {
          changed.put(new String[] {rows.getString(1), rows.getString(2)}, resealed);
        }
      }
    }
    try (PreparedStatement update =
        transaction.connection().prepareStatement("UPDATE camera_upstreams SET url = ? WHERE camera_id = ? AND profile = ?")) {
      for (Map.Entry<String[], String> row : changed.entrySet()) {
        update.setString(1, row.getValue());
        update.setString(2, row.getKey()[0]);
        update.setString(3, row.getKey()[1]);
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /** The upstream URLs of a camera by profile name, as stored (sealed); empty when the simulator serves it. */
  public static Map<String, String> upstreams(Transaction transaction, String cameraId) throws SQLException {
    Map<String, String> urls = new java.util.HashMap<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT profile, url FROM camera_upstreams WHERE camera_id = ?")) {
      select.setString(1, cameraId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          urls.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return urls;
  }

  private static Camera parse(String id, byte[] body) throws SQLException {
    try {
      return Camera.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("camera " + id + " has an unreadable body", e);
    }
  }
}
