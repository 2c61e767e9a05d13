package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.gluonhq.maps.MapPoint;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.mapdata.RoadNetwork;

/**
 * What lies under the cameras: the county's roads drawn by the client by class, with the
 * OpenStreetMap attribution; or the center's own tiles from an XYZ server (one started here) or an
 * MBTiles package (one written here), whose pixels must reach the map.
 */
@ExtendWith(ApplicationExtension.class)
class MapGroundTest {

  private static final int WIDTH = 1200;
  private static final int HEIGHT = 800;
  /** The test tiles' colours: nothing else on the map is this pink or this teal. */
  private static final int SERVER_TILE = 0xffe0309a;
  private static final int PACKAGE_TILE = 0xff10b8a0;

  @TempDir Path folder;
  private Stage stage;
  private HttpServer server;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void builtInGroundAgain() {
    ConfiguredTileRetriever.use("", "");
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aMotorwayIsDrawnInItsColourWhereItLiesAndTheMapCreditsOpenStreetMap(FxRobot robot) throws Exception {
    // The longest motorway segment of the county (on I-64 east of town); its middle at the map's centre.
    RoadNetwork.Segment motorway = RoadNetwork.segments().stream()
        .filter(segment -> segment.highway().equals("motorway"))
        .max(Comparator.comparingDouble(segment -> Math.hypot(segment.lon2() - segment.lon1(), segment.lat2() - segment.lat1())))
        .orElseThrow();
    MapPane map = show(robot, new MapPoint((motorway.lat1() + motorway.lat2()) / 2, (motorway.lon1() + motorway.lon2()) / 2), 12);
    RoadLayer roads = map.roadLayer().orElseThrow();
    // The roads reach the screen in the camera layer's next paint, which starts from them.
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> roads.upToDateProperty().get() && map.cameraLayer().upToDateProperty().get());

    int[] centre = pixels(map, WIDTH / 2, HEIGHT / 2);
    assertTrue(anyNear(centre, 0xff000000 | RoadPainter.RoadClass.MOTORWAY.rgb, 24), "motorway colour at the centre, found " + hex(centre));

    Label attribution = robot.lookup(".map-attribution").queryAs(Label.class);
    assertEquals("© OpenStreetMap contributors", attribution.getText());
    assertTrue(attribution.isVisible() && map.getLayoutBounds().contains(attribution.getBoundsInParent()),
        "the attribution lies on the map: " + attribution.getBoundsInParent());
  }

  @Test
  void theHiddenBaseMapLaysOutNoTilesWhileTheMapMoves(FxRobot robot) throws Exception {
    MapPane map = show(robot, MapPane.LEXINGTON, 12);
    for (int step = 1; step <= 12; step++) {
      double along = step;
      robot.interact(() -> {
        map.mapView().setCenter(MapPane.LEXINGTON.getLatitude() + 0.01 * along, MapPane.LEXINGTON.getLongitude() - 0.01 * along);
        map.mapView().setZoom(12 + along / 4);
      });
    }
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> map.cameraLayer().upToDateProperty().get());

