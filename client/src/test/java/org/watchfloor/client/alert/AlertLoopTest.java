package org.watchfloor.client.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.map.CameraActions;
import org.watchfloor.client.map.CameraDetails;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.AuditSearch;
import org.watchfloor.client.net.BearerToken;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallTile;
import org.watchfloor.client.wall.WallView;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.sim.SimulatedDispatch;

/**
 * The alert loop through a real broker, its simulated LPR feed and the real client parts: a
 * hotlist hit arrives as an unseen alert (silent: the sound starts off); opening it shows reader,
 * plate, time, vehicle and hotlist; "Show on wall" flies the map there and fills the wall, for the
 * hit's case, with the nearest cameras the broker will ticket: a private camera beside the reader
 * whose owner shares it is on the wall, one without a grant is not; the Level 1 camera beside it is
 * listed and its footage request opens filled in.
 */
@ExtendWith(ApplicationExtension.class)
class AlertLoopTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private LiveVideo video;
  private ManagedChannel adminChannel;
  private final CameraMapModel model = new CameraMapModel();
  private final AtomicInteger chimes = new AtomicInteger();
  private AlertList alerts;
  private Wall wall;

  @AfterEach
  void stop() throws Exception {
    if (video != null) {
      WaitForAsyncUtils.asyncFx(() -> video.close()).get(30, TimeUnit.SECONDS);
    }
    if (connection != null) {
      connection.close();
    }
    if (adminChannel != null) {
      adminChannel.shutdownNow();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void aSimulatedHotlistHitIsFollowedToAWallOfNearbyCamerasInTwoActionsAndAPrivateCameraWithoutAGrantStaysOff(FxRobot robot)
      throws Exception {
    // The feed reports only when asked, so the test knows which hit to follow.
    broker = DemoBroker.start(dataDir, settings -> settings.withSimulatedDispatch(new SimulatedDispatch.Rates(0, 0)));
    connection = broker.following("ana", model);
    showCommandCenter();
    AlertFeeds feeds = new AlertFeeds(alerts, connection::camera);
    connection.watchIncidents(feeds.incidents());
    connection.watchHotlistHits(feeds.hotlistHits());
    waitFor("the day's hits listed, as already seen", () -> fx(() -> alerts.alerts().stream()
        .anyMatch(alert -> alert.hit().map(hit -> hit.plate().equals("4TR882")).orElse(false)) && alerts.unseenProperty().get() == 0));

    LprHit hit = broker.broker().dispatch().orElseThrow().reportHotlistHit().orElseThrow();
    waitFor("the hit arrives as the newest, unseen alert", () -> fx(() -> alerts.unseenProperty().get() == 1
        && alerts.alerts().get(0).id().equals("hit:" + hit.getId())));
    assertEquals("1", robot.lookup(".alert-badge").queryAs(Label.class).getText());
    assertEquals(0, chimes.get(), "the sound is off until the analyst turns it on");

    // Private cameras beside the reader, added the audited way (the admin over gRPC, the owner's own grant).
    Camera readerCamera = connection.camera(hit.getCameraId()).orElseThrow();
    String shared = addPrivateCamera(readerCamera, CameraKind.CAMERA_KIND_PRIVATE_LIVE, "Shared porch camera", 0.0002);
    String notShared = addPrivateCamera(readerCamera, CameraKind.CAMERA_KIND_PRIVATE_LIVE, "Unshared garage camera", 0.0001);
    String registered = addPrivateCamera(readerCamera, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED, "Registered doorbell", 0.00015);
    String owner = privateOwner();
    broker.broker().grants().grant(Actor.owner(owner, "owner"), owner, LiveShareGrant.newBuilder()
        .setCameraId(shared).setScope(GrantScope.GRANT_SCOPE_ALWAYS).setTimeZone("America/New_York").build());

    // Action 1: open the alert.
    robot.clickOn(robot.lookup(".alert-hit").queryAll().stream()
        .filter(cell -> ((javafx.scene.control.ListCell<?>) cell).getText() != null
            && ((javafx.scene.control.ListCell<?>) cell).getText().contains(hit.getPlate()))
        .findFirst().orElseThrow());
    Set<String> facts = robot.lookup(".alert-panel .label").queryAllAs(Label.class).stream().map(Label::getText)
        .filter(Objects::nonNull).collect(Collectors.toSet());
    assertTrue(facts.contains(readerCamera.name() + " (" + hit.getCameraId() + ")"), "reader: " + facts);
    assertTrue(facts.contains("KY " + hit.getPlate()), "plate: " + facts);
    assertTrue(facts.contains(hit.getVehicleDescription()), "vehicle: " + facts);
    assertTrue(facts.contains(hit.getHotlist()), "hotlist: " + facts);
    assertTrue(facts.stream().anyMatch(text -> text.matches("\\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d")), "time: " + facts);
    assertEquals(0, alerts.unseenProperty().get(), "opened, it is seen");
    assertEquals(hit.getCaseNumber(), caseField(robot).getText(), "the case of the hotlist entry is filled in");

    // Action 2: show it on the wall.
    robot.clickOn("Show on wall");
    waitFor("the wall filled for the hit's case", () -> fx(() -> answer(robot).contains("on the wall for case " + hit.getCaseNumber())));
    List<Camera> onWall = fx(() -> wall.tiles().subList(0, 9).stream().map(WallTile::camera).filter(Objects::nonNull).toList());
    Set<String> ids = onWall.stream().map(Camera::id).collect(Collectors.toSet());
    assertTrue(ids.contains(shared), "the camera its owner shares is on the wall: " + ids);
    assertFalse(ids.contains(notShared), "the private camera without a grant is not put on the wall, though it is the nearest");
    assertFalse(ids.contains(registered), "a Level 1 camera is never on the wall");
    assertTrue(onWall.stream().allMatch(camera -> camera.type() == CameraType.TRAFFIC || camera.type() == CameraType.CITY_CCTV
        || camera.badge() == ConsentBadge.LIVE_SHARED), "only public cameras and shared private ones: " + onWall);
    assertEquals(hit.getCaseNumber(), fx(() -> wall.purposeProperty().get().caseNumber()));
    waitFor("the map flown to the reader", () -> fx(() -> {
      var now = robot.lookup(".map-pane").queryAs(MapPane.class).mapView().getCenter();
      return Math.abs(now.getLatitude() - readerCamera.latitude()) < 0.002 && Math.abs(now.getLongitude() - readerCamera.longitude()) < 0.002;
    }));

    // The wall's views are opened, and audited, for the case; the unshared camera was never asked for.
    try (BrokerConnection supervisor = broker.connect("sam")) {
      waitFor("live views audited for the hit's case", () -> !supervisor.queryAudit(
          new AuditSearch("ana", "LIVE_VIEW_OPENED", "", hit.getCaseNumber(), java.util.Optional.empty(), java.util.Optional.empty()), 50).isEmpty());
      assertTrue(supervisor.queryAudit(new AuditSearch("", "", notShared, "", java.util.Optional.empty(), java.util.Optional.empty()), 50)
          .stream().noneMatch(row -> row.action().startsWith("LIVE_VIEW")));
    }

    // The Level 1 camera beside the reader is listed; its footage request opens filled in and is sent.
    @SuppressWarnings("unchecked")
    ListView<Camera> level1 = (ListView<Camera>) robot.lookup(".alert-panel .list-view").queryAll().stream()
        .filter(view -> ((ListView<?>) view).getItems().stream().anyMatch(item -> item instanceof Camera)).findFirst().orElseThrow();
    Camera doorbell = level1.getItems().stream().filter(camera -> camera.id().equals(registered)).findFirst().orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> level1.getSelectionModel().select(doorbell)).get(10, TimeUnit.SECONDS);
    robot.clickOn("Request footage…");
    assertEquals(registered, fx(() -> model.selectedProperty().get().id()));
    robot.clickOn("Send footage request");
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> answers(robot).stream().anyMatch(text -> text.startsWith("Request frq-"))));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the footage request was not e-mailed within 30 s; the panels say " + fx(() -> answers(robot)), e);
    }
    try (var letters = Files.list(dataDir.resolve("outbox"))) {
      assertTrue(letters.anyMatch(path -> path.toString().endsWith(".eml")));
    }

    // With the sound on, the next hit chimes.
    robot.clickOn("Sound off");
    broker.broker().dispatch().orElseThrow().reportHotlistHit().orElseThrow();
    waitFor("the next hit chimes", () -> chimes.get() == 1);
  }

  private void showCommandCenter() throws Exception {
    WaitForAsyncUtils.asyncFx(() -> {
      video = new LiveVideo(connection, PlayerPool.open());
      wall = new Wall(video);
      MapPane map = new MapPane(model);
      CameraDetails details = new CameraDetails(model, new CameraActions() {
        @Override
        public String viewLive(Camera camera) {
          return wall.placeInFreeTile(camera).map(tile -> "tile " + tile).orElse("full");
        }

        @Override
        public FootageRequestSent requestFootage(Camera camera, Instant start, Instant end, ViewPurpose purpose, String key) {
          return connection.requestFootage(camera.id(), start, end, purpose, key);
        }
      });
      alerts = new AlertList(chimes::incrementAndGet);
      AlertPanel panel = new AlertPanel(alerts, new AlertFollowing(connection, model, map, wall, details));
      SplitPane right = new SplitPane(panel, details);
      right.setOrientation(javafx.geometry.Orientation.VERTICAL);
      right.setDividerPositions(0.6);
      right.setPrefWidth(360);
      BorderPane root = new BorderPane(new SplitPane(map, new WallView(wall, model::camera)));
      root.setRight(right);
      Stage stage = new Stage();
      stage.setScene(new Scene(root, 1590, 1190));
      stage.show();
      stage.requestFocus();
    }).get(30, TimeUnit.SECONDS);
  }

  /** A private camera a few metres north of {@code near}, created by the admin; returns its id. */
  private String addPrivateCamera(Camera near, CameraKind kind, String name, double northDegrees) throws Exception {
    var directory = CameraDirectoryGrpc.newBlockingStub(adminChannel()).withCallCredentials(new BearerToken(broker.token("ada")))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    var template = directory.listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_PRIVATE_LIVE).setPageSize(1).build())
        .getCameras(0);
    return directory.createCamera(CreateCameraRequest.newBuilder().setCamera(org.watchfloor.proto.v1.Camera.newBuilder()
        .setName(name).setKind(kind).setOwnerId(template.getOwnerId())
        .setLocation(GeoPoint.newBuilder().setLatitude(near.latitude() + northDegrees).setLongitude(near.longitude()))
        .addAllStreams(kind == CameraKind.CAMERA_KIND_PRIVATE_LIVE ? template.getStreamsList() : List.of()))
        .build()).getId();
  }

  private String privateOwner() throws Exception {
    return CameraDirectoryGrpc.newBlockingStub(adminChannel()).withCallCredentials(new BearerToken(broker.token("ada")))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_PRIVATE_LIVE).setPageSize(1).build())
        .getCameras(0).getOwnerId();
  }

  private ManagedChannel adminChannel() {
    if (adminChannel == null) {
      adminChannel = Grpc.newChannelBuilderForAddress("127.0.0.1", broker.grpcPort(), InsecureChannelCredentials.create()).build();
    }
    return adminChannel;
  }

  private static TextField caseField(FxRobot robot) {
    return robot.lookup(".alert-panel .text-field").queryAs(TextField.class);
  }

  private static String answer(FxRobot robot) {
    return robot.lookup(".alert-panel .details-answer").queryAs(Label.class).getText();
  }

  private static List<String> answers(FxRobot robot) {
    return robot.lookup(".side-panel .details-answer").queryAllAs(Label.class).stream().map(Label::getText).toList();
  }

  private static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not within 30 s: " + what, e);
    }
  }
}
