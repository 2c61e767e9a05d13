package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
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
import org.watchfloor.client.net.BearerToken;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ContractMapping;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.proto.v1.AssignCamerasRequest;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.server.sim.SyntheticInventory;

/**
 * The map at scale through the real path. A city: 100,000 cameras imported into a real broker,
 * streamed to the client over gRPC, counted by type, drawn whole, and a bulk layer edit of 10,000
 * cameras applied as it lands. A directory larger than the client holds whole (here the demo's 409
 * cameras over a limit of 100, as a state's million over the default): the broker's clusters of
 * the view, the directory's counts, only the cameras around the view held, the broker's search.
 * Functional, not timed: the client-start benchmark measures speed.
 */
@ExtendWith(ApplicationExtension.class)
class LargeDirectoryMapTest {

  private static final int SYNTHETIC = 100_000;
  private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.US);

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private final CameraMapModel model = new CameraMapModel();
  private final List<String> statusTexts = new CopyOnWriteArrayList<>();
  private MapPane map;
  private LayersPanel layers;

  @Start
  void start(Stage stage) {
    map = new MapPane(model);
    layers = new LayersPanel(model, map::show);
    StatusBar status = new StatusBar("test broker");
    status.bindCameras(model.cameraCountProperty(), model.snapshotSizeProperty(), model.camerasCurrentProperty());
    Label cameras = (Label) status.lookup(".status-cameras");
    cameras.textProperty().addListener((observable, before, text) -> statusTexts.add(text));
    BorderPane root = new BorderPane(map);
    root.setLeft(layers);
    root.setBottom(status);
    stage.setScene(new Scene(root, 1400, 900));
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

  @Test
  void aCityOfCamerasArrivesThroughTheLiveFeedCountedByTypeDrawnWholeAndFollowsABulkEdit() throws Exception {
    broker = DemoBroker.start(dataDir);
    broker.importSynthetic(SyntheticInventory.LEXINGTON, SYNTHETIC);
    List<Camera> stored = broker.broker().cameras().snapshot().entities();
    Map<CameraType, Integer> expected = new EnumMap<>(CameraType.class);
    for (Camera camera : stored) {
      expected.merge(ContractMapping.type(camera.getKind()), 1, Integer::sum);
    }

    connection = broker.connect("ana");
    connection.watchCameras(model.cameraFeed());
    connection.watchLayers(model.layerFeed());
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> model.camerasCurrentProperty().get());
    assertEquals(stored.size(), model.cameraCountProperty().get());
    String total = COUNT.format(stored.size());
    // The panel and the status bar show counts at most four times a second.
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> statusTexts.get(statusTexts.size() - 1).equals(total + " cameras"));
    for (CameraType type : CameraType.values()) {
      assertEquals(expected.getOrDefault(type, 0), model.countProperty(type).get(), type + " cameras counted");
      String shown = "  " + COUNT.format(expected.getOrDefault(type, 0));
      try {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> typeToggle(type).getText().endsWith(shown));
      } catch (java.util.concurrent.TimeoutException e) {
        assertTrue(typeToggle(type).getText().endsWith(shown), typeToggle(type).getText());
      }
    }
    assertTrue(statusTexts.stream().anyMatch(text -> text.startsWith("loading ") && text.endsWith(" of " + total + " cameras")),
        "the status bar showed the progress: " + statusTexts.subList(0, Math.min(5, statusTexts.size())));
    assertEquals(total + " cameras", statusTexts.get(statusTexts.size() - 1));

    // The whole county in view: every shown camera is in exactly one cluster or marker (some demo
    // layers are hidden until an analyst shows them).
    WaitForAsyncUtils.asyncFx(() -> {
      map.mapView().setZoom(10);
      map.mapView().setCenter(MapPane.LEXINGTON);
    });
    int shown = shownNow();
    assertTrue(shown > SYNTHETIC, "the synthetic cameras are in no layer, so all are shown: " + shown);
    awaitDrawnTotal(shown);
    WaitForAsyncUtils.asyncFx(() -> model.hiddenTypes().add(CameraType.CITY_CCTV));
    int withoutCctv = shownNow();
    assertTrue(withoutCctv < shown - SYNTHETIC / 4, "a third of the synthetic cameras are CCTV: " + withoutCctv);
    awaitDrawnTotal(withoutCctv);
    WaitForAsyncUtils.asyncFx(() -> model.hiddenTypes().remove(CameraType.CITY_CCTV));
    awaitDrawnTotal(shown);

    // A bulk layer edit of 10,000 cameras reaches every one of them, and the layer's count follows.
    String layerId = model.layers().get(0).id();
    List<String> synthetic = new ArrayList<>();
    for (Camera camera : stored) {
      if (camera.getProvenance().getSource().equals("csv:synthetic") && synthetic.size() < 10_000) {
        synthetic.add(camera.getId());
      }
    }
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", broker.grpcPort(), InsecureChannelCredentials.create()).build();
    try {
      LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(broker.token("ada"))).withDeadlineAfter(60, TimeUnit.SECONDS)
          .assignCameras(AssignCamerasRequest.newBuilder().setLayerId(layerId).addAllAddCameraIds(synthetic).build());
    } finally {
      channel.shutdownNow();
    }
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
        () -> synthetic.stream().allMatch(id -> model.camera(id).orElseThrow().layerIds().contains(layerId)));
    assertEquals(stored.size(), model.cameraCountProperty().get(), "a change is not a new camera");
    // The edited cameras hold one set of layers between them, and one text of an operator they share.
    List<org.watchfloor.client.net.Camera> edited = WaitForAsyncUtils.asyncFx(
        () -> synthetic.stream().map(id -> model.camera(id).orElseThrow()).toList()).get();
    org.watchfloor.client.net.Camera first = edited.get(0);
    org.watchfloor.client.net.Camera sameOperator = edited.stream().skip(1).filter(camera -> camera.operator().equals(first.operator())).findFirst().orElseThrow();
    assertSame(first.layerIds(), edited.get(edited.size() - 1).layerIds());
    assertSame(first.operator(), sameOperator.operator());
    awaitDrawnTotal(shownNow());
  }

  @Test
  void aDirectoryTooLargeToHoldIsShownAsTheBrokersClustersOfTheViewWithItsCamerasAroundIt() throws Exception {
    broker = DemoBroker.start(dataDir);
    List<Camera> stored = broker.broker().cameras().snapshot().entities();
    connection = broker.connect("ana");
    connection.watchLayers(model.layerFeed());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.layers().size() == 7);
    WaitForAsyncUtils.asyncFx(() -> DirectoryFollower.follow(connection, model, map, 100)).get(10, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.partial() && model.camerasCurrentProperty().get());

    Map<CameraType, Integer> byType = new EnumMap<>(CameraType.class);
    stored.forEach(camera -> byType.merge(ContractMapping.type(camera.getKind()), 1, Integer::sum));
    for (CameraType type : CameraType.values()) {
      assertEquals(byType.getOrDefault(type, 0), model.countProperty(type).get(), type + ": the directory's count, not the view's");
    }
    assertEquals(stored.size(), model.cameraCountProperty().get());

    // What is drawn is what the broker holds in the painted area, hidden layers left out.
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> map.cameraLayer().upToDateProperty().get()
        && drawnTotal() == inArea(stored, map.cameraLayer().paintedArea().orElseThrow()));
    assertTrue(drawnTotal() > 100, "the view over Lexington shows most of the demo: " + drawnTotal());

    // Closer in, only the cameras around the view are held, and they are drawn one by one.
    Camera near = stored.stream().filter(camera -> camera.getKind().name().endsWith("CITY_CCTV")).findFirst().orElseThrow();
    Camera far = stored.stream().max(java.util.Comparator.comparingDouble(camera ->
        Math.hypot(camera.getLocation().getLatitude() - near.getLocation().getLatitude(),
            camera.getLocation().getLongitude() - near.getLocation().getLongitude()))).orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> {
      map.mapView().setZoom(17);
      map.mapView().setCenter(new com.gluonhq.maps.MapPoint(near.getLocation().getLatitude(), near.getLocation().getLongitude()));
    });
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.camera(near.getId()).isPresent() && model.camera(far.getId()).isEmpty()
        && map.cameraLayer().upToDateProperty().get() && map.cameraLayer().drawn().stream().anyMatch(drawn -> near.getId().equals(
            drawn.camera() == null ? null : drawn.camera().id())));
    assertTrue(model.cameras().size() < stored.size(), "only the cameras around the view are held: " + model.cameras().size());

    // A camera outside the held area is still found, by the broker's search.
    TextField search = (TextField) layers.lookup(".text-field");
    WaitForAsyncUtils.asyncFx(() -> search.setText(far.getName()));
    @SuppressWarnings("unchecked")
    ListView<org.watchfloor.client.net.Camera> results = (ListView<org.watchfloor.client.net.Camera>) layers.lookup(".list-view");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> results.getItems().stream().anyMatch(camera -> camera.id().equals(far.getId())));
  }

  /** The stored cameras inside {@code area} that the map's hidden layers let through. */
  private int inArea(List<Camera> stored, GeoBox area) throws Exception {
    Set<String> hidden = WaitForAsyncUtils.asyncFx(() -> Set.copyOf(model.hiddenLayers())).get(10, TimeUnit.SECONDS);
    return (int) stored.stream()
        .filter(camera -> camera.getLocation().getLatitude() >= area.south() && camera.getLocation().getLatitude() <= area.north()
            && camera.getLocation().getLongitude() >= area.west() && camera.getLocation().getLongitude() <= area.east())
        .filter(camera -> camera.getLayerIdsCount() == 0 || camera.getLayerIdsList().stream().anyMatch(layer -> !hidden.contains(layer)))
        .count();
  }

  /** Waits until the painted view shows {@code expected} cameras in its clusters and markers. */
  private void awaitDrawnTotal(int expected) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> map.cameraLayer().upToDateProperty().get() && drawnTotal() == expected);
    } catch (java.util.concurrent.TimeoutException e) {
      assertEquals(expected, drawnTotal(), "cameras drawn in the view");
    }
  }

  /** How many cameras the model holds that the hidden types and layers let through, counted on the FX thread. */
  private int shownNow() throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> (int) model.cameras().stream().filter(model.visibility()::shows).count()).get(10, TimeUnit.SECONDS);
  }

  private int drawnTotal() {
    return map.cameraLayer().drawn().stream().mapToInt(CameraLayer.Drawn::count).sum();
  }

  private CheckBox typeToggle(CameraType type) {
    return (CheckBox) layers.lookupAll(".check-box").stream()
        .filter(node -> ((CheckBox) node).getText().startsWith(type.label() + "  "))
        .findFirst().orElseThrow();
  }
}
