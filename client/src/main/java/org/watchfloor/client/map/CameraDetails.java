package org.watchfloor.client.map;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.ui.CameraTransfer;

/**
 * The right panel: the selected camera's details, owner level and consent state, and its actions:
 * "View live" puts it on the wall (which asks the broker for a ticket); "Request footage" asks a
 * private camera's owner, by e-mail, for a recorded window, for a case and a reason.
 */
public final class CameraDetails extends VBox {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(ZoneId.systemDefault());

  /** Windows an analyst asks owners for, ending now. */
  private enum FootageWindow {
    LAST_30_MINUTES("the last 30 minutes", Duration.ofMinutes(30)),
    LAST_HOUR("the last hour", Duration.ofHours(1)),
    LAST_4_HOURS("the last 4 hours", Duration.ofHours(4)),
    LAST_24_HOURS("the last 24 hours", Duration.ofHours(24));

    private final String label;
    private final Duration length;

    FootageWindow(String label, Duration length) {
      this.label = label;
      this.length = length;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final Label name = new Label();
  private final Label type = new Label();
  private final Label address = new Label();
  private final Label operator = new Label();
  private final Label consent = new Label();
  private final Label health = new Label();
  private final Button viewLive = new Button("View live on the wall");
  private final Label footageHeading = new Label("Request footage from the owner");
  private final TextField caseNumber = new TextField();
  private final TextField reason = new TextField();
  private final ComboBox<FootageWindow> window = new ComboBox<>();
  private final Button requestFootage = new Button("Send footage request");
  private final Label answer = new Label();
  private Camera shown;

  public CameraDetails(CameraMapModel model, CameraActions actions) {
    getStyleClass().add("side-panel");
    setSpacing(6);
    setPadding(new Insets(10));
    setPrefWidth(300);
    name.getStyleClass().add("details-name");
    name.setWrapText(true);
    for (Label label : new Label[] {type, address, operator, consent, health, answer}) {
      label.setWrapText(true);
    }
    answer.getStyleClass().add("details-answer");
    footageHeading.getStyleClass().add("panel-heading");
    caseNumber.setPromptText("Case number (required)");
    reason.setPromptText("Reason the owner will read (required)");
    window.getItems().setAll(FootageWindow.values());
    window.setValue(FootageWindow.LAST_HOUR);
    window.setMaxWidth(Double.MAX_VALUE);

    viewLive.setDefaultButton(true);
    viewLive.setMaxWidth(Double.MAX_VALUE);
    viewLive.setOnAction(event -> {
      if (shown != null) {
        show(actions.viewLive(shown), "state-good");
      }
    });
    // The details' name can be dragged onto a wall tile like a marker.
    name.setOnDragDetected(event -> {
      if (shown != null) {
        CameraTransfer.offer(name, shown);
      }
    });
    requestFootage.setMaxWidth(Double.MAX_VALUE);
    requestFootage.setOnAction(event -> sendFootageRequest(actions));

    Label empty = new Label("Select a camera on the map or in the search results.");
    empty.setWrapText(true);
    getChildren().add(empty);
    model.selectedProperty().addListener((observable, before, camera) -> showCamera(camera, empty));
  }

  private void sendFootageRequest(CameraActions actions) {
    Camera camera = shown;
    ViewPurpose purpose = new ViewPurpose(caseNumber.getText(), "", reason.getText().strip());
    if (camera == null) {
      return;
    }
    if (!purpose.hasCase() || purpose.reason().isEmpty()) {
      show("Give the case number and the reason: the owner reads both, and the request is audited with them.", "state-waiting");
      return;
    }
    Instant end = Instant.now();
    Instant start = end.minus(window.getValue().length);
    String key = UUID.randomUUID().toString(); // one key per click: a retried call creates nothing twice
    show("Sending the request…", "state-waiting");
    CompletableFuture.supplyAsync(() -> actions.requestFootage(camera, start, end, purpose, key))
        .whenComplete((sent, error) -> Platform.runLater(() -> {
          if (error == null) {
            show("Request " + sent.requestId() + " e-mailed to the owner for " + WHEN.format(start) + " – " + WHEN.format(end)
                + ". The link works until " + WHEN.format(sent.linkExpiresAt()) + "; the footage appears when the owner shares it.", "state-good");
          } else {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            show(cause instanceof BrokerRefusal ? cause.getMessage() : "The broker did not answer: " + cause.getMessage(), "state-bad");
          }
        }));
  }

  /** Fills in the footage request of the selected (private) camera for {@code purpose}'s case and reason. */
  public void fillFootageRequest(ViewPurpose purpose) {
    caseNumber.setText(purpose.caseNumber());
    reason.setText(purpose.reason());
  }

  private void show(String text, String style) {
    answer.setText(text);
    answer.getStyleClass().setAll("label", "details-answer", style);
  }

  private void showCamera(Camera camera, Label empty) {
    boolean sameCamera = shown != null && camera != null && shown.id().equals(camera.id());
    shown = camera;
    if (camera == null) {
      getChildren().setAll(empty);
      return;
    }
    name.setText(camera.name());
    name.setGraphic(new Circle(6, CameraStyle.color(camera.type())));
    type.setText(camera.type().label());
    address.setText(camera.address().isEmpty() ? "No address" : camera.address());
    operator.setText(camera.operator().isEmpty() ? (camera.ownerId().isEmpty() ? "" : "Owner " + camera.ownerId()) : "Operated by " + camera.operator());
    consent.setText(camera.badge().label());
    consent.setGraphic(new Circle(5, CameraStyle.badgeColor(camera.badge(), camera.online())));
    health.setText(camera.online() ? "Online" : "Offline");
    if (!sameCamera) {
      answer.setText("");
    }
    boolean isPrivate = camera.type() == CameraType.REGISTERED || camera.type() == CameraType.LIVE_SHARING;
    viewLive.setDisable(!camera.hasVideo() || camera.type() == CameraType.REGISTERED);
    if (camera.type() == CameraType.REGISTERED && !sameCamera) {
      show("Registered (Level 1): the center never sees this camera live. Footage comes only when its owner answers a footage request.", "state-waiting");
    } else if (!camera.hasVideo() && !sameCamera) {
      show("This camera has no video stream (a plate reader reports reads, not video).", "state-waiting");
    }
    getChildren().setAll(name, type, address, operator, consent, health, viewLive);
    if (isPrivate) {
      getChildren().addAll(footageHeading, window, caseNumber, reason, requestFootage);
    }
    getChildren().add(answer);
  }
}
