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
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.RegistrationStatus;

/** Owners' self-registrations: status, address and owner as columns beside the registration's protobuf encoding. */
public final class RegistrationStore {

  private RegistrationStore() {}

  /** Stores a new registration; its verification link stops working at {@code linkExpiresAt}. */
  public static void insert(Transaction transaction, OwnerRegistration registration, Instant linkExpiresAt) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO registrations (status, email, owner_id, submitted_at, body, link_expires_at, id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, registration);
      insert.setObject(6, linkExpiresAt.atOffset(ZoneOffset.UTC));
      insert.setString(7, registration.getId());
      insert.executeUpdate();
    }
  }

  /**
   * Replaces a registration that is still in {@code expected}; false (and nothing changed) when it
   * has moved on meanwhile, which makes a link or an approval work once even when used twice at once.
   */
  public static boolean replace(Transaction transaction, OwnerRegistration registration, RegistrationStatus expected)
      throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE registrations SET status = ?, email = ?, owner_id = ?, submitted_at = ?, body = ?"
                    + " WHERE id = ? AND status = ?")) {
      bind(update, registration);
      update.setString(6, registration.getId());
      update.setString(7, expected.name());
      return update.executeUpdate() == 1;
    }
  }

  private static void bind(PreparedStatement statement, OwnerRegistration registration) throws SQLException {
    statement.setString(1, registration.getStatus().name());
    statement.setString(2, registration.getOwner().getEmail());
    statement.setString(3, registration.getOwnerId());
    statement.setObject(4, ProtoTime.toInstant(registration.getSubmittedAt()).atOffset(ZoneOffset.UTC));
    statement.setBytes(5, registration.toByteArray());
  }

  public static Optional<OwnerRegistration> find(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement("SELECT body FROM registrations WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(parse(rows.getBytes(1))) : Optional.empty();
      }
    }
  }

  /**
   * Registrations in {@code statuses}, oldest submission first, after the one submitted at {@code
   * afterSubmittedAt} with {@code afterId} (null for the first page), at most {@code limit}.
   */
  public static List<OwnerRegistration> page(
      Transaction transaction, List<RegistrationStatus> statuses, Instant afterSubmittedAt, String afterId, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT body FROM registrations WHERE status IN (");
    for (int i = 0; i < statuses.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(")");
    if (afterSubmittedAt != null) {
      sql.append(" AND (submitted_at > ? OR (submitted_at = ? AND id > ?))");
    }
    sql.append(" ORDER BY submitted_at, id LIMIT ?");
    List<OwnerRegistration> found = new ArrayList<>();
    try (PreparedStatement select = transaction.connection().prepareStatement(sql.toString())) {
      int index = 1;
      for (RegistrationStatus status : statuses) {
        select.setString(index++, status.name());
      }
      if (afterSubmittedAt != null) {
        select.setObject(index++, afterSubmittedAt.atOffset(ZoneOffset.UTC));
        select.setObject(index++, afterSubmittedAt.atOffset(ZoneOffset.UTC));
        select.setString(index++, afterId);
      }
      select.setInt(index, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(parse(rows.getBytes(1)));
        }
      }
    }
    return found;
  }

  /** Deletes every registration of an owner who withdrew, and those still naming their address. */
  public static int deleteOwnerData(Transaction transaction, String ownerId, String email) throws SQLException {
    try (PreparedStatement delete =
        transaction.connection().prepareStatement("DELETE FROM registrations WHERE owner_id = ? OR LOWER(email) = ?")) {
      delete.setString(1, ownerId);
      delete.setString(2, email.toLowerCase(java.util.Locale.ROOT));
      return delete.executeUpdate();
    }
  }

  /**
   * Deletes registrations nobody confirmed whose link expired before {@code before}; returns their ids
   * (for the audit row of the removal).
   */
  public static List<String> deleteUnverified(Transaction transaction, Instant before) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT id FROM registrations WHERE status = ? AND link_expires_at < ? ORDER BY id")) {
      select.setString(1, RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION.name());
      select.setObject(2, before.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM registrations WHERE id = ?")) {
      for (String id : ids) {
        delete.setString(1, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    return ids;
  }

  private static OwnerRegistration parse(byte[] body) throws SQLException {
    try {
      return OwnerRegistration.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("a stored registration cannot be read", e);
    }
  }
}
