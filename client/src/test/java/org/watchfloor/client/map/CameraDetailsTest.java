package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;



import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.ViewPurpose;



/**
 * The camera details against a real broker: a Level 1 camera cannot be viewed live, and its
 * footage request, typed and sent as an analyst would, reaches the owner's outbox.
 */
@ExtendWith(ApplicationExtension.class)
class CameraDetailsTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection connection;
  private final CameraMapModel model = new CameraMapModel();
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
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
  void aLevelOneCameraCannotBeViewedLiveAndItsFootageRequestReachesTheOwner(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir, 0, 0);
    connection = broker.following("ana", model);
    StringBuilder viewed = new StringBuilder();
    WaitForAsyncUtils.asyncFx(() -> {
      CameraDetails details = new CameraDetails(model, new CameraActions() {
        @Override
        public String viewLive(Camera camera) {
          viewed.append(camera.id());
          return "on the wall";
        }

        @Override
        public FootageRequestSent requestFootage(Camera camera, Instant start, Instant end, ViewPurpose purpose, String key) {
          return connection.requestFootage(camera.id(), start, end, purpose, key);
        }
      });
      stage.setScene(new Scene(details, 320, 700));
      stage.show();
      stage.requestFocus();
    }).get(10, TimeUnit.SECONDS);
    Camera registered = model.cameras().stream().filter(camera -> camera.type() == CameraType.REGISTERED).findFirst().orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> model.selectedProperty().set(registered)).get(10, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitForFxEvents();

    assertTrue(robot.lookup("View live on the wall").queryButton().isDisabled(), "a Level 1 camera is never viewed live");
    robot.clickOn("Send footage request");
    assertTrue(answer(robot).startsWith("Give the case number and the reason"), answer(robot));

    robot.clickOn(robot.lookup((TextField field) -> "Case number (required)".equals(field.getPromptText())).queryAs(TextField.class))
        .write("2026-004512");
    robot.clickOn(robot.lookup((TextField field) -> field.getPromptText().startsWith("Reason")).queryAs(TextField.class))
        .write("Robbery on N Limestone at 14:05; suspect ran past the camera");
    robot.clickOn("Send footage request");
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> answer(robot).startsWith("Request frq-"));
    assertTrue(answer(robot).contains("e-mailed to the owner"), answer(robot));
    try (var letters = Files.list(dataDir.resolve("outbox"))) {
      assertEquals(1, letters.filter(path -> path.toString().endsWith(".eml")).count(), "the owner's e-mail is in the outbox");
    }
    assertEquals("", viewed.toString());
  }

  private static String answer(FxRobot robot) {
    return robot.lookup(".details-answer").queryAs(Label.class).getText();
  }

}
