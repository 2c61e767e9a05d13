package org.watchfloor.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.watchfloor.client.net.AuditRecord;
import org.watchfloor.client.net.BrokerConnection;

/**
 * The audit viewer against a real broker: a supervisor filters by user and action, exports what
 * is shown, and Verify names the row a tamperer edited in the database.
 */
@ExtendWith(ApplicationExtension.class)
class AuditViewTest {

  @TempDir Path dataDir;
  @TempDir Path exportDir;
  private DemoBroker broker;
  private BrokerConnection supervisor;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() throws Exception {
    if (supervisor != null) {
      supervisor.close();
    }
    if (broker != null) {
      broker.close();
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void aSupervisorFiltersExportsAndSeesWhichRowWasTamperedWith(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    try (BrokerConnection ana = new BrokerConnection(broker.address(), "")) {
      ana.signIn("ana", broker.password("ana"));
      ana.signOut();
    }
    supervisor = broker.connect("sam");
    AuditReview model = new AuditReview(supervisor, ZoneOffset.UTC);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new AuditView(model), 1400, 800));
      stage.show();
      stage.requestFocus();
    }).get(60, TimeUnit.SECONDS);

    robot.clickOn("#audit-user").write("ana");
    robot.clickOn("#audit-search");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.rows().size() == 2);
    assertEquals(List.of("SIGNED_OUT", "SIGNED_IN"), model.rows().stream().map(AuditRecord::action).toList());
    WaitForAsyncUtils.asyncFx(() -> model.actionProperty().set("SIGNED_IN")).get(5, TimeUnit.SECONDS);
    robot.clickOn("#audit-search");
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.rows().size() == 1);

    Path csv = exportDir.resolve("ana-sign-ins.csv");
    WaitForAsyncUtils.asyncFx(() -> model.exportCsv(csv)).get(5, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> message(robot).startsWith("Exported 1 rows"));
    List<String> lines = Files.readAllLines(csv);
    assertEquals("sequence,at,user_id,username,action,target,case_number,reason,detail,hash", lines.get(0));
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).contains(",ana,SIGNED_IN,user:"), lines.get(1));

    robot.clickOn("#audit-verify");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.chainProperty().get() != null);
    assertTrue(model.chainProperty().get().intact());

    long tampered = model.rows().get(0).sequence();
    // A tamperer with access to the database file, not through the broker.
    try (Connection database = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("watchfloor")
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
        PreparedStatement update = database.prepareStatement("UPDATE audit_log SET detail = 'nothing happened here' WHERE sequence = ?")) {
      update.setLong(1, tampered);
      assertEquals(1, update.executeUpdate());
    }
    robot.clickOn("#audit-verify");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !model.chainProperty().get().intact());
    WaitForAsyncUtils.waitForFxEvents();
    String banner = robot.lookup("#audit-chain").queryAs(Label.class).getText();
    assertTrue(banner.startsWith("CHAIN BROKEN at row " + tampered + ": row " + tampered + " hash does not match its content"), banner);
    TableView<?> table = robot.lookup("#audit-table").queryAs(TableView.class);
    assertEquals(tampered, ((AuditRecord) table.getSelectionModel().getSelectedItem()).sequence());
  }

  private static String message(FxRobot robot) {
    return robot.lookup("#admin-message").queryAs(Label.class).getText();
  }
}
