package org.watchfloor.client.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;

/** The sign-in window against a real broker, typed into as a person would. */
@ExtendWith(ApplicationExtension.class)
class SignInDialogTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private Stage stage;
  private SignInForm form;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() throws Exception {
    if (form != null && form.signedInProperty().get() != null) {
      form.signedInProperty().get().close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void aWrongPasswordIsRefusedInWordsAndTheRightOneSignsInWithTheUsersRoles(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    WaitForAsyncUtils.asyncFx(() -> {
      form = new SignInForm(org.watchfloor.client.net.BrokerList.of(broker.address()), org.watchfloor.client.net.ChannelSecurity.PLAINTEXT);
      stage.setScene(new Scene(new SignInDialog(form)));
      stage.show();
      stage.requestFocus();
    }).get(60, TimeUnit.SECONDS);

    robot.clickOn("#sign-in-button");
    assertEquals("User name: required", robot.lookup("#sign-in-message").queryAs(Label.class).getText());

    robot.clickOn("#sign-in-username").write("ada");
    robot.clickOn("#sign-in-password").write("not the password");
    robot.clickOn("#sign-in-button");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !form.busyProperty().get() && !form.messageProperty().get().isEmpty());
    assertEquals("User name or password is wrong", robot.lookup("#sign-in-message").queryAs(Label.class).getText());
    assertNull(form.signedInProperty().get());

    WaitForAsyncUtils.asyncFx(() -> form.passwordProperty().set("")).get(5, TimeUnit.SECONDS);
    robot.clickOn("#sign-in-password").write(broker.password("ada"));
    robot.clickOn("#sign-in-button");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> form.signedInProperty().get() != null);

    BrokerConnection connection = form.signedInProperty().get();
    UserAccount me = connection.me();
    assertEquals("ada", me.username());
    assertTrue(me.holds(UserRole.ADMIN));
    assertTrue(me.lastSignedInAt().isPresent());
    assertEquals("", form.passwordProperty().get(), "the password is not kept once signed in");
  }
}
