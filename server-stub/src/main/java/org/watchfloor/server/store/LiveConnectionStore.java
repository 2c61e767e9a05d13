package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.LiveConnectionStatus;

/**
 * Owners' requests to connect a camera for live sharing: status, camera and owner as columns beside
 * the request's protobuf encoding (without the camera and owner, which are read where they live),
 * and the stream address as the caller sealed it.
 */
public final class LiveConnectionStore {

  /** A stored request and its sealed stream address, when one was given. */
  public record Stored(LiveConnectionRequest request, Optional<String> sealedSource) {}

  private LiveConnectionStore() {}

  public static void insert(Transaction transaction, LiveConnectionRequest request, Optional<String> sealedSource) throws SQLException {
    try (PreparedStatement insert =
        transaction.connection().prepareStatement(
            "INSERT INTO live_connection_requests (status, camera_id, owner_id, submitted_at, body, sealed_source, id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, request);
      insert.setString(6, sealedSource.orElse(null));
      insert.setString(7, request.getId());
      insert.executeUpdate();
    }
  }

  /**
   * Replaces a request that is still OPEN, and its sealed address when {@code sealedSource} is
   * given; false (nothing changed) when it was decided meanwhile.
   */
  public static boolean replaceOpen(Transaction transaction, LiveConnectionRequest request, Optional<String> sealedSource) throws SQLException {
    String sql = "UPDATE live_connection_requests SET status = ?, camera_id = ?, owner_id = ?, submitted_at = ?, body = ?"
        + (sealedSource.isPresent() ? ", sealed_source = ?" : "") + " WHERE id = ? AND status = ?";
    try (PreparedStatement update = transaction.connection().prepareStatement(sql)) {
      bind(update, request);
      int next = 6;
      if (sealedSource.isPresent()) {
        update.setString(next++, sealedSource.get());
      }
      update.setString(next++, request.getId());
      update.setString(next, LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN.name());
      return update.executeUpdate() == 1;
    }
  }

  private static void bind(PreparedStatement statement, LiveConnectionRequest request) throws SQLException {
    LiveConnectionRequest bare = request.toBuilder().clearCamera().clearOwner().build();
    statement.setString(1, request.getStatus().name());
    statement.setString(2, request.getCamera().getId());
    statement.setString(3, request.getOwner().getId());
    statement.setObject(4, ProtoTime.toInstant(request.getSubmittedAt()).atOffset(ZoneOffset.UTC));
    statement.setBytes(5, bare.toByteArray());
  }

  public static Optional<Stored> find(Transaction transaction, String id) throws SQLException {
    List<Stored> found = select(transaction, "SELECT body, sealed_source, camera_id, owner_id FROM live_connection_requests WHERE id = ?", id);
    return found.stream().findFirst();
  }

  /** The requests in {@code status}, oldest first. */
  public static List<Stored> inStatus(Transaction transaction, LiveConnectionStatus status) throws SQLException {
    return select(transaction,
        "SELECT body, sealed_source, camera_id, owner_id FROM live_connection_requests WHERE status = ? ORDER BY submitted_at, id", status.name());
  }

  /** The OPEN request for a camera, if any (an owner asks once per camera). */
  public static Optional<Stored> openFor(Transaction transaction, String cameraId) throws SQLException {
    return select(transaction,
        "SELECT body, sealed_source, camera_id, owner_id FROM live_connection_requests WHERE camera_id = ? AND status = ?",
        cameraId, LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN.name()).stream().findFirst();
  }

  /** Deletes every request of an owner who withdrew (their addresses are personal data). */
  public static void deleteOf(Transaction transaction, String ownerId) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM live_connection_requests WHERE owner_id = ?")) {
      delete.setString(1, ownerId);
      delete.executeUpdate();
    }
  }

  private static List<Stored> select(Transaction transaction, String sql, String... values) throws SQLException {
    List<Stored> found = new ArrayList<>();
    try (PreparedStatement select = transaction.connection().prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        select.setString(i + 1, values[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          LiveConnectionRequest.Builder request;
          try {
            request = LiveConnectionRequest.parseFrom(rows.getBytes(1)).toBuilder();
          } catch (InvalidProtocolBufferException e) {
            throw new SQLException("a stored live-connection request cannot be read", e);
          }
          // The camera and owner are read where they live; the ids here say which.
          request.getCameraBuilder().setId(rows.getString(3));
          request.getOwnerBuilder().setId(rows.getString(4));
          found.add(new Stored(request.build(), Optional.ofNullable(rows.getString(2))));
        }
      }
    }
    return found;
  }
}
