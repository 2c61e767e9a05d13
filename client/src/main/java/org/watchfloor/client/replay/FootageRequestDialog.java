package org.watchfloor.client.replay;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyCameras;
import org.watchfloor.client.net.ViewPurpose;

/**
 * Asks the owner of a registered (Level 1) camera near the replayed incident for its footage of
 * the replay's window: the center never sees such a camera, so a request by e-mail is the only
 * way to its video. The broker finds the cameras, sends the request and audits it; the request
 * then shows in the time axis's footage-request row with its state.
 */
public final class FootageRequestDialog {

  private static final DateTimeFormatter LINK_EXPIRY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT);
  /** How many nearby cameras the broker is asked for. */
  private static final int NEARBY_LIMIT = 16;

  private final Stage stage = new Stage();
  private final Replay replay;
  private final IncidentTimeline timeline;
  private final ComboBox<Camera> camera = new ComboBox<>();
  private final TextField caseNumber = new TextField();
  private final TextField reason = new TextField();
  private final Label answer = new Label();
  private final Button send = new Button("Send footage request");

  private FootageRequestDialog(Replay replay, Window owner, String stylesheet) {
    this.replay = replay;
    this.timeline = replay.timeline();
    Incident incident = timeline.incident();
    camera.setId("footage-camera");
    camera.setCellFactory(list -> cameraCell());
    camera.setButtonCell(cameraCell());
    camera.setMaxWidth(Double.MAX_VALUE);
    camera.setPromptText("Looking for registered cameras…");
    caseNumber.setId("footage-case");
    caseNumber.setText(replay.purpose().caseNumber());
    reason.setId("footage-reason");
    reason.setText(incident.type() + " at " + incident.address());
    answer.setText("Asking the broker for registered (Level 1) cameras within " + Math.round(timeline.radiusMeters()) + " m…");

    GridPane fields = ReplayDialogs.fields();
    fields.addRow(0, new Label("Window"), new Label(replay.formatTime(timeline.windowStart()) + " to "
        + replay.formatTime(timeline.windowEnd()) + "  (" + replay.zone().getId() + ")"));
    fields.addRow(1, new Label("Camera"), camera);
    fields.addRow(2, new Label("Case"), caseNumber);
    fields.addRow(3, new Label("Reason"), reason);

    send.setId("footage-send");
    send.setDisable(true);
    send.setOnAction(event -> submit());
    ReplayDialogs.layOut(stage, owner, stylesheet, "footage-request-dialog", fields, answer, send, "Close", 560, 280);
    stage.setTitle("Request footage · " + incident.cadNumber());
  }

  /** Opens the dialog for the replay's incident and window, and looks for the cameras nearby. FX thread. */
  public static FootageRequestDialog open(Replay replay, Window owner, String stylesheet) {
    FootageRequestDialog dialog = new FootageRequestDialog(replay, owner, stylesheet);
    dialog.stage.show();
    dialog.findCameras();
    return dialog;
  }

  public Stage stage() {
    return stage;
  }

  /** What the dialog says now: the cameras found, the broker's answer or its refusal. */
  public String answer() {
    return answer.getText();
  }

  private void findCameras() {
    Incident incident = timeline.incident();
    ViewPurpose purpose = replay.purpose();
    replay.background(() -> {
      try {
        NearbyCameras nearby = replay.broker().orElseThrow().findViewableCameras(incident.latitude(), incident.longitude(), timeline.radiusMeters(), purpose, NEARBY_LIMIT);
        replay.fx(() -> {
          camera.getItems().setAll(nearby.registered());
          if (nearby.registered().isEmpty()) {
            camera.setPromptText("None");
            answer.setText("No registered (Level 1) camera within " + Math.round(timeline.radiusMeters()) + " m of the incident.");
            return;
          }
          camera.setValue(nearby.registered().get(0));
          send.setDisable(false);
          answer.setText(nearby.registered().size() + " registered camera" + (nearby.registered().size() == 1 ? "" : "s")
              + " nearby, nearest first. The owner is asked by e-mail and shares or declines through a link.");
        });
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> answer.setText("The broker refused: " + refusal.getMessage()));
      }
    });
  }

  private void submit() {
    Camera chosen = camera.getValue();
    if (chosen == null) {
      answer.setText("Camera: choose the camera whose owner is asked.");
      return;
    }
    ViewPurpose purpose = new ViewPurpose(caseNumber.getText().strip(), timeline.incident().id(), reason.getText().strip());
    Instant start = timeline.windowStart();
    Instant end = timeline.windowEnd();
    // One key per press: pressing again asks again, a retry of the same press does not.
    String key = UUID.randomUUID().toString();
    answer.setText("Sending…");
    ReplayDialogs.ask(replay, answer, send, () -> replay.broker().orElseThrow().requestFootage(chosen.id(), start, end, purpose, key), sent -> {
      answer.setText("Sent: the owner of " + chosen.name() + " is asked by e-mail (request " + sent.requestId()
          + "; their link works until " + LINK_EXPIRY.format(sent.linkExpiresAt().atZone(replay.zone())) + "). It shows in the footage-request row.");
      replay.marks().refresh();
    });
  }

  private static ListCell<Camera> cameraCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(Camera item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? "" : item.name() + (item.address().isEmpty() ? "" : " · " + item.address()));
      }
    };
  }
}
