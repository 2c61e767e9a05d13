package org.watchfloor.client.wall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;



import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.LayersPanel;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ViewPurpose;



/**
 * What an analyst does with the mouse, on headless Monocle against a real broker: drags a search
 * result onto a tile, drags a tile onto another to swap them, double-clicks a tile to fill the
 * wall and again to go back, and picks a layout.
 */
@ExtendWith(ApplicationExtension.class)
class WallInteractionTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private LiveVideo video;
  private Wall wall;
  private WallView view;
  private final CameraMapModel model = new CameraMapModel();
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
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

  @Test
  void dragDropSwapFillAndLayoutDoWhatTheAnalystMeans(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connection = broker.following("ana", model);
    WaitForAsyncUtils.asyncFx(() -> {
      video = new LiveVideo(connection, PlayerPool.open());
      wall = new Wall(video);
      wall.purposeProperty().set(new ViewPurpose("2026-004512", "", "wall test"));
      view = new WallView(wall, model::camera);
      LayersPanel layers = new LayersPanel(model, camera -> {});
      HBox root = new HBox(layers, view);
      HBox.setHgrow(view, Priority.ALWAYS);
      stage.setScene(new Scene(root, 1400, 800));
      stage.show();
      stage.requestFocus();
    }).get(10, TimeUnit.SECONDS);
    List<Camera> cctv = model.cameras().stream().filter(camera -> camera.type() == CameraType.CITY_CCTV)
        .sorted(java.util.Comparator.comparing(Camera::name)).toList();

    robot.clickOn(".text-field").write(cctv.get(0).name());
    WaitForAsyncUtils.waitForFxEvents();
    Node result = robot.lookup((ListCell<Camera> cell) -> cell.getItem() != null && cell.getItem().id().equals(cctv.get(0).id())).query();
    // The pointer rests on the result before the drag starts: Monocle sends a drag-leave that
    // fails inside glass when the gesture begins while earlier moves are still queued.
    robot.moveTo(result);
    WaitForAsyncUtils.waitForFxEvents();
    robot.drag(result).dropTo(tileNode(4));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(cctv.get(0).id(), WaitForAsyncUtils.asyncFx(() -> wall.tile(4).camera().id()).get(), "the dropped camera plays in tile 5");

    robot.drag(tileNode(4)).dropTo(tileNode(0));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(cctv.get(0).id(), WaitForAsyncUtils.asyncFx(() -> wall.tile(0).camera().id()).get(), "the dragged tile's camera moved");
    assertNull(WaitForAsyncUtils.asyncFx(() -> wall.tile(4).camera()).get(), "and the empty tile took its place");

    WaitForAsyncUtils.asyncFx(() -> wall.place(2, cctv.get(1))).get();
    robot.doubleClickOn(tileNode(0));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(0, wall.fillingProperty().get(), "a double click fills the wall with the tile");
    assertEquals(TileState.HIDDEN, WaitForAsyncUtils.asyncFx(() -> wall.tile(2).state()).get(), "a covered tile stops");
    robot.doubleClickOn(tileNode(0));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(-1, wall.fillingProperty().get(), "a second double click goes back to the layout");

    WaitForAsyncUtils.asyncFx(() -> wall.layoutProperty().set(WallLayout.LARGE_1_PLUS_5)).get();
    WaitForAsyncUtils.waitForFxEvents();
    Node large = tileNode(0);
    Node small = tileNode(1);
    assertEquals(2 * small.getLayoutBounds().getWidth() + 2, large.getLayoutBounds().getWidth(), 2.5, "the large tile spans two small ones");
  }

  private Node tileNode(int index) {
    return view.getChildrenUnmodifiable().get(index);
  }

}
