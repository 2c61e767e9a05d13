package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerStyle;

/** Map layers in the database; membership lives with the cameras ({@link CameraStore}). */
public final class LayerStore {

  private static final String COLUMNS =
      "l.id, l.name, l.description, l.color, l.icon, l.visible_by_default, l.display_order,"
          + " l.revision, l.created_at, l.updated_at,"
          + " (SELECT COUNT(*) FROM camera_layers m WHERE m.layer_id = l.id)";

  private LayerStore() {}

  public static List<Layer> all(Transaction transaction) throws SQLException {
    List<Layer> layers = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM layers l ORDER BY l.display_order, l.name")) {
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          layers.add(read(rows));
        }
      }
    }
    return layers;
  }

  public static Optional<Layer> find(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT " + COLUMNS + " FROM layers l WHERE l.id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /** Inserts or replaces a layer (id, revision and timestamps already set). */
  public static void put(Transaction transaction, Layer layer) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE layers SET name = ?, description = ?, color = ?, icon = ?,"
                    + " visible_by_default = ?, display_order = ?, revision = ?, created_at = ?,"
                    + " updated_at = ? WHERE id = ?")) {
      bind(update, layer);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO layers (name, description, color, icon, visible_by_default,"
                    + " display_order, revision, created_at, updated_at, id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, layer);
      insert.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, Layer layer) throws SQLException {
    statement.setString(1, layer.getName());
    statement.setString(2, layer.getDescription());
    statement.setString(3, layer.getStyle().getColor());
    statement.setString(4, layer.getStyle().getIcon());
    statement.setBoolean(5, layer.getVisibleByDefault());
    statement.setInt(6, layer.getOrder());
    statement.setLong(7, layer.getRevision());
    statement.setObject(8, ProtoTime.toInstant(layer.getCreatedAt()).atOffset(ZoneOffset.UTC));
    statement.setObject(9, ProtoTime.toInstant(layer.getUpdatedAt()).atOffset(ZoneOffset.UTC));
    statement.setString(10, layer.getId());
  }

  public static boolean delete(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement delete =
        transaction.connection().prepareStatement("DELETE FROM layers WHERE id = ?")) {
      delete.setString(1, id);
      return delete.executeUpdate() == 1;
    }
  }

  private static Layer read(ResultSet row) throws SQLException {
    return Layer.newBuilder()
        .setId(row.getString(1))
        .setName(row.getString(2))
        .setDescription(row.getString(3))
        .setStyle(LayerStyle.newBuilder().setColor(row.getString(4)).setIcon(row.getString(5)))
        .setVisibleByDefault(row.getBoolean(6))
        .setOrder(row.getInt(7))
        .setRevision(row.getLong(8))
        .setCreatedAt(ProtoTime.toTimestamp(row.getObject(9, OffsetDateTime.class).toInstant()))
        .setUpdatedAt(ProtoTime.toTimestamp(row.getObject(10, OffsetDateTime.class).toInstant()))
        .setCameraCount(row.getInt(11))
        .build();
  }
}
