package org.watchfloor.client.map;

import com.gluonhq.maps.tile.TileRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.watchfloor.mapdata.RoadNetwork;

/**
 * Map tiles from the center's own source, set with {@code -Dwatchfloor.tiles=...} or
 * {@code WATCHFLOOR_TILES}: a URL template of an internal tile server
 * ({@code https://tiles.rtic.local/{z}/{x}/{y}.png}) or of a folder
 * ({@code file:/srv/tiles/{z}/{x}/{y}.png}), or an offline MBTiles package
 * ({@code /srv/tiles/lexington.mbtiles}); its attribution line with
 * {@code -Dwatchfloor.tiles.attribution=...} or {@code WATCHFLOOR_TILES_ATTRIBUTION} (an MBTiles
 * package's own is used otherwise). With none, the map draws the county's roads itself
 * ({@link RoadLayer}). A tile that cannot be had is a plain dark one, so the map stays usable on a
 * closed network; the notice says which source failed. Gluon Maps reads the first TileRetriever
 * service once per JVM, so this one class serves every source; maps made after a change of source
 * use the new one (each map keeps its own tiles).
 */
public final class ConfiguredTileRetriever implements TileRetriever {

  private static final ReadOnlyStringWrapper NOTICE = new ReadOnlyStringWrapper("");
  private static final Image NEUTRAL_TILE = neutralTile();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NORMAL).build();
  /** Reads an MBTiles package one tile at a time, off the FX thread. */
  private static final ExecutorService PACKAGE_READER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "mbtiles-reader");
    thread.setDaemon(true);
    return thread;
  });

  /** Where tiles come from: a URL template or a package (at most one), or neither for the built-in roads. */
  private record Source(String setting, String template, MbTiles tiles, String attribution) {
    static final Source BUILT_IN = new Source("", null, null, RoadNetwork.ATTRIBUTION);

    boolean external() {
      return template != null || tiles != null;
    }
  }

  private static volatile Source source = Source.BUILT_IN;

  static {
    use(setting("watchfloor.tiles", "WATCHFLOOR_TILES"), setting("watchfloor.tiles.attribution", "WATCHFLOOR_TILES_ATTRIBUTION"));
  }

  /** Whether tiles come from a configured source; without one the map draws the county's roads itself. */
  public static boolean hasSource() {
    return source.external();
  }

  /** The line the map must show for its ground: the tile source's, or OpenStreetMap's for the built-in roads; may be empty. */
  public static String attribution() {
    return source.attribution();
  }

  /** A sentence for the status bar when tiles are not coming from the configured source; else empty. */
  public static ReadOnlyStringProperty notice() {
    return NOTICE.getReadOnlyProperty();
  }

  /**
   * Takes tiles from {@code setting} (a URL template or an MBTiles file; blank for the built-in
   * roads) for the maps made from now on, with {@code attribution} (blank: the package's own). A
   * setting that cannot be used is named in the notice, and the built-in roads are drawn instead.
   */
  static void use(String setting, String attribution) {
    String value = setting == null ? "" : setting.trim();
    String line = attribution == null ? "" : attribution.trim();
    Source before = source;
    Source after = Source.BUILT_IN;
    NOTICE.set("");
    if (value.toLowerCase(Locale.ROOT).endsWith(".mbtiles")) {
      try {
        MbTiles tiles = new MbTiles(value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value));
        after = new Source(value, null, tiles, line.isEmpty() ? tiles.attribution() : line);
      } catch (SQLException | IllegalArgumentException e) {
        NOTICE.set("Map tiles unavailable (watchfloor.tiles " + value + "): " + e.getMessage() + ". Showing the county's roads.");
      }
    } else if (value.contains("{z}") && value.contains("{x}") && value.contains("{y}")) {
      after = new Source(value, value, null, line);
    } else if (!value.isEmpty()) {
      NOTICE.set("watchfloor.tiles '" + value + "' is neither an MBTiles file (.mbtiles) nor a tile URL template with {z}, {x} "
          + "and {y}. Showing the county's roads.");
    }
    source = after;
    if (before.tiles() != null) {
      PACKAGE_READER.execute(() -> {
        try {
          before.tiles().close();
        } catch (SQLException e) {
          // Closing a read-only package loses nothing; the next source is already in use.
        }
      });
    }
  }

  @Override
  public CompletableFuture<Image> loadTile(int zoom, long i, long j) {
    Source from = source;
    if (from.tiles() != null) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return from.tiles().tile(zoom, i, j).orElse(NEUTRAL_TILE);
        } catch (SQLException e) {
          return failed(from, e.getMessage());
        }
      }, PACKAGE_READER);
    }
    if (from.template() == null) {
      return CompletableFuture.completedFuture(NEUTRAL_TILE);
    }
    String url = from.template().replace("{z}", Integer.toString(zoom)).replace("{x}", Long.toString(i)).replace("{y}", Long.toString(j));
    if (url.startsWith("file:")) {
      return CompletableFuture.supplyAsync(() -> fromFile(from, Path.of(URI.create(url))));
    }
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> response.statusCode() == 200 ? image(from, response.body(), url) : failed(from, url + " answered " + response.statusCode()))
        .exceptionally(error -> failed(from, url + ": " + error.getMessage()));
  }

  private static Image fromFile(Source from, Path file) {
    if (!Files.isReadable(file)) {
      return failed(from, "no tile file " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return image(from, in, file.toString());
    } catch (IOException e) {
      return failed(from, file + ": " + e.getMessage());
    }
  }

  private static Image image(Source from, InputStream in, String where) {
    Image image = new Image(in);
    return image.isError() ? failed(from, where + " is not an image") : image;
  }

  private static Image failed(Source from, String why) {
    NOTICE.set("Map tiles unavailable (" + from.setting() + "): " + why + ". Showing the county outline and cameras.");
    return NEUTRAL_TILE;
  }

  /** A Java system property, else the environment variable, else empty. */
  private static String setting(String property, String variable) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv().getOrDefault(variable, "");
  }

  private static Image neutralTile() {
    WritableImage tile = new WritableImage(256, 256);
    PixelWriter pixels = tile.getPixelWriter();
    Color ground = Color.web("#161b22");
    Color grid = Color.web("#1c232c");
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        pixels.setColor(x, y, x == 0 || y == 0 ? grid : ground);
      }
    }
    return tile;
  }
}
