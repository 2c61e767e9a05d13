package org.watchfloor.client.map;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import org.sqlite.SQLiteConfig;

/**
 * An offline tile package in the MBTiles 1.3 format: one SQLite file with a {@code tiles} table
 * (rows counted from the south, as in TMS) and a {@code metadata} table. Zooms past the package's
 * deepest level show that level's tile enlarged. Reads one tile at a time: SQLite connections are
 * not for concurrent use, and the retriever calls from one thread.
 */
final class MbTiles implements AutoCloseable {

  private static final int TILE = 256;

  private final Path file;
  private final Connection connection;
  private final PreparedStatement select;
  private final Map<String, String> metadata;
  private final int maxZoom;

  /** Opens {@code file} read-only; a missing file or one that is not an MBTiles package is refused naming why. */
  MbTiles(Path file) throws SQLException {
    this.file = file;
    if (!Files.isRegularFile(file)) {
      throw new SQLException("no MBTiles file " + file);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    connection = config.createConnection("jdbc:sqlite:" + file);
    try {
      metadata = readMetadata(connection);
      select = connection.prepareStatement("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
      maxZoom = metadata.containsKey("maxzoom") ? Integer.parseInt(metadata.get("maxzoom").trim()) : deepestLevel(connection);
    } catch (SQLException | NumberFormatException e) {
      connection.close();
      throw new SQLException(file + " is not an MBTiles package: " + e.getMessage(), e);
    }
  }

  /** The package's attribution line (its metadata, HTML tags removed), or empty. */
  String attribution() {
    return metadata.getOrDefault("attribution", "").replaceAll("<[^>]*>", "").trim();
  }

  /**
   * The tile at zoom {@code zoom}, column {@code x} and row {@code y} counted from the north, or,
   * past the deepest level, its part of that level's tile enlarged; empty where the package has none.
   */
  synchronized Optional<Image> tile(int zoom, long x, long y) throws SQLException {
    int depth = Math.max(0, zoom - maxZoom);
    int level = zoom - depth;
    long sourceX = x >> depth;
    long sourceY = y >> depth;
    select.setInt(1, level);
    select.setLong(2, sourceX);
    select.setLong(3, (1L << level) - 1 - sourceY);
    byte[] data;
    try (ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      data = row.getBytes(1);
    }
    Image image = new Image(new ByteArrayInputStream(data));
    if (image.isError()) {
      throw new SQLException(file + " holds a tile that is not an image at " + level + "/" + sourceX + "/" + sourceY);
    }
    return Optional.of(depth == 0 ? image : enlarged(image, depth, x - (sourceX << depth), y - (sourceY << depth)));
  }

  /** The part ({@code partX}, {@code partY}) of a tile cut in 2^depth a side, enlarged to a whole tile. */
  private static Image enlarged(Image source, int depth, long partX, long partY) {
    int parts = 1 << depth;
    double size = source.getWidth() / parts;
    PixelReader reader = source.getPixelReader();
    WritableImage tile = new WritableImage(TILE, TILE);
    PixelWriter writer = tile.getPixelWriter();
    for (int y = 0; y < TILE; y++) {
      int sy = (int) Math.min(source.getHeight() - 1, partY * size + y * size / TILE);
      for (int x = 0; x < TILE; x++) {
        int sx = (int) Math.min(source.getWidth() - 1, partX * size + x * size / TILE);
        writer.setArgb(x, y, reader.getArgb(sx, sy));
      }
    }
    return tile;
  }

  private static Map<String, String> readMetadata(Connection connection) throws SQLException {
    Map<String, String> values = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, value FROM metadata")) {
      while (rows.next()) {
        values.put(rows.getString(1), rows.getString(2));
      }
    }
    return values;
  }

  private static int deepestLevel(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT MAX(zoom_level) FROM tiles")) {
      return row.next() ? row.getInt(1) : 0;
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
