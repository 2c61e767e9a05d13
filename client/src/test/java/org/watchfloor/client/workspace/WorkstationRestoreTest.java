package org.watchfloor.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;



import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
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
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileState;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.wall.WallView;



/**
 * The workstation against a real broker: what the analyst arranged (walls in two windows, map view,
 * hidden layers, presets) comes back on the next start, a camera gone from the directory says so,
 * and presets and the tour recall arrangements.
 */
@ExtendWith(ApplicationExtension.class)
class WorkstationRestoreTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private final List<AutoCloseable> running = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  /** One client start: its model, connection, live video, main wall and workstation. */
  private record Client(CameraMapModel model, BrokerConnection connection, LiveVideo video, Wall wall, MapPane map, Workstation workstation) {}

  @BeforeEach
  void startBroker() throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : running) {
      closeable.close();
    }
    broker.close();
    FxToolkit.cleanupStages();
  }

  private Client start(Path workspace) throws Exception {
    CameraMapModel model = new CameraMapModel();
    BrokerConnection connection = broker.following("ana", model);
    Client client = WaitForAsyncUtils.asyncFx(() -> {
      LiveVideo video = new LiveVideo(connection, PlayerPool.open());
      Wall wall = new Wall(video);
      MapPane map = new MapPane(model);
      SplitPane split = new SplitPane(map, new WallView(wall, model::camera));
      Stage stage = new Stage();
      stage.setScene(new Scene(split, 1400, 800));
      Workstation workstation = new Workstation(new Workstation.Parts(stage, split, map, model, wall, video, ""),
          new WorkspaceFile(workspace, Clock.systemUTC()), notices::add);
      workstation.restoreWhenCurrent(() -> {});
      stage.show();
      return new Client(model, connection, video, wall, map, workstation);
    }).get(60, TimeUnit.SECONDS); // libVLC's first start can take seconds on a busy machine
    running.add(() -> WaitForAsyncUtils.asyncFx(() -> {
      client.workstation().close();
      client.video().close();
    }).get(30, TimeUnit.SECONDS));
    running.add(connection);
    return client;
  }

  /** Quits like the application does: saves, closes the windows, ends the views. */
  private void quit(Client client) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> {
      client.workstation().close();
      client.video().close();
    }).get(30, TimeUnit.SECONDS);
    client.connection().close();
    FxToolkit.cleanupStages();
  }


  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get(10, TimeUnit.SECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting until " + what, e);
    }
  }

  private static <T> T fx(Callable<T> action) throws Exception {
    return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
  }

  private static List<Camera> publicCameras(CameraMapModel model, int count) {
    return model.cameras().stream().filter(camera -> camera.type() == CameraType.TRAFFIC)
        .sorted(java.util.Comparator.comparing(Camera::id)).limit(count).toList();
  }

  private static List<String> cameraIds(Wall wall, int tiles) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < tiles; i++) {
      ids.add(wall.tile(i).camera() == null ? null : wall.tile(i).camera().id());
    }
    return ids;
  }

  @Test
  void theArrangementOfWallsWindowsMapAndLayersComesBackOnTheNextStart() throws Exception {
    Path workspace = dataDir.resolve("workspace.json");
    Client first = start(workspace);
    List<Camera> cameras = publicCameras(first.model(), 5);
    fx(() -> {
      first.wall().layoutProperty().set(WallLayout.GRID_2);
      first.wall().purposeProperty().set(new ViewPurpose("2026-004512", "", "video wall"));
      first.wall().place(0, cameras.get(0));
      first.wall().place(1, cameras.get(1));
      first.wall().place(3, cameras.get(2));
      first.model().hiddenTypes().add(CameraType.LPR);
      first.model().hiddenLayers().add("layer-school-zones");
      first.map().mapView().setZoom(15);
      first.map().mapView().setCenter(38.05, -84.49);
      Wall second = first.workstation().openWallWindow(null).wall();
      second.layoutProperty().set(WallLayout.LARGE_1_PLUS_5);
      second.purposeProperty().set(new ViewPurpose("2026-004513", "", "video wall"));
      second.place(0, cameras.get(3));
      first.workstation().savePreset("two cameras");
      return null;
    });
    List<String> mainCameras = fx(() -> cameraIds(first.wall(), 4));
    quit(first);
    running.clear();

    Client second = start(workspace);
    waitFor("the main wall is back", () -> second.wall().layoutProperty().get() == WallLayout.GRID_2
        && cameraIds(second.wall(), 4).equals(mainCameras));
    assertEquals("2026-004512", fx(() -> second.wall().purposeProperty().get().caseNumber()));
    assertTrue(fx(() -> second.model().hiddenTypes().contains(CameraType.LPR)));
    assertTrue(fx(() -> second.model().hiddenLayers().contains("layer-school-zones")));
    assertEquals(15, fx(() -> second.map().mapView().getZoom()), 0.01);
    assertEquals(1, fx(() -> second.workstation().wallWindows().size()), "the extra wall window opens again");
    Wall extra = fx(() -> second.workstation().wallWindows().get(0).wall());
    assertEquals(WallLayout.LARGE_1_PLUS_5, fx(() -> extra.layoutProperty().get()));
    assertEquals(cameras.get(3).id(), fx(() -> extra.tile(0).camera().id()));
    assertEquals("2026-004513", fx(() -> extra.purposeProperty().get().caseNumber()));
    assertEquals(List.of("two cameras"), fx(() -> second.workstation().presetNames()));
    waitFor("the restored tiles play", () -> second.wall().tile(0).state() == TileState.LIVE);
  }

  @Test
  void aSavedCameraNoLongerInTheDirectorySaysSoInItsTile() throws Exception {
    Path workspace = dataDir.resolve("workspace.json");
    Files.writeString(workspace, """
        { "version" : 1,
          "walls" : [ { "layout" : "GRID_2", "cameraIds" : [ "cam-removed-long-ago" ], "caseNumber" : "2026-1", "filling" : -1 } ] }
        """);
    Client client = start(workspace);
    waitFor("the tile says the camera is gone", () -> client.wall().tile(0).state() == TileState.OFFLINE);
    assertTrue(fx(() -> client.wall().tile(0).detailProperty().get()).contains("cam-removed-long-ago"));
  }

  @Test
  void presetsAndTheTourRecallArrangements() throws Exception {
    Client client = start(dataDir.resolve("workspace.json"));
    List<Camera> cameras = publicCameras(client.model(), 3);
    fx(() -> {
      client.wall().purposeProperty().set(new ViewPurpose("2026-7", "", "video wall"));
      client.wall().layoutProperty().set(WallLayout.GRID_1);
      client.wall().place(0, cameras.get(0));
      client.workstation().savePreset("a one");
      client.wall().layoutProperty().set(WallLayout.GRID_2);
      client.wall().place(0, cameras.get(1));
      client.wall().place(1, cameras.get(2));
      client.workstation().savePreset("b four");
      client.workstation().recallPreset("a one");
      return null;
    });
    assertEquals(WallLayout.GRID_1, fx(() -> client.wall().layoutProperty().get()));
    assertEquals(cameras.get(0).id(), fx(() -> client.wall().tile(0).camera().id()));

    fx(() -> {
      client.workstation().startTour(5);
      return null;
    });
    assertEquals(WallLayout.GRID_1, fx(() -> client.wall().layoutProperty().get()), "the tour starts at the first preset");
    waitFor("the tour moves on to the second preset", () -> client.wall().layoutProperty().get() == WallLayout.GRID_2
        && client.wall().tile(1).camera() != null && client.wall().tile(1).camera().id().equals(cameras.get(2).id()));
    assertTrue(notices.stream().anyMatch(notice -> notice.startsWith("Tour: preset \"b four\"")), notices.toString());
  }
}
