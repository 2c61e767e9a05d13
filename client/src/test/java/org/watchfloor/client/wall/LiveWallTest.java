package org.watchfloor.client.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;



import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.workspace.IncidentWall;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;


import org.watchfloor.server.audit.Actor;

/**
 * The wall against the real broker and its simulator, decoding with the real libVLC: tiles show
 * real, changing video, say why when consent refuses or ends a view, stop decoding when hidden, and
 * come back after the broker restarts.
 */
@ExtendWith(ApplicationExtension.class)
class LiveWallTest {

  private static final ViewPurpose CASE = new ViewPurpose("LEX-26-TEST-1", "", "wall test");

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private LiveVideo video;
  private Wall wall;
  private Stage stage;
  private final CameraMapModel model = new CameraMapModel();

  @BeforeEach
  void startBrokerAndWall() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connect();
  }

  private void connect() throws Exception {
    connection = broker.following("ana", model);
    WaitForAsyncUtils.asyncFx(() -> {
      video = new LiveVideo(connection, PlayerPool.open());
      wall = new Wall(video);
      WallView view = new WallView(wall, model::camera);
      stage = new Stage();
      stage.setScene(new Scene(view, 1200, 700));
      stage.show();
    }).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (video != null) {
      WaitForAsyncUtils.asyncFx(() -> video.close()).get(30, TimeUnit.SECONDS);
    }
    if (connection != null) {
      connection.close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }



  private void waitFor(String what, Callable<Boolean> condition) throws Exception {
    waitFor(what, 30, condition);
  }

  private void waitFor(String what, int seconds, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after " + seconds + " s waiting until " + what + "; tiles: " + tilesNow(), e);
    }
  }

  /** The first nine tiles' states and details, for a failure message. */
  private String tilesNow() throws Exception {
    return onFx(() -> wall == null ? "no wall" : wall.tiles().subList(0, 9).stream()
        .map(tile -> tile.state() + " (" + tile.detailProperty().get() + ", " + tile.framesShown() + " frames)").toList().toString());
  }

  private static <T> T onFx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  private Camera camera(String id) {
    return model.camera(id).orElseThrow();
  }

  private Camera firstOf(CameraType type) {
    return model.cameras().stream().filter(camera -> camera.type() == type)
        .min(java.util.Comparator.comparing(Camera::id)).orElseThrow();
  }

  private LiveShareGrant grant(GrantScope scope, GrantStatus status) {
    return broker.broker().grants().all().stream().filter(grant -> grant.getScope() == scope && grant.getStatus() == status)
        .min(java.util.Comparator.comparing(LiveShareGrant::getId)).orElseThrow();
  }

  private void place(int tile, Camera camera) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> wall.place(tile, camera)).get(10, TimeUnit.SECONDS);
  }

  private TileState state(int tile) throws Exception {
    return onFx(() -> wall.tile(tile).state());
  }

  @Test
  void everyTileOfTheIncidentWallShowsRealChangingVideoFromSubStreamsSizedToTheTile() throws Exception {
    WaitForAsyncUtils.asyncFx(() -> IncidentWall.arrange(wall, model.cameras(), model.incidents().values())).get(10, TimeUnit.SECONDS);
    waitFor("all nine tiles are live and have shown 10 frames", 45, () -> wall.tiles().subList(0, 9).stream()
        .allMatch(tile -> tile.state() == TileState.LIVE && tile.framesShown() >= 10));

    List<int[]> first = onFx(() -> wall.tiles().subList(0, 9).stream().map(tile -> luminance(tile.frameProperty().get())).toList());
    Thread.sleep(1500);
    List<int[]> later = onFx(() -> wall.tiles().subList(0, 9).stream().map(tile -> luminance(tile.frameProperty().get())).toList());
    for (int i = 0; i < 9; i++) {
      int[] a = first.get(i);
      int[] b = later.get(i);
      assertTrue(spread(a) > 40, "tile " + i + " shows a picture, not one colour (luminance spread " + spread(a) + ")");
      assertTrue(meanDifference(a, b) > 0.5, "tile " + i + " shows moving video (mean change " + meanDifference(a, b) + ")");
      int tile = i;
      String detail = onFx(() -> wall.tile(tile).detailProperty().get());
      assertEquals("sub stream", detail, "a 3x3 tile of a 1200x700 wall plays the sub stream");
      Image frame = onFx(() -> wall.tile(tile).frameProperty().get());
      assertTrue(frame.getWidth() <= 400 && frame.getHeight() <= 233,
          "libVLC scales the frame to the tile, not the renderer: got " + frame.getWidth() + "x" + frame.getHeight());
    }
  }

  /** Luminance of every 4th pixel in both directions. */
  private static int[] luminance(Image image) {
    PixelReader reader = image.getPixelReader();
    int width = (int) image.getWidth();
    int height = (int) image.getHeight();
    int[] values = new int[(width / 4) * (height / 4)];
    int n = 0;
    for (int y = 0; y + 4 <= height; y += 4) {
      for (int x = 0; x + 4 <= width; x += 4) {
        int argb = reader.getArgb(x, y);
        values[n++] = (((argb >> 16) & 0xff) * 3 + ((argb >> 8) & 0xff) * 6 + (argb & 0xff)) / 10;
      }
    }
    return java.util.Arrays.copyOf(values, n);
  }

  private static int spread(int[] values) {
    int[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length * 95 / 100] - sorted[sorted.length * 5 / 100];
  }

  private static double meanDifference(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / (double) n;
  }

  @Test
  void aGrantRevokedThroughTheBrokerTurnsItsTileToSharingEndedByOwnerWithinTwoSeconds() throws Exception {
    LiveShareGrant always = grant(GrantScope.GRANT_SCOPE_ALWAYS, GrantStatus.GRANT_STATUS_ACTIVE);
    WaitForAsyncUtils.asyncFx(() -> wall.purposeProperty().set(CASE)).get(10, TimeUnit.SECONDS);
    place(0, camera(always.getCameraId()));
    waitFor("the shared camera plays", () -> wall.tile(0).state() == TileState.LIVE);

    long revokedAt = System.nanoTime();
    broker.broker().grants().revoke(new Actor("owner:" + always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
    waitFor("the tile says sharing ended", 5, () -> wall.tile(0).state() == TileState.ENDED_BY_OWNER);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
    assertTrue(elapsedMillis <= 2000, "the tile changed " + elapsedMillis + " ms after the revocation");
    assertNull(onFx(() -> wall.tile(0).frameProperty().get()), "no video is left on the tile");
    assertFalse(onFx(() -> wall.tile(0).openSession().isPresent()), "the tile holds no session");
    assertFalse(onFx(() -> wall.tile(0).detailProperty().get()).isBlank(), "the tile says what the broker said");

    place(0, camera(always.getCameraId()));
    waitFor("asked again, the broker refuses: the grant is gone", () -> wall.tile(0).state() == TileState.NO_PERMISSION);
  }

  @Test
  void refusalsAndUnplayableProtocolsSayWhyOnTheTileAndAWallWithoutACaseWaitsForOne() throws Exception {
    Camera traffic = firstOf(CameraType.TRAFFIC);
    place(0, traffic);
    waitFor("the tile asks for a case number", () -> wall.tile(0).state() == TileState.NEEDS_CASE);

    LiveShareGrant paused = grant(GrantScope.GRANT_SCOPE_ALWAYS, GrantStatus.GRANT_STATUS_PAUSED);
    LiveShareGrant emergencyOnly = grant(GrantScope.GRANT_SCOPE_EMERGENCY_ONLY, GrantStatus.GRANT_STATUS_ACTIVE);
    Camera registered = firstOf(CameraType.REGISTERED);
    place(1, registered);
    place(2, camera(paused.getCameraId()));
    place(3, camera(emergencyOnly.getCameraId()));
    broker.broker().cameras().create(Actor.SYSTEM, org.watchfloor.proto.v1.Camera.newBuilder().setId("cam-rtsp-only").setName("RTSP only")
        .setKind(org.watchfloor.proto.v1.CameraKind.CAMERA_KIND_CITY_CCTV)
        .setLocation(org.watchfloor.proto.v1.GeoPoint.newBuilder().setLatitude(38.05).setLongitude(-84.5))
        .addStreams(org.watchfloor.proto.v1.StreamProfile.newBuilder().setName("main").setRole(org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_MAIN)
            .setProtocol(org.watchfloor.proto.v1.StreamProtocol.STREAM_PROTOCOL_RTSP).setWidth(1920).setHeight(1080).setFrameRate(25).setCodec("h264"))
        .build(), java.util.Map.of("main", "rtsp://192.0.2.10/stream1"));
    waitFor("the new camera reaches the client", () -> model.camera("cam-rtsp-only").isPresent());
    place(4, camera("cam-rtsp-only"));
    WaitForAsyncUtils.asyncFx(() -> wall.purposeProperty().set(CASE)).get(10, TimeUnit.SECONDS);

    waitFor("the RTSP-only camera says it cannot be played here", () -> wall.tile(4).state() == TileState.UNPLAYABLE);
    assertTrue(onFx(() -> wall.tile(4).detailProperty().get()).contains("RTSP"), onFx(() -> wall.tile(4).detailProperty().get()));
    waitFor("the traffic camera plays once the wall has a case", () -> wall.tile(0).state() == TileState.LIVE);
    waitFor("the refused tiles say no permission", () -> wall.tiles().subList(1, 4).stream().allMatch(tile -> tile.state() == TileState.NO_PERMISSION));
    assertTrue(onFx(() -> wall.tile(1).detailProperty().get()).contains("registered (Level 1)"), onFx(() -> wall.tile(1).detailProperty().get()));
    assertTrue(onFx(() -> wall.tile(2).detailProperty().get()).contains("paus"), onFx(() -> wall.tile(2).detailProperty().get()));
    assertTrue(onFx(() -> wall.tile(3).detailProperty().get()).contains("only during an open emergency"), onFx(() -> wall.tile(3).detailProperty().get()));
  }

  @Test
  void tilesThatCannotBeSeenStopDecodingAndComeBackWhenShownAndAMinimisedWallDecodesNothing() throws Exception {
    WaitForAsyncUtils.asyncFx(() -> IncidentWall.arrange(wall, model.cameras(), model.incidents().values())).get(10, TimeUnit.SECONDS);
    waitFor("all nine tiles are live", 45, () -> wall.tiles().subList(0, 9).stream().allMatch(tile -> tile.state() == TileState.LIVE));

    WaitForAsyncUtils.asyncFx(() -> wall.layoutProperty().set(WallLayout.GRID_2)).get(10, TimeUnit.SECONDS);
    for (int i = 4; i < 9; i++) {
      int tile = i;
      assertEquals(TileState.HIDDEN, state(tile), "tile " + tile + " is outside the 2x2 layout");
      assertFalse(onFx(() -> wall.tile(tile).openSession().isPresent()), "tile " + tile + " closed its view");
      assertNull(onFx(() -> wall.tile(tile).frameProperty().get()));
    }
    waitFor("the four tiles still play", () -> wall.tiles().subList(0, 4).stream().allMatch(tile -> tile.state() == TileState.LIVE));

    WaitForAsyncUtils.asyncFx(() -> wall.toggleFilling(0)).get(10, TimeUnit.SECONDS);
    for (int i = 1; i < 4; i++) {
      assertEquals(TileState.HIDDEN, state(i), "tile " + i + " is covered by the one filling the wall");
    }
    waitFor("the filling tile plays the main stream", () -> wall.tile(0).state() == TileState.LIVE
        && wall.tile(0).detailProperty().get().equals("main stream"));

    WaitForAsyncUtils.asyncFx(() -> {
      wall.toggleFilling(0);
      wall.layoutProperty().set(WallLayout.GRID_3);
    }).get(10, TimeUnit.SECONDS);
    waitFor("all nine tiles play again", 45, () -> wall.tiles().subList(0, 9).stream().allMatch(tile -> tile.state() == TileState.LIVE));
    assertTrue(onFx(() -> video.pool().orElseThrow().size()) <= 10, "players are reused, not made anew for every view");

    WaitForAsyncUtils.asyncFx(() -> stage.setIconified(true)).get(10, TimeUnit.SECONDS);
    waitFor("a minimised wall decodes nothing", () -> wall.tiles().subList(0, 9).stream()
        .allMatch(tile -> tile.state() == TileState.HIDDEN && tile.openSession().isEmpty()));
    WaitForAsyncUtils.asyncFx(() -> stage.setIconified(false)).get(10, TimeUnit.SECONDS);
    waitFor("the restored window plays again", 45, () -> wall.tiles().subList(0, 9).stream().allMatch(tile -> tile.state() == TileState.LIVE));
  }

  @Test
  void aTileReconnectsWhenTheBrokerAndItsSimulatorGoAwayMidStreamAndComeBack() throws Exception {
    int grpcPort = broker.grpcPort();
    broker.close();
    connection.close();
    WaitForAsyncUtils.asyncFx(() -> video.close()).get(30, TimeUnit.SECONDS);
    int httpPort = freePort();
    broker = DemoBroker.start(dataDir, grpcPort, httpPort);
    connect();
    WaitForAsyncUtils.asyncFx(() -> wall.purposeProperty().set(CASE)).get(10, TimeUnit.SECONDS);
    place(0, firstOf(CameraType.CITY_CCTV));
    waitFor("the camera plays", () -> wall.tile(0).state() == TileState.LIVE);

    broker.close();
    waitFor("the tile says it is reconnecting", 15, () -> wall.tile(0).state() == TileState.RECONNECTING);
    broker = DemoBroker.start(dataDir, grpcPort, httpPort);
    waitFor("the tile plays again", 45, () -> wall.tile(0).state() == TileState.LIVE);
    AtomicReference<Long> before = new AtomicReference<>(onFx(() -> wall.tile(0).framesShown()));
    waitFor("frames keep coming", () -> wall.tile(0).framesShown() > before.get() + 10);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The broker's tickets hold 2 minutes and ask for renewal after 1: the view outlives its first ticket. */
  @Test
  void renewalKeepsTheSessionPastItsTicketsLifetime() throws Exception {
    WaitForAsyncUtils.asyncFx(() -> wall.purposeProperty().set(CASE)).get(10, TimeUnit.SECONDS);
    place(0, firstOf(CameraType.CITY_CCTV));
    waitFor("the camera plays", () -> wall.tile(0).state() == TileState.LIVE);
    String session = onFx(() -> wall.tile(0).openSession().orElseThrow());
    Thread.sleep(130_000); // past the first ticket's expiry: nothing to wait for but the clock
    assertEquals(TileState.LIVE, state(0));
    assertEquals(session, onFx(() -> wall.tile(0).openSession().orElseThrow()), "renewed, not expired and reopened");
  }
}
