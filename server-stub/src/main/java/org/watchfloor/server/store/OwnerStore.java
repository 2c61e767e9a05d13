package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerType;

/** Camera owners in the database, each with the ids of the cameras that name them. */
public final class OwnerStore {

  private static final String COLUMNS =
      "o.id, o.display_name, o.organization, o.email, o.phone, o.owner_type, o.time_zone, o.created_at, o.withdrawn_at";

  private OwnerStore() {}

  public static void insert(Transaction transaction, Owner owner) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO owners (id, display_name, organization, email, phone, owner_type, time_zone,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, owner.getId());
      insert.setString(2, owner.getDisplayName());
      insert.setString(3, owner.getOrganization());
      insert.setString(4, owner.getEmail());
      insert.setString(5, owner.getPhone());
      insert.setString(6, owner.getType().name());
      insert.setString(7, owner.getTimeZone());
      insert.setObject(8, ProtoTime.toInstant(owner.getCreatedAt()).atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  public static Optional<Owner> find(Transaction transaction, String id) throws SQLException {
    List<Owner> found = select(transaction, " WHERE o.id = ?", List.of(id), 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The owner (not withdrawn) whose e-mail address is {@code email}, compared without regard to case. */
  public static Optional<Owner> findByEmail(Transaction transaction, String email) throws SQLException {
    List<Owner> found =
        select(transaction, " WHERE LOWER(o.email) = ? AND o.withdrawn_at IS NULL ORDER BY o.id",
            List.of(email.toLowerCase(java.util.Locale.ROOT)), 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Replaces an owner's name, organization, type, e-mail and phone. */
  public static void updateContact(Transaction transaction, Owner owner) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE owners SET display_name = ?, organization = ?, email = ?, phone = ?, owner_type = ? WHERE id = ?")) {
      update.setString(1, owner.getDisplayName());
      update.setString(2, owner.getOrganization());
      update.setString(3, owner.getEmail());
      update.setString(4, owner.getPhone());
      update.setString(5, owner.getType().name());
      update.setString(6, owner.getId());
      update.executeUpdate();
    }
  }

  /** Deletes an owner's personal data and marks them withdrawn; the id stays for the records naming it. */
  public static void withdraw(Transaction transaction, String ownerId, java.time.Instant at) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE owners SET display_name = '', organization = '', email = '', phone = '', withdrawn_at = ? WHERE id = ?")) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      update.setString(2, ownerId);
      update.executeUpdate();
    }
  }

  /**
   * Owners ordered by id after {@code afterId} whose name or organization contains {@code text}
   * (case-insensitive; empty matches all), at most {@code limit}.
   */
  public static List<Owner> page(Transaction transaction, String text, String afterId, int limit)
      throws SQLException {
    String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT) + "%";
    return select(
        transaction,
        " WHERE o.id > ? AND o.withdrawn_at IS NULL AND (LOWER(o.display_name) LIKE ? OR LOWER(o.organization) LIKE ?) ORDER BY o.id",
        List.of(afterId, pattern, pattern),
        limit);
  }

  private static List<Owner> select(
      Transaction transaction, String where, List<String> values, int limit) throws SQLException {
    List<Owner> owners = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT " + COLUMNS + " FROM owners o" + where + " LIMIT ?")) {
      for (int i = 0; i < values.size(); i++) {
        select.setString(i + 1, values.get(i));
      }
      select.setInt(values.size() + 1, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Owner.Builder owner =
              Owner.newBuilder()
                  .setId(rows.getString(1))
                  .setDisplayName(rows.getString(2))
                  .setOrganization(rows.getString(3))
                  .setEmail(rows.getString(4))
                  .setPhone(rows.getString(5))
                  .setType(OwnerType.valueOf(rows.getString(6)))
                  .setTimeZone(rows.getString(7))
                  .setCreatedAt(ProtoTime.toTimestamp(rows.getObject(8, OffsetDateTime.class).toInstant()));
          OffsetDateTime withdrawnAt = rows.getObject(9, OffsetDateTime.class);
          if (withdrawnAt != null) {
            owner.setWithdrawnAt(ProtoTime.toTimestamp(withdrawnAt.toInstant()));
          }
          owners.add(owner.build());
        }
      }
    }
    List<Owner> withCameras = new ArrayList<>(owners.size());
    for (Owner owner : owners) {
      withCameras.add(owner.toBuilder().addAllCameraIds(cameraIds(transaction, owner.getId())).build());
    }
    return withCameras;
  }

  private static List<String> cameraIds(Transaction transaction, String ownerId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT id FROM cameras WHERE owner_id = ? ORDER BY id")) {
      select.setString(1, ownerId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }
}
