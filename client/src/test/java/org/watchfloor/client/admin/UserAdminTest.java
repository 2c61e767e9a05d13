package org.watchfloor.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;

/** The admin's user screen against a real broker: add, reset a password, disable, each audited. */
@ExtendWith(ApplicationExtension.class)
class UserAdminTest {

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
  void anAdminAddsAUserResetsTheirPasswordAndDisablesThemAndEachChangeIsAudited(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    admin = broker.connect("ada");
    UserAdministration model = new UserAdministration(admin);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new UserAdminView(model), 1200, 700));
      stage.show();
      stage.requestFocus();
      model.refresh();
    }).get(60, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.users().size() == 3);
    WaitForAsyncUtils.waitForFxEvents();

    robot.clickOn("#new-username").write("dana.w");
    robot.clickOn("#new-display-name").write("Dana Whitfield");
    robot.clickOn("#new-organisation").write("Fayette County Sheriff");
    WaitForAsyncUtils.asyncFx(() -> model.newRoleProperty().set(UserRole.SUPERVISOR)).get(5, TimeUnit.SECONDS);
    robot.clickOn("#new-password").write("short");
    robot.clickOn("#add-user");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.tasks().failedProperty().get());
    assertEquals("Refused: password: at least 12 characters", message(robot));

    robot.clickOn("#new-password").write(" but now long enough");
    robot.clickOn("#add-user");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Added"));
    assertEquals(4, model.users().size());
    UserAccount dana = model.users().stream().filter(user -> user.username().equals("dana.w")).findFirst().orElseThrow();
    assertEquals(java.util.Set.of(UserRole.SUPERVISOR), dana.roles());
    assertEquals("Fayette County Sheriff", dana.organisation());
    assertTrue(message(robot).startsWith("Added dana.w as SUPERVISOR"), message(robot));

    robot.clickOn("sam");
    robot.clickOn("dana.w");
    assertEquals("Dana Whitfield (dana.w)", robot.lookup("#selected-user").queryAs(Label.class).getText());
    robot.clickOn("#replacement-password").write("a brand new password");
    robot.clickOn("#reset-password");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("New password set for dana.w"));
    try (BrokerConnection asDana = new BrokerConnection(broker.address(), "")) {
      assertEquals("dana.w", asDana.signIn("dana.w", "a brand new password").username());
      assertTrue(asDana.me().lastSignedInAt().isPresent());
    }

    robot.clickOn("#disable-reason").write("moved to another agency");
    robot.clickOn("#disable-user");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).equals("dana.w is disabled; their sessions ended."));
    WaitForAsyncUtils.waitForFxEvents();
    robot.lookup("disabled: moved to another agency").query();
    try (BrokerConnection asDana = new BrokerConnection(broker.address(), "")) {
      BrokerRefusal refused = assertThrows(BrokerRefusal.class, () -> asDana.signIn("dana.w", "a brand new password"));
      assertEquals("sign-in: dana.w is disabled: moved to another agency; ask an admin", refused.getMessage());
    }

    List<AuditRow> changes = broker.broker().audit().query(
        new AuditFilter("", "", "USER_CHANGED", "user:" + dana.id(), "", Optional.empty(), Optional.empty()), 0, false, 10);
    assertEquals(List.of("created with roles ROLE_SUPERVISOR, organisation Fayette County Sheriff, with a password",
        "password reset", "disabled: moved to another agency; 1 session(s) ended"),
        changes.stream().map(AuditRow::detail).toList());
    assertTrue(changes.stream().allMatch(row -> row.username().equals("ada")));
  }

  @Test
  void aStaleEditShowsTheOtherAdminsChangeAndIsAppliedAgainOnTopOfItOrDropped(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    admin = broker.connect("ada");
    admin.createUser("bea", "Bea Admin", UserRole.ADMIN, "Lexington Police Department", "bea's long password");
    UserAdministration model = new UserAdministration(admin);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new UserAdminView(model), 1200, 800));
      stage.show();
      stage.requestFocus();
      model.refresh();
    }).get(60, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.users().size() == 4);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("sam");
    try (BrokerConnection bea = new BrokerConnection(broker.address(), "")) {
      bea.signIn("bea", "bea's long password");
      bea.updateUser(sam(bea), Optional.empty(), Optional.empty(), Optional.of("Sheriff's Office"));

      replaceText(robot, "#edit-display-name", "Samuel Supervisor");
      robot.clickOn("#save-user");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.conflictProperty().get() != null);
      WaitForAsyncUtils.waitForFxEvents();
      String shown = robot.lookup("#conflict-text").queryAs(Label.class).getText();
      assertTrue(shown.contains("Theirs now: Sam Supervisor, SUPERVISOR, Sheriff's Office"), shown);
      assertTrue(shown.contains("Your change: set name Samuel Supervisor."), shown);
      assertEquals("Sam Supervisor", sam(admin).displayName(), "the stale change was not saved");

      robot.clickOn("#apply-mine-again");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Applied your change again"));
      UserAccount both = sam(admin);
      assertEquals("Samuel Supervisor", both.displayName());
      assertEquals("Sheriff's Office", both.organisation());

      bea.updateUser(sam(bea), Optional.of("Sam S."), Optional.empty(), Optional.empty());
      replaceText(robot, "#edit-organisation", "Fayette County");
      robot.clickOn("#save-user");
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.conflictProperty().get() != null);
      robot.clickOn("#keep-theirs");
      WaitForAsyncUtils.waitForFxEvents();
      assertEquals("Sam S.", model.editDisplayNameProperty().get());
      assertEquals("Sheriff's Office", model.editOrganisationProperty().get());
      assertEquals("Sheriff's Office", sam(admin).organisation());
    }
  }

  private static void replaceText(FxRobot robot, String field, String text) {
    robot.clickOn(field).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text);
  }

  private static UserAccount sam(BrokerConnection connection) {
    return connection.listUsers().stream().filter(user -> user.username().equals("sam")).findFirst().orElseThrow();
  }

  private static String message(FxRobot robot) {
    return robot.lookup("#admin-message").queryAs(Label.class).getText();
  }
}
