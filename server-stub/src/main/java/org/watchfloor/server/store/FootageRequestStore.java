package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;

/** Footage requests in the database: searchable columns, their cameras and the request's protobuf encoding. */
public final class FootageRequestStore {

  /**
   * What a list of requests is narrowed to; empty values match all. {@code afterCreatedAt} and
   * {@code afterId} are the last row of the previous page (null for the first page).
   */
  public record Filter(
      List<FootageRequestStatus> statuses,
      String caseNumber,
      String cameraId,
      String ownerId,
      String requesterUserId,
      Instant afterCreatedAt,
      String afterId) {}

  private FootageRequestStore() {}

  /** Stores a new request with the retry key it was made under ("" when none). */
  public static void insert(Transaction transaction, FootageRequest request, String idempotencyKey) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO footage_requests (owner_id, status, case_number, requester_user_id, created_at,"
                    + " link_expires_at, revision, body, idempotency_key, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, request);
      insert.setString(9, idempotencyKey);
      insert.setString(10, request.getId());
      insert.executeUpdate();
    }
    try (PreparedStatement camera =
        transaction.connection().prepareStatement("INSERT INTO footage_request_cameras (request_id, camera_id) VALUES (?, ?)")) {
      for (String cameraId : request.getCameraIdsList()) {
        camera.setString(1, request.getId());
        camera.setString(2, cameraId);
        camera.addBatch();
      }
      camera.executeBatch();
    }
  }

  /** Replaces a stored request's state (its cameras never change). */
  public static void update(Transaction transaction, FootageRequest request) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE footage_requests SET owner_id = ?, status = ?, case_number = ?, requester_user_id = ?,"
                    + " created_at = ?, link_expires_at = ?, revision = ?, body = ? WHERE id = ?")) {
      bind(update, request);
      update.setString(9, request.getId());
      if (update.executeUpdate() != 1) {
        throw new SQLException("no footage request " + request.getId() + " to update");
      }
    }
  }

  private static void bind(PreparedStatement statement, FootageRequest request) throws SQLException {
    statement.setString(1, request.getOwnerId());
    statement.setString(2, request.getStatus().name());
    statement.setString(3, request.getPurpose().getCaseNumber());
    statement.setString(4, request.getRequesterUserId());
    statement.setObject(5, ProtoTime.toInstant(request.getCreatedAt()).atOffset(ZoneOffset.UTC));
    statement.setObject(6, ProtoTime.toInstant(request.getLinkExpiresAt()).atOffset(ZoneOffset.UTC));
    statement.setLong(7, request.getRevision());
    statement.setBytes(8, request.toByteArray());
  }

  public static Optional<FootageRequest> find(Transaction transaction, String id) throws SQLException {
    List<FootageRequest> found = select(transaction, " WHERE r.id = ?", List.of(id), 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every request, newest first. */
  public static List<FootageRequest> all(Transaction transaction) throws SQLException {
    return select(transaction, "", List.of(), Integer.MAX_VALUE);
  }

  /** The requests {@code userId} made under {@code idempotencyKey} since {@code since}, ordered by owner. */
  public static List<FootageRequest> madeWithKey(Transaction transaction, String userId, String idempotencyKey, Instant since)
      throws SQLException {
    List<FootageRequest> found =
        new ArrayList<>(
            select(
                transaction,
                " WHERE r.requester_user_id = ? AND r.idempotency_key = ? AND r.created_at >= ?",
                List.of(userId, idempotencyKey, since.atOffset(ZoneOffset.UTC)),
                Integer.MAX_VALUE));
    found.sort(java.util.Comparator.comparing(FootageRequest::getOwnerId));
    return found;
  }

  /** Undecided requests (PENDING, SENT, VIEWED) whose link expired at or before {@code moment}. */
  public static List<FootageRequest> undecidedExpiredBy(Transaction transaction, Instant moment) throws SQLException {
    return select(
        transaction,
        " WHERE r.status IN ('FOOTAGE_REQUEST_STATUS_PENDING', 'FOOTAGE_REQUEST_STATUS_SENT', 'FOOTAGE_REQUEST_STATUS_VIEWED')"
            + " AND r.link_expires_at <= ?",
        List.of(moment.atOffset(ZoneOffset.UTC)),
        Integer.MAX_VALUE);
  }

  /** One page of requests matching {@code filter}, newest first, at most {@code limit}. */
  public static List<FootageRequest> page(Transaction transaction, Filter filter, int limit) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    if (!filter.statuses().isEmpty()) {
      where.append(" AND r.status IN (").append("?, ".repeat(filter.statuses().size() - 1)).append("?)");
      filter.statuses().forEach(status -> values.add(status.name()));
    }
    for (String[] column : new String[][] {
        {"r.case_number", filter.caseNumber()}, {"r.owner_id", filter.ownerId()}, {"r.requester_user_id", filter.requesterUserId()}}) {
      if (!column[1].isEmpty()) {
        where.append(" AND ").append(column[0]).append(" = ?");
        values.add(column[1]);
      }
    }
    if (!filter.cameraId().isEmpty()) {
      where.append(" AND r.id IN (SELECT c.request_id FROM footage_request_cameras c WHERE c.camera_id = ?)");
      values.add(filter.cameraId());
    }
    if (filter.afterCreatedAt() != null) {
      where.append(" AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))");
      values.add(filter.afterCreatedAt().atOffset(ZoneOffset.UTC));
      values.add(filter.afterCreatedAt().atOffset(ZoneOffset.UTC));
      values.add(filter.afterId());
    }
    return select(transaction, where.toString(), values, limit);
  }

  private static List<FootageRequest> select(Transaction transaction, String where, List<?> values, int limit)
      throws SQLException {
    List<FootageRequest> requests = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT r.body FROM footage_requests r" + where + " ORDER BY r.created_at DESC, r.id DESC")) {
      for (int i = 0; i < values.size(); i++) {
        select.setObject(i + 1, values.get(i));
      }
      select.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          try {
            requests.add(FootageRequest.parseFrom(rows.getBytes(1)));
          } catch (InvalidProtocolBufferException e) {
            throw new SQLException("unreadable stored footage request", e);
          }
        }
      }
    }
    return requests;
  }
}
