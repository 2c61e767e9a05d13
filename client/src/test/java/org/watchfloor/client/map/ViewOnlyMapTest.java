package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
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
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.proto.v1.Camera;

/**
 * A directory larger than the client holds whole (here the demo's 409 cameras over a limit of
 * 100, as a state's million would be over the default): the map shows the broker's clusters of
 * the view with the directory's counts, holds only the cameras around the view, and searches the
 * broker's directory.
 */
@ExtendWith(ApplicationExtension.class)
class ViewOnlyMapTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private final CameraMapModel model = new CameraMapModel();
  private MapPane map;
  private LayersPanel layers;

  @Start
  void start(Stage stage) {
    map = new MapPane(model);
    layers = new LayersPanel(model, map::show);
    BorderPane root = new BorderPane(map);
    root.setLeft(layers);
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
  void aDirectoryTooLargeToHoldIsShownAsTheBrokersClustersOfTheViewWithItsCamerasAroundIt() throws Exception {
    broker = DemoBroker.start(dataDir);
    List<Camera> stored = broker.broker().cameras().snapshot().entities();
    connection = broker.connect("ana");
    connection.watchLayers(model.layerFeed());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.layers().size() == 7);
    WaitForAsyncUtils.asyncFx(() -> DirectoryFollower.follow(connection, model, map, 100)).get(10, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.partial() && model.camerasCurrentProperty().get());

    Map<CameraType, Integer> byType = new EnumMap<>(CameraType.class);
    stored.forEach(camera -> byType.merge(DemoBroker.typeOf(camera), 1, Integer::sum));
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

  private int drawnTotal() {
    return map.cameraLayer().drawn().stream().mapToInt(CameraLayer.Drawn::count).sum();
  }

}
