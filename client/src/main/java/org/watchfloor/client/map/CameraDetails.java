package org.watchfloor.client.map;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.LiveTicket;

/**
 * The right panel: the selected camera's details, owner level and consent state, and its actions.
 * "View live" asks the broker for a ticket for the case typed here and shows the broker's answer.
 */
public final class CameraDetails extends VBox {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Label name = new Label();
  private final Label type = new Label();
  private final Label address = new Label();
  private final Label operator = new Label();
  private final Label consent = new Label();
  private final Label health = new Label();
  private final TextField caseNumber = new TextField();
  private final Button viewLive = new Button("View live");
  private final Label answer = new Label();
  private Camera shown;

  /** {@code openLive} asks the broker (off the FX thread): camera id and case number to a ticket. */
  public CameraDetails(CameraMapModel model, BiFunction<String, String, LiveTicket> openLive) {
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
    caseNumber.setPromptText("Case number (required to view)");
    viewLive.setDefaultButton(true);
    viewLive.setOnAction(event -> {
      Camera camera = shown;
      String forCase = caseNumber.getText().trim();
      if (camera == null) {
        return;
      }
      if (forCase.isEmpty()) {
        show("Give the case number this view serves: every view is audited with it.", "state-waiting");
        return;
      }
      show("Asking the broker…", "state-waiting");
      CompletableFuture.supplyAsync(() -> openLive.apply(camera.id(), forCase))
          .whenComplete((ticket, error) -> Platform.runLater(() -> {
            if (error == null) {
              show("Live ticket issued (session " + ticket.sessionId() + ", " + ticket.profile() + " stream, valid until "
                  + TIME.format(ticket.expiresAt()) + "). The video wall plays tickets once it is part of this client.", "state-good");
            } else {
              Throwable cause = error.getCause() != null ? error.getCause() : error;
              show(cause instanceof BrokerRefusal ? cause.getMessage() : "The broker did not answer: " + cause.getMessage(), "state-bad");
            }
          }));
    });
    Label empty = new Label("Select a camera on the map or in the search results.");
    empty.setWrapText(true);
    getChildren().add(empty);
    model.selectedProperty().addListener((observable, before, camera) -> showCamera(camera, empty));
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
    viewLive.setDisable(!camera.hasVideo() || camera.type() == CameraType.REGISTERED);
    if (camera.type() == CameraType.REGISTERED && !sameCamera) {
      show("Registered (Level 1): the center never sees this camera live. Footage comes only when its owner answers a footage request.", "state-waiting");
    } else if (!camera.hasVideo() && !sameCamera) {
      show("This camera has no video stream (a plate reader reports reads, not video).", "state-waiting");
    }
    getChildren().setAll(name, type, address, operator, consent, health, caseNumber, viewLive, answer);
  }
}