    Parent baseMap = (Parent) map.mapView().getChildrenUnmodifiable().get(0);
    assertFalse(baseMap.isVisible(), "no tile source: the map's own ground and roads show instead of tiles");
    assertEquals(0, baseMap.getChildrenUnmodifiable().stream().filter(node -> node.getClass().getSimpleName().equals("MapTile")).count(),
        "Gluon's tiles, hidden, are not laid out");
  }

  @Test
  void residentialStreetsAppearOnlyWhenZoomedInAndTheCountyViewDrawsFewerLines() {
    RoadPainter painter = new RoadPainter(RoadNetwork.segments());

    assertEquals(0, painter.lineCount(12, RoadPainter.RoadClass.MINOR));
    assertTrue(painter.lineCount(14, RoadPainter.RoadClass.MINOR) > 10_000);
    assertTrue(painter.lineCount(9, RoadPainter.RoadClass.MOTORWAY) > 0);
    assertTrue(painter.lineCount(9, RoadPainter.RoadClass.PRIMARY) == 0 && painter.lineCount(10, RoadPainter.RoadClass.PRIMARY) > 0);
    assertTrue(painter.lineCount(9, RoadPainter.RoadClass.MOTORWAY) < painter.lineCount(15, RoadPainter.RoadClass.MOTORWAY),
        "the county view drops motorway pieces shorter than a quarter pixel");
  }

  @Test
  void tilesFromTheCentersXyzServerFillTheMapWithItsAttribution(FxRobot robot) throws Exception {
    byte[] tile = png(SERVER_TILE);
    Set<String> asked = ConcurrentHashMap.newKeySet();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getPath());
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, tile.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(tile);
      }
    });
    server.start();
    ConfiguredTileRetriever.use("http://127.0.0.1:" + server.getAddress().getPort() + "/tiles/{z}/{x}/{y}.png", "© Test Tiles");

    MapPane map = show(robot, MapPane.LEXINGTON, 12);

    assertTrue(map.roadLayer().isEmpty(), "the center's tiles replace the built-in roads");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> anyNear(pixels(map, WIDTH / 2, HEIGHT / 2), SERVER_TILE, 8));
    assertTrue(asked.stream().anyMatch(path -> path.matches("/tiles/12/\\d+/\\d+\\.png")), "zoom 12 tiles asked for: " + asked);
    assertEquals("© Test Tiles", robot.lookup(".map-attribution").queryAs(Label.class).getText());
    assertEquals("", ConfiguredTileRetriever.notice().get());
  }

  @Test
  void tilesFromAnMbtilesPackageFillTheMapAndItsDeepestLevelIsEnlargedBeyond(FxRobot robot) throws Exception {
    Path file = folder.resolve("lexington.mbtiles");
    byte[] tile = png(PACKAGE_TILE);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement schema = db.createStatement()) {
        schema.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
        schema.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
        schema.execute("INSERT INTO metadata VALUES ('name', 'Lexington'), ('format', 'png'), ('minzoom', '12'), ('maxzoom', '12'),"
            + " ('attribution', '<a href=\"https://gis.example\">© County GIS</a>')");
      }
      // The zoom-12 tiles around Lexington, rows counted from the south as MBTiles does.
      long centreX = (long) Math.floor((MapPane.LEXINGTON.getLongitude() + 180) / 360 * 4096);
      double radians = Math.toRadians(MapPane.LEXINGTON.getLatitude());
      long centreY = (long) Math.floor((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2 * 4096);
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO tiles VALUES (12, ?, ?, ?)")) {
        for (long x = centreX - 4; x <= centreX + 4; x++) {
          for (long y = centreY - 3; y <= centreY + 3; y++) {
            insert.setLong(1, x);
            insert.setLong(2, 4095 - y);
            insert.setBytes(3, tile);
            insert.executeUpdate();
          }
        }
      }
    }
    ConfiguredTileRetriever.use(file.toString(), "");

    MapPane map = show(robot, MapPane.LEXINGTON, 12);

    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> anyNear(pixels(map, WIDTH / 2, HEIGHT / 2), PACKAGE_TILE, 8));
    assertEquals("© County GIS", robot.lookup(".map-attribution").queryAs(Label.class).getText());
    robot.interact(() -> map.mapView().setZoom(15));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> map.cameraLayer().zoom() == 15
        && anyNear(pixels(map, WIDTH / 2, HEIGHT / 2), PACKAGE_TILE, 8));
    assertEquals("", ConfiguredTileRetriever.notice().get());
  }

  @Test
  void aTileSettingThatCannotBeUsedIsNamedAndTheRoadsAreDrawnInstead() {
    ConfiguredTileRetriever.use(folder.resolve("missing.mbtiles").toString(), "");
    assertFalse(ConfiguredTileRetriever.hasSource());
    assertTrue(ConfiguredTileRetriever.notice().get().contains("missing.mbtiles"), ConfiguredTileRetriever.notice().get());
    assertEquals("© OpenStreetMap contributors", ConfiguredTileRetriever.attribution());

    ConfiguredTileRetriever.use("https://tiles.example/lexington.png", "");
    assertFalse(ConfiguredTileRetriever.hasSource());
    assertTrue(ConfiguredTileRetriever.notice().get().contains("{z}, {x} and {y}"), ConfiguredTileRetriever.notice().get());
  }

  private MapPane show(FxRobot robot, MapPoint centre, double zoom) {
    MapPane[] made = new MapPane[1];
    robot.interact(() -> {
      MapPane map = new MapPane(new CameraMapModel());
      map.mapView().setZoom(zoom);
      map.mapView().setCenter(centre);
      stage.setScene(new Scene(map, WIDTH, HEIGHT));
      stage.show();
      made[0] = map;
    });
    return made[0];
  }

  /** The map's pixels (ARGB) in a 5x5 block around ({@code x}, {@code y}), as shown now. */
  private static int[] pixels(MapPane map, int x, int y) throws Exception {
    WritableImage shot = WaitForAsyncUtils.asyncFx(() -> map.snapshot(null, null)).get(10, TimeUnit.SECONDS);
    int[] block = new int[25];
    for (int i = 0; i < 25; i++) {
      block[i] = shot.getPixelReader().getArgb(x - 2 + i % 5, y - 2 + i / 5);
    }
    return block;
  }

  private static boolean anyNear(int[] pixels, int argb, int tolerance) {
    for (int pixel : pixels) {
      if (Math.abs((pixel >> 16 & 0xff) - (argb >> 16 & 0xff)) <= tolerance
          && Math.abs((pixel >> 8 & 0xff) - (argb >> 8 & 0xff)) <= tolerance
          && Math.abs((pixel & 0xff) - (argb & 0xff)) <= tolerance) {
        return true;
      }
    }
    return false;
  }

  private static String hex(int[] pixels) {
    return Arrays.stream(pixels).mapToObj(Integer::toHexString).toList().toString();
  }

  private static byte[] png(int argb) throws IOException {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        image.setRGB(x, y, argb);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
