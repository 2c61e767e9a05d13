package org.watchfloor.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
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
import org.watchfloor.client.net.ImportedRecord;

/** The import wizard against a real broker, from a city's CSV with its own column names to stored cameras. */
@ExtendWith(ApplicationExtension.class)
class ImportWizardTest {

  private static final String CITY_CSV = """
      ID,CameraName,Lat,Long,Owner,Facing,Where
      C-101,Main St & 5th,38.04712,-84.49731,City of Lexington,90,Main St at 5th St
      C-102,Rose St Garage,38.03911,-84.50302,City of Lexington,270,Rose St Garage level 2
      C-103,Bad coordinates,138.1,-84.49412,LFUCG Traffic,,nowhere
      """;

  @TempDir Path dataDir;
  @TempDir Path files;
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
  void aCityCsvWhoseHeadersAreNotOursIsMappedCheckedInADryRunAndImported(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    admin = broker.connect("ada");
    Path csv = files.resolve("lexington-cameras.csv");
    Files.writeString(csv, CITY_CSV);
    int before = broker.broker().cameras().size();
    ImportWizard model = new ImportWizard(admin);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new ImportWizardView(model), 1400, 900));
      stage.show();
      stage.requestFocus();
      model.loadLayers();
      model.choose(csv);
    }).get(60, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.fileFields().size() == 7 && !model.layers().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals("latitude", model.mapping().get("Lat"));
    assertEquals("name", model.mapping().get("CameraName"));
    assertEquals("", model.mapping().get("Where"), "no guess for a name nobody uses");
    assertEquals("latitude", robot.lookup("#map-Lat").queryAs(javafx.scene.control.ComboBox.class).getValue(), "the guess is shown");

    robot.clickOn("#map-Where").write("address").type(KeyCode.ENTER);
    WaitForAsyncUtils.asyncFx(() -> model.layerProperty().set(model.layers().get(0))).get(5, TimeUnit.SECONDS);
    robot.clickOn("#import-dry-run");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.reportProperty().get() != null);
    List<ImportedRecord> records = model.reportProperty().get().records();
    assertEquals(List.of(ImportedRecord.Outcome.NEW, ImportedRecord.Outcome.NEW, ImportedRecord.Outcome.REJECTED),
        records.stream().map(ImportedRecord::outcome).toList());
    assertEquals(4, records.get(2).index(), "the CSV line of the bad record");
    assertTrue(records.get(2).issues().get(0).startsWith("error latitude: "), records.get(2).issues().toString());
    assertEquals(before, broker.broker().cameras().size(), "a dry run stores nothing");

    robot.clickOn("#import-commit");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.reportProperty().get() != null && !model.reportProperty().get().dryRun());
    assertEquals(before + 2, broker.broker().cameras().size());
    var stored = broker.broker().cameras().get(model.reportProperty().get().records().get(0).cameraId()).orElseThrow();
    assertEquals("Main St & 5th", stored.getName());
    assertEquals("Main St at 5th St", stored.getAddress());
    assertEquals("City of Lexington", stored.getOperator());
    assertEquals("C-101", stored.getProvenance().getSourceRecordId());
    assertTrue(stored.getLayerIdsList().contains(model.layers().get(0).id()));
  }
}
