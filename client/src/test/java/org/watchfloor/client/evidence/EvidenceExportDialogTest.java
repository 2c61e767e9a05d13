package org.watchfloor.client.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.scene.Scene;
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
import org.watchfloor.client.net.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.server.audit.Actor;

/**
 * The export window against a real broker: the incident's bookmarked camera is offered and chosen
 * with its bookmark's window, a window typed into the future gets the broker's reason and leaves
 * nothing, and the export writes a package that verifies.
 */
@ExtendWith(ApplicationExtension.class)
class EvidenceExportDialogTest {

  @TempDir Path dataDir;
  @TempDir Path destination;
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
  void aSupervisorExportsTheBookmarkedWindowAndSeesTheBrokersReasonForABadOne(FxRobot robot) throws Exception {
    broker = DemoBroker.start(dataDir);
    supervisor = broker.connect("sam");
    org.watchfloor.proto.v1.Incident robbery = broker.broker().incidents().list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
        .filter(incident -> incident.getType().toLowerCase().contains("robbery")).findFirst().orElseThrow();
    String camera = supervisor.exportSuggestions(robbery.getId()).recorded().get(2).cameraId();
    Instant moment = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90);
    TimelineEvent bookmark = broker.broker().incidents().addBookmark(new Actor("usr-test", "sam"), robbery.getId(), moment, camera,
        "grey sedan turns east", Duration.ofSeconds(10), Duration.ofSeconds(20));
    Incident shown = new Incident(robbery.getId(), robbery.getCadNumber(), robbery.getType(), true, "EMERGENCY", robbery.getLocation().getLatitude(),
        robbery.getLocation().getLongitude(), robbery.getAddress(), robbery.getSummary(), true, Instant.now());
    ObservableMap<String, Incident> incidents = FXCollections.observableHashMap();
    incidents.put(shown.id(), shown);
    EvidenceExportForm form = new EvidenceExportForm(supervisor, ZoneId.of("America/New_York"), destination);
    WaitForAsyncUtils.asyncFx(() -> {
      stage.setScene(new Scene(new EvidenceExportDialog(form, incidents), 1100, 800));
      form.incidentProperty().set(shown);
      stage.show();
      stage.requestFocus();
    }).get(30, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !form.windows().isEmpty() && !form.busyProperty().get());

    EvidenceExportForm.WindowRow first = form.windows().get(0);
    assertEquals(camera, first.cameraId(), "the bookmarked camera comes first");
    assertTrue(first.include.get() && first.why.startsWith("bookmark: grey sedan turns east"), first.why);
    assertEquals(EvidenceExportForm.format(moment.minusSeconds(10), form.zone()), first.from.get());
    assertTrue(form.windows().stream().skip(1).noneMatch(row -> row.include.get()), "with a bookmark, only bookmarked cameras are chosen");
    assertEquals(robbery.getCadNumber(), form.caseNumberProperty().get());

    robot.clickOn("#export-reason").write("for the prosecutor");
    String to = first.to.get();
    WaitForAsyncUtils.asyncFx(() -> first.to.set(EvidenceExportForm.format(Instant.now().plusSeconds(3600), form.zone()))).get(5, TimeUnit.SECONDS);
    robot.clickOn("#export-run");
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> form.failedProperty().get() && !form.busyProperty().get());
    assertTrue(form.statusProperty().get().startsWith("The broker refused: windows[0].end: is in the future"), form.statusProperty().get());
    try (Stream<Path> left = Files.list(destination)) {
      assertEquals(0, left.count(), "a refused export leaves nothing");
    }

    WaitForAsyncUtils.asyncFx(() -> first.to.set(to)).get(5, TimeUnit.SECONDS);
    robot.clickOn("#export-run");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> form.writtenProperty().get() != null || (form.failedProperty().get() && !form.busyProperty().get()));
    assertTrue(form.writtenProperty().get() != null, form.statusProperty().get());
    ExportVerifier.Report report = ExportVerifier.verify(form.writtenProperty().get().zip(), Optional.empty());
    assertTrue(report.passed(), report.problems().toString());
    assertTrue(broker.broker().holds().list(false).stream().anyMatch(hold -> hold.getId().equals(bookmark.getHoldId())));
  }
}
