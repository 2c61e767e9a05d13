package org.watchfloor.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.OwnerReview;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.LiveConnectionMethod;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.OwnerType;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.stream.StreamSource;

/**
 * The admin's owner reviews against a real broker that requires approval: a confirmed registration
 * appears live, is approved and its camera enters the directory; then the owner's request to share
 * the camera live appears, a failing stream test leaves it with the reason, a playing one connects it.
 */
@ExtendWith(ApplicationExtension.class)
class OwnerReviewTest {

  private static final Pattern CONFIRM = Pattern.compile("/register/confirm/([A-Za-z0-9_-]{43})");

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection admin;
  private OwnerReviewView view;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() throws Exception {
    if (view != null) {
      view.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void anAdminApprovesAWaitingRegistrationThenConnectsItsCameraAfterAFailedStreamTest(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir, settings -> settings.withEnrollment(approvalRequired()));
    admin = broker.connect("ada");
    OwnerReviewQueue model = new OwnerReviewQueue(admin);
    view = new OwnerReviewView(model);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(view, 1200, 900));
      stage.getScene().getStylesheets().add(AdminMenu.class.getResource("admin.css").toExternalForm());
      stage.show();
      stage.requestFocus();
      model.start();
    }).get(60, TimeUnit.SECONDS);

    // A resident registers and confirms while the screen is open: it appears without a refresh.
    OwnerRegistration submitted = broker.broker().registrations().submit(
        Owner.newBuilder().setDisplayName("Rosa Delgado").setEmail("rosa@example.org").setType(OwnerType.OWNER_TYPE_RESIDENT).build(),
        List.of(RegisteredCameraDraft.newBuilder().setName("Front door").setLocation(GeoPoint.newBuilder().setLatitude(38.0406).setLongitude(-84.5037))
            .setHeadingDegrees(180).setDevice("doorbell").setCovers("porch and sidewalk").setRetentionDays(30).build()),
        "127.0.0.1");
    broker.broker().registrations().confirm(confirmationToken());
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.items().size() == 1);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(cell(robot, "Registration · Rosa Delgado · 1 camera"));
    assertEquals("Registration of Rosa Delgado", robot.lookup("#review-title").queryAs(Label.class).getText());
    TableView<?> cameras = robot.lookup("#review-cameras").queryAs(TableView.class);
    assertEquals(1, cameras.getItems().size());
    robot.lookup("38.04060, -84.50370").query();
    robot.lookup("180°").query();
    robot.clickOn("#approve-registration");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Approved"));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.items().isEmpty());
    String cameraId = broker.broker().registrations().find(submitted.getId()).orElseThrow().getCameraIds(0);
    assertEquals(CameraType.REGISTERED, admin.camera(cameraId).orElseThrow().type());

    // The owner asks to share it live, with a wrong password: the test says why, the request stays.
    String ownerId = admin.camera(cameraId).orElseThrow().ownerId();
    Owner owner = broker.broker().database().inTransaction("owner", transaction -> OwnerStore.find(transaction, ownerId)).orElseThrow();
    String device = "http://127.0.0.1:" + broker.broker().server().httpPort() + "/sim/device/rosa-front-door/index.m3u8";
    broker.broker().liveConnections().ask(owner, cameraId, LiveConnectionMethod.LIVE_CONNECTION_METHOD_STREAM_ADDRESS,
        Optional.of(StreamSource.parse("address", device, "owner", "wrong-password")), "the doorbell's own app shows it");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.items().size() == 1);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn(cell(robot, "Live sharing · Rosa Delgado · Front door · not tested"));
    assertTrue(robot.lookup("#review-owner").queryAs(Label.class).getText().contains(device + " (credentials stored, never shown)"));
    robot.clickOn("#test-stream");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message(robot).startsWith("Not connected"));
    assertTrue(message(robot).startsWith("Not connected (the camera refused the credentials)"), message(robot));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.items().size() == 1
        && model.items().get(0).connection().lastTest() != null);
    assertEquals(OwnerReview.Outcome.AUTH_REFUSED, model.items().get(0).connection().lastTest().outcome());
    assertEquals(CameraType.REGISTERED, admin.camera(cameraId).orElseThrow().type());

    // The admin gives the right credentials (as after a technician's visit): it plays and is connected.
    robot.clickOn("#stream-address").write(device);
    robot.clickOn("#stream-username").write("owner");
    robot.clickOn("#stream-password").write("demo-pass-2468");
    assertEquals(device, model.streamAddressProperty().get());
    robot.clickOn("#test-stream");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message(robot).startsWith("Connected") || message(robot).startsWith("Not connected"));
    assertTrue(message(robot).startsWith("Connected"), message(robot));
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.items().isEmpty());
    assertEquals("", model.streamPasswordProperty().get(), "the screen keeps no copy of the password");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> admin.camera(cameraId).orElseThrow().type() == CameraType.LIVE_SHARING);
  }

  private static ServerSettings.Enrollment approvalRequired() {
    ServerSettings.Enrollment defaults = ServerSettings.Enrollment.defaults();
    return new ServerSettings.Enrollment(true, defaults.maxCamerasPerRegistration(), defaults.submissionsPerAddressPerHour(),
        defaults.submissionsPerEmailPerHour(), defaults.verificationValidity(), defaults.timeZone(), defaults.agency());
  }

  /** The token of the confirmation link in the newest e-mail of the outbox (quoted-printable soft breaks joined). */
  private String confirmationToken() throws Exception {
    try (Stream<Path> letters = Files.list(dataDir.resolve("outbox"))) {
      for (Path letter : letters.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Matcher link = CONFIRM.matcher(Files.readString(letter, StandardCharsets.UTF_8).replace("=\r\n", "").replace("=\n", ""));
        if (link.find()) {
          return link.group(1);
        }
      }
    }
    throw new AssertionError("no confirmation e-mail in the outbox");
  }

  /** The review list's row that starts with {@code text}. */
  private static javafx.scene.Node cell(FxRobot robot, String text) {
    return robot.lookup((javafx.scene.control.ListCell<?> cell) -> cell.getText() != null && cell.getText().startsWith(text)).query();
  }

  private static String message(FxRobot robot) {
    return robot.lookup("#admin-message").queryAs(Label.class).getText();
  }
}
