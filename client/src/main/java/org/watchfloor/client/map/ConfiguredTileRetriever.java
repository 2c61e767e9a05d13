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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * Map tiles from the center's own source: a URL template of an internal tile server
 * ({@code https://tiles.rtic.local/{z}/{x}/{y}.png}) or of a folder ({@code file:/srv/tiles/{z}/{x}/{y}.png}),
 * set with {@code -Dwatchfloor.tiles=...} or {@code WATCHFLOOR_TILES}. With none, or when a tile
 * cannot be had, a plain dark tile stands in, so the map stays usable on a closed network; the
 * notice says which source failed. Gluon Maps reads the first TileRetriever service once per JVM,
 * so this one class serves every source.
 */
public final class ConfiguredTileRetriever implements TileRetriever {

  private static final ReadOnlyStringWrapper NOTICE = new ReadOnlyStringWrapper("");
  private static final Image NEUTRAL_TILE = neutralTile();
  private static final String TEMPLATE = configuredTemplate();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NORMAL).build();

  static {
    NOTICE.set(TEMPLATE.isEmpty() ? "No map tile source configured: showing the county outline and cameras only" : "");
  }

  /** Whether tiles come from a configured source; without one the map draws its own plain ground. */
  public static boolean hasSource() {
    return !TEMPLATE.isEmpty();
  }

  /** A sentence for the status bar when tiles are not coming from a configured source; else empty. */
  public static ReadOnlyStringProperty notice() {
    return NOTICE.getReadOnlyProperty();
  }

  @Override
  public CompletableFuture<Image> loadTile(int zoom, long i, long j) {
    if (TEMPLATE.isEmpty()) {
      return CompletableFuture.completedFuture(NEUTRAL_TILE);
    }
    String url = TEMPLATE.replace("{z}", Integer.toString(zoom)).replace("{x}", Long.toString(i)).replace("{y}", Long.toString(j));
    if (url.startsWith("file:")) {
      return CompletableFuture.supplyAsync(() -> fromFile(Path.of(URI.create(url))));
    }
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> response.statusCode() == 200 ? image(response.body(), url) : failed(url + " answered " + response.statusCode()))
        .exceptionally(error -> failed(url + ": " + error.getMessage()));
  }

  private static Image fromFile(Path file) {
    if (!Files.isReadable(file)) {
      return failed("no tile file " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return image(in, file.toString());
    } catch (IOException e) {
      return failed(file + ": " + e.getMessage());
    }
  }

  private static Image image(InputStream in, String source) {
    Image image = new Image(in);
    return image.isError() ? failed(source + " is not an image") : image;
  }

  private static Image failed(String why) {
    NOTICE.set("Map tiles unavailable (" + TEMPLATE + "): " + why + ". Showing the county outline and cameras.");
    return NEUTRAL_TILE;
  }

  private static String configuredTemplate() {
    String property = System.getProperty("watchfloor.tiles");
    String value = property != null ? property : System.getenv("WATCHFLOOR_TILES");
    return value == null ? "" : value.trim();
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
