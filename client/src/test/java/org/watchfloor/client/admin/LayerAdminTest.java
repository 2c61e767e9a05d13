package org.watchfloor.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Layer;
import org.watchfloor.client.net.UserRole;

/** The admin's layer screen against a real broker: add, rename and recolour, a race with another admin, delete. */
@ExtendWith(ApplicationExtension.class)
class LayerAdminTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection admin;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void anAdminAddsChangesAndDeletesALayerAndARaceWithAnotherAdminLosesNeitherChange(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    admin = broker.connect("ada");
    admin.createUser("bea", "Bea Admin", UserRole.ADMIN, "Lexington Police Department", "bea's long password");
    LayerAdministration model = new LayerAdministration(admin);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new LayerAdminView(model), 1200, 800));
      stage.show();
      stage.requestFocus();
      model.refresh();
    }).get(60, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.layers().size() == 7);

    robot.clickOn("#new-layer-name").write("Rupp Arena events");
    robot.clickOn("#add-layer");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Added the layer Rupp Arena events"));
    Layer added = layer(admin, "Rupp Arena events");
    assertEquals(8, model.layers().size());
    assertTrue(added.order() > model.layers().stream().filter(each -> !each.id().equals(added.id())).mapToInt(Layer::order).max().orElseThrow(),
        "a new layer draws above the others");

    try (BrokerConnection bea = new BrokerConnection(broker.address(), "")) {
      bea.signIn("bea", "bea's long password");
      // Bea recolours it after Ada read it; Ada renames it.
      bea.updateLayer(added, new Layer(added.id(), added.name(), added.description(), "#E53935", added.icon(), added.visibleByDefault(),
          added.order(), added.cameraCount(), added.revision()));
      robot.doubleClickOn("#edit-layer-name").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("Rupp Arena");
      robot.clickOn("#save-layer");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.conflictProperty().get() != null);
      WaitForAsyncUtils.waitForFxEvents();
      String shown = robot.lookup("#conflict-text").queryAs(Label.class).getText();
      assertTrue(shown.contains("Theirs now: Rupp Arena events, #E53935"), shown);
      assertTrue(shown.contains("Your change: name Rupp Arena."), shown);
      robot.clickOn("#apply-mine-again");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Applied your change again"));
    }
    Layer both = layer(admin, "Rupp Arena");
    assertEquals("#E53935", both.color().toUpperCase(java.util.Locale.ROOT), "Bea's colour stands beside Ada's name");

    WaitForAsyncUtils.asyncFx(model::deleteSelected).get(5, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Deleted the layer Rupp Arena"));
    assertEquals(List.of(), admin.listLayers().stream().filter(layer -> layer.id().equals(added.id())).toList());
  }

  private static Layer layer(BrokerConnection connection, String name) {
    return connection.listLayers().stream().filter(layer -> layer.name().equals(name)).findFirst().orElseThrow();
  }

  private static String message(FxRobot robot) {
    return robot.lookup("#admin-message").queryAs(Label.class).getText();
  }
}
