package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.server.audit.Actor;

/**
 * The map against a real broker over the Lexington demo: it fills from the live list, draws
 * clusters and markers, selects by click, and survives the broker being stopped and started.
 */
@ExtendWith(ApplicationExtension.class)
class LiveMapTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private final CameraMapModel model = new CameraMapModel();
  private MapPane map;

  @Start
  void start(Stage stage) {
    map = new MapPane(model);
    stage.setScene(new Scene(map, 1200, 800));
    stage.show();
  }

  @AfterEach
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
      try {
        return condition.call();
      } catch (Exception e) {
        return false;
      }
    });
    assertTrue(condition.call(), what);
  }

  @Test
  void fillsFromTheBrokerDrawsTheDemoAndSelectsACameraByClick() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connection = broker.connect("ana");
    connection.watchCameras(model.cameraFeed());
    connection.watchLayers(model.layerFeed());
    connection.watchIncidents(model.incidentFeed());
    waitFor("all demo cameras arrive", () -> model.cameras().size() == 409 && model.camerasCurrentProperty().get());
    waitFor("the layers arrive", () -> model.layers().size() == 7);
    // The layer paints off the FX thread: wait for a paint of the whole list, not the first one.
    waitFor("the city centre clusters at zoom 12", () -> map.cameraLayer().drawn().stream().anyMatch(drawn -> drawn.count() > 1));

    WaitForAsyncUtils.asyncFx(() -> map.mapView().setZoom(17));
    WaitForAsyncUtils.waitForFxEvents();
    org.watchfloor.client.net.Camera shown = model.cameras().stream().filter(camera -> camera.type() == CameraType.CITY_CCTV).findFirst().orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> map.show(shown));
    waitForMapAtRestOn(shown);
    // The topmost marker: one drawn under another is not what a click on it hits.
    List<CameraLayer.Drawn> markers = map.cameraLayer().drawn().stream().filter(drawn -> drawn.camera() != null).toList();
    CameraLayer.Drawn marker = markers.get(markers.size() - 1);
    var hit = map.cameraLayer().hit(marker.x(), marker.y());
    assertEquals(marker.camera().id(), hit.orElseThrow().camera().id());
  }

  @Test
  void aChangeNothingOnScreenShowsKeepsTheImageAndAMoveShowsANewOne() throws Exception {
    org.watchfloor.client.net.Camera cctv = cityCameraAtStreetLevel();
    // The roads' paint of this view reaches the screen in the next camera paint, which starts from it.
    waitForMapAtRestOn(cctv);
    javafx.scene.image.Image before = imageOnScreen();

    broker.broker().cameras().update(Actor.SYSTEM, cctv.id(), broker.broker().cameras().get(cctv.id()).orElseThrow().getRevision(),
        camera -> camera.toBuilder().setName("Renamed, drawn the same").build(), java.util.Map.of(), "test rename");
    waitFor("a paint with the renamed camera", () -> drawnCamera(cctv.id()).orElseThrow().camera().name().equals("Renamed, drawn the same"));
    assertTrue(before == imageOnScreen(), "a rename changes no pixel: the image on screen stays");

    CameraLayer.Drawn marker = drawnCamera(cctv.id()).orElseThrow();
    broker.broker().cameras().update(Actor.SYSTEM, cctv.id(), broker.broker().cameras().get(cctv.id()).orElseThrow().getRevision(),
        camera -> camera.toBuilder().setLocation(camera.getLocation().toBuilder().setLatitude(camera.getLocation().getLatitude() + 0.0002)).build(),
        java.util.Map.of(), "test move");
    waitFor("a paint with the camera moved", () -> drawnCamera(cctv.id()).orElseThrow().y() < marker.y() - 5);
    assertTrue(before != imageOnScreen(), "a move is shown in a new image");
  }

  @Test
  void aReplayedIncidentsTrackIsPaintedAsAPathBetweenItsStepsCameras() throws Exception {
    org.watchfloor.client.net.Camera from = cityCameraAtStreetLevel();
    waitForMapAtRestOn(from);
    CameraLayer.Drawn a = drawnCamera(from.id()).orElseThrow();
    // The next step: a drawn camera 150 to 400 m away whose path's middle no marker or cluster covers
    // (the demo's ids, and so which cameras come first, differ from run to run).
    List<CameraLayer.Drawn> onScreen = WaitForAsyncUtils.asyncFx(() -> map.cameraLayer().drawn()).get(10, TimeUnit.SECONDS);
    CameraLayer.Drawn b = onScreen.stream()
        .filter(drawn -> drawn.camera() != null && metersBetween(from, drawn.camera()) > 150 && metersBetween(from, drawn.camera()) < 400)
        .filter(drawn -> onScreen.stream().noneMatch(other -> Math.hypot(other.x() - (a.x() + drawn.x()) / 2, other.y() - (a.y() + drawn.y()) / 2) < other.radius() + 6))
        .min(java.util.Comparator.comparing(drawn -> drawn.camera().id()))
        .orElseThrow();
    org.watchfloor.client.net.Camera to = b.camera();
    int plain = pixelOnScreen((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);

    WaitForAsyncUtils.asyncFx(() -> model.evidenceMarks().put("inc-test", new EvidenceMarks(List.of(),
        List.of(List.of(new EvidenceMarks.Place(from.latitude(), from.longitude()), new EvidenceMarks.Place(to.latitude(), to.longitude()))))));
    // A paint already running when the track came may show first: wait for the one with the track.
    waitFor("the path's gold halfway between the steps (without it " + Integer.toHexString(plain) + ")",
        () -> gold(pixelOnScreen((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)));

    WaitForAsyncUtils.asyncFx(() -> model.evidenceMarks().remove("inc-test"));
    waitFor("the path goes with the replay", () -> pixelOnScreen((a.x() + b.x()) / 2, (a.y() + b.y()) / 2) == plain);
  }

  private static boolean gold(int argb) {
    int alpha = argb >>> 24;
    int red = (argb >> 16) & 0xff;
    int green = (argb >> 8) & 0xff;
    int blue = argb & 0xff;
    return alpha > 0xc0 && red >= green && green >= blue && red - blue > 30;
  }

  /** The painted layer's pixel (ARGB) at a point of the layer. */
  private int pixelOnScreen(double x, double y) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> {
      javafx.scene.image.ImageView shown = (javafx.scene.image.ImageView) map.cameraLayer().getChildrenUnmodifiable().get(0);
      javafx.geometry.Point2D at = shown.parentToLocal(x, y);
      return shown.getImage().getPixelReader().getArgb((int) at.getX(), (int) at.getY());
    }).get(10, TimeUnit.SECONDS);
  }

  /** The demo's cameras on the map at zoom 17, showing its first city camera, which it returns. */
  private org.watchfloor.client.net.Camera cityCameraAtStreetLevel() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connection = broker.connect("ana");
    connection.watchCameras(model.cameraFeed());
    waitFor("all demo cameras arrive", () -> model.cameras().size() == 409 && model.camerasCurrentProperty().get());
    WaitForAsyncUtils.asyncFx(() -> map.mapView().setZoom(17));
    WaitForAsyncUtils.waitForFxEvents();
    org.watchfloor.client.net.Camera cctv = model.cameras().stream().filter(camera -> camera.type() == CameraType.CITY_CCTV).findFirst().orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> map.show(cctv));
    return cctv;
  }

  /**
   * Until the map has flown to {@code camera} (its marker in the window's middle) and both layers
   * show that view: a view on the way may be painted and up to date for a moment.
   */
  private void waitForMapAtRestOn(org.watchfloor.client.net.Camera camera) throws Exception {
    waitFor(camera.name() + " drawn in the middle of the map over the roads", () -> {
      CameraPainter.View view = WaitForAsyncUtils.asyncFx(() -> map.cameraLayer().currentView()).get(10, TimeUnit.SECONDS);
      return drawnCamera(camera.id()).filter(drawn -> Math.abs(drawn.x() - view.width() / 2) < 1 && Math.abs(drawn.y() - view.height() / 2) < 1).isPresent()
          && map.roadLayer().orElseThrow().upToDateProperty().get() && map.cameraLayer().upToDateProperty().get();
    });
  }

  private static double metersBetween(org.watchfloor.client.net.Camera a, org.watchfloor.client.net.Camera b) {
    double dy = (a.latitude() - b.latitude()) * 111_320;
    double dx = (a.longitude() - b.longitude()) * 111_320 * Math.cos(Math.toRadians(a.latitude()));
    return Math.hypot(dx, dy);
  }

  private java.util.Optional<CameraLayer.Drawn> drawnCamera(String id) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> map.cameraLayer().drawn().stream()
        .filter(drawn -> drawn.camera() != null && drawn.camera().id().equals(id)).findFirst()).get(10, TimeUnit.SECONDS);
  }

  private javafx.scene.image.Image imageOnScreen() throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> ((javafx.scene.image.ImageView) map.cameraLayer().getChildrenUnmodifiable().get(0)).getImage())
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void searchFindsCamerasByEveryWordAndFollowsLiveChanges() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connection = broker.connect("ana");
    connection.watchCameras(model.cameraFeed());
    waitFor("all demo cameras arrive", () -> model.cameras().size() == 409 && model.camerasCurrentProperty().get());
    org.watchfloor.client.net.Camera known = model.cameras().iterator().next();
    String[] words = known.name().split("\\s+");
    String query = (words[words.length - 1] + " " + words[0]).toUpperCase(java.util.Locale.ROOT);
    assertTrue(searchIds(query).contains(known.id()), "'" + query + "' finds " + known.name() + " whatever the case and order");
    assertTrue(searchIds(query + " no-such-word").isEmpty(), "every word must match");

    broker.broker().cameras().create(Actor.SYSTEM, Camera.newBuilder().setId("zebra-crossing").setName("Zebra crossing at Rose St")
        .setKind(CameraKind.CAMERA_KIND_CITY_CCTV).setLocation(GeoPoint.newBuilder().setLatitude(38.04).setLongitude(-84.5)).build(),
        java.util.Map.of());
    waitFor("a camera added after the first search is found", () -> searchIds("rose zebra").equals(List.of("zebra-crossing")));
    broker.broker().cameras().delete(Actor.SYSTEM, "zebra-crossing", "test");
    waitFor("a removed camera is no longer found", () -> searchIds("rose zebra").isEmpty());
  }

  private List<String> searchIds(String text) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> model.search(text, 200).stream().map(org.watchfloor.client.net.Camera::id).toList()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void saysTheListIsStaleWhileTheBrokerIsDownAndResumesWithoutDuplicates() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    int port = broker.grpcPort();
    connection = new BrokerConnection(new ServerAddress("127.0.0.1", port), broker.token("ana"));
    connection.watchCameras(model.cameraFeed());
    waitFor("all demo cameras arrive", () -> model.cameras().size() == 409 && model.camerasCurrentProperty().get());

    broker.close();
    waitFor("the map says it is not current", () -> !model.camerasCurrentProperty().get());
    assertEquals(409, model.cameras().size(), "what was known stays on screen, marked stale");

    broker = DemoBroker.start(dataDir, port, 0);
    broker.broker().cameras().create(Actor.SYSTEM, Camera.newBuilder().setId("after-restart").setName("After restart")
        .setKind(CameraKind.CAMERA_KIND_CITY_CCTV).setLocation(GeoPoint.newBuilder().setLatitude(38.05).setLongitude(-84.5)).build(),
        java.util.Map.of());
    waitFor("it resumes and catches up", () -> model.camerasCurrentProperty().get() && model.camera("after-restart").isPresent());
    assertEquals(410, model.cameras().size());
    assertFalse(model.cameras().stream().map(camera -> camera.id()).distinct().count() != model.cameras().size());
  }
}
