package org.watchfloor.client.alert;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.HotlistHit;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.NearbyCameras;
import org.watchfloor.client.net.ViewPurpose;

/**
 * The alerts panel: new and escalated incidents and hotlist hits, newest first, with a badge of the
 * unseen ones and a sound switch (off at first). Opening an alert shows what it is about; "Show on
 * wall" flies the map there and fills the wall with the nearest cameras the broker allows for the
 * alert's case, and lists the Level 1 cameras nearby whose owners can be asked for footage.
 */
public final class AlertPanel extends VBox {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss").withZone(ZoneId.systemDefault());

  private final AlertList model;
  private final AlertActions actions;
  private final ListView<Alert> list = new ListView<>();
  private final Label title = new Label();
  private final GridPane facts = new GridPane();
  private final TextField caseNumber = new TextField();
  private final Button showOnWall = new Button("Show on wall");
  private final Label answer = new Label();
  private final Label registeredHeading = new Label("Level 1 cameras nearby: footage by request");
  private final ListView<Camera> registered = new ListView<>();
  private final Button requestFootage = new Button("Request footage…");
  private final Button exportEvidence = new Button("Export evidence…");
  private final VBox details = new VBox(6);
  private final Button replay = new Button("Replay…");
  private java.util.function.Consumer<Incident> replayer;

  public AlertPanel(AlertList model, AlertActions actions) {
    this.model = model;
    this.actions = actions;
    getStyleClass().addAll("side-panel", "alert-panel");
    setSpacing(6);
    setPadding(new Insets(10));

    Label heading = new Label("Alerts");
    heading.getStyleClass().add("panel-heading");
    Label badge = new Label();
    badge.getStyleClass().add("alert-badge");
    badge.textProperty().bind(model.unseenProperty().asString());
    badge.visibleProperty().bind(model.unseenProperty().greaterThan(0));
    ToggleButton sound = new ToggleButton();
    sound.selectedProperty().bindBidirectional(model.soundOnProperty());
    sound.textProperty().bind(Bindings.when(sound.selectedProperty()).then("Sound on").otherwise("Sound off"));
    Button allSeen = new Button("Mark all seen");
    allSeen.setOnAction(event -> model.markAllSeen());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox header = new HBox(6, heading, badge, gap, sound, allSeen);
    header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

    list.setItems(model.alerts());
    list.setPlaceholder(wrapped("No alerts yet: new and escalated incidents and hotlist hits appear here."));
    list.setCellFactory(view -> new AlertCell());
    list.getSelectionModel().selectedItemProperty().addListener((observable, before, alert) -> model.selectedProperty().set(alert));
    model.unseenProperty().addListener((observable, before, after) -> list.refresh());
    list.setMinHeight(140);
    VBox.setVgrow(list, Priority.ALWAYS);

    title.getStyleClass().add("details-name");
    title.setWrapText(true);
    title.setMinHeight(Region.USE_PREF_SIZE);
    ColumnConstraints names = new ColumnConstraints();
    names.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    facts.getColumnConstraints().setAll(names, values);
    facts.setHgap(8);
    facts.setVgap(2);
    caseNumber.setPromptText("Case number (required)");
    showOnWall.setDefaultButton(true);
    showOnWall.setMaxWidth(Double.MAX_VALUE);
    showOnWall.setOnAction(event -> showOnWall());
    answer.setWrapText(true);
    answer.setMinHeight(Region.USE_PREF_SIZE);
    answer.getStyleClass().add("details-answer");
    registeredHeading.getStyleClass().add("panel-heading");
    registered.setPrefHeight(120);
    registered.setMinHeight(90);
    registered.setCellFactory(view -> new ListCell<>() {
      @Override
      protected void updateItem(Camera camera, boolean empty) {
        super.updateItem(camera, empty);
        setText(empty || camera == null ? null : camera.name() + (camera.address().isEmpty() ? "" : " — " + camera.address()));
      }
    });
    requestFootage.setMaxWidth(Double.MAX_VALUE);
    requestFootage.disableProperty().bind(registered.getSelectionModel().selectedItemProperty().isNull());
    requestFootage.setOnAction(event -> {
      Alert alert = model.selectedProperty().get();
      Camera camera = registered.getSelectionModel().getSelectedItem();
      if (alert != null && camera != null) {
        actions.requestFootage(camera, purpose(alert));
      }
    });
    exportEvidence.setId("alert-export-evidence");
    exportEvidence.setMaxWidth(Double.MAX_VALUE);
    exportEvidence.setOnAction(event -> {
      Alert alert = model.selectedProperty().get();
      if (alert != null) {
        alert.incident().ifPresent(actions::exportEvidence);
      }
    });
    actions.mayExportEvidence().addListener((observable, before, may) -> showAlert(model.selectedProperty().get()));
    model.selectedProperty().addListener((observable, before, alert) -> showAlert(alert));
    getChildren().addAll(header, list, details);
    showAlert(null);
  }

  /** Offers "Replay…" on an incident's alert: {@code opener} opens the incident's synchronized replay. */
  public void offerReplay(java.util.function.Consumer<Incident> opener) {
    replayer = opener;
    showAlert(model.selectedProperty().get());
  }

  private void showAlert(Alert alert) {
    registered.getItems().clear();
    answer.setText("");
    if (alert == null) {
      details.getChildren().setAll(new Label("Open an alert to see it and follow it on the wall."));
      return;
    }
    if (list.getSelectionModel().getSelectedItem() != alert) {
      list.getSelectionModel().select(alert);
    }
    title.setText(alert.headline());
    facts.getChildren().clear();
    alert.hit().ifPresent(hit -> factsOf(hit, alert));
    alert.incident().ifPresent(this::factsOf);
    caseNumber.setText(alert.purpose().caseNumber());
    showOnWall.setDisable(alert.place().isEmpty());
    if (alert.place().isEmpty()) {
      show("The reader of this hit is not in the directory, so there is no place to show.", "state-waiting");
    }
    details.getChildren().setAll(title, facts, caseNumber, showOnWall, answer);
    if (replayer != null && alert.incident().isPresent()) {
      replay.setOnAction(event -> replayer.accept(alert.incident().get()));
      details.getChildren().add(details.getChildren().indexOf(showOnWall) + 1, replay);
    }
    if (alert.incident().isPresent() && actions.mayExportEvidence().get()) {
      details.getChildren().add(exportEvidence);
    }
  }

  private void factsOf(HotlistHit hit, Alert alert) {
    fact("Reader", alert.reader().map(Camera::name).orElse("unknown") + " (" + hit.readerId() + ")");
    fact("Plate", (hit.plateRegion().isEmpty() ? "" : hit.plateRegion().replace("US-", "") + " ") + hit.plate());
    fact("Time", DAY_TIME.format(hit.at()));
    fact("Vehicle", hit.vehicleDescription().isEmpty() ? "not described" : hit.vehicleDescription());
    fact("Hotlist", hit.hotlist());
    fact("Case", hit.caseNumber().isEmpty() ? "none given" : hit.caseNumber());
  }

  private void factsOf(Incident incident) {
    fact("CAD", incident.cadNumber());
    fact("Type", incident.type() + ", " + incident.priority());
    fact("Where", incident.address().isEmpty() ? "no address" : incident.address());
    fact("Opened", DAY_TIME.format(incident.openedAt()));
    fact("Summary", incident.summary());
  }

  private void fact(String name, String value) {
    Label label = new Label(name);
    label.getStyleClass().add("fact-name");
    Label text = new Label(value);
    text.setWrapText(true);
    text.setMinHeight(Region.USE_PREF_SIZE);
    int row = facts.getRowCount();
    facts.addRow(row, label, text);
  }

  private ViewPurpose purpose(Alert alert) {
    ViewPurpose given = alert.purpose();
    return new ViewPurpose(caseNumber.getText(), given.incidentId(), given.reason());
  }

  private static Label wrapped(String text) {
    Label label = new Label(text);
    label.setWrapText(true);
    return label;
  }

  private void showOnWall() {
    Alert alert = model.selectedProperty().get();
    if (alert == null || alert.place().isEmpty()) {
      return;
    }
    ViewPurpose purpose = purpose(alert);
    if (!purpose.hasCase()) {
      show("Give the case number: every view serves a case, and the broker audits it.", "state-waiting");
      return;
    }
    double[] place = alert.place().get();
    show("Finding the cameras the broker allows near it…", "state-waiting");
    showOnWall.setDisable(true);
    CompletableFuture.supplyAsync(() -> actions.findNearby(place[0], place[1], purpose))
        .whenComplete((nearby, error) -> Platform.runLater(() -> {
          showOnWall.setDisable(false);
          if (model.selectedProperty().get() != alert) {
            return; // the analyst opened another alert meanwhile
          }
          if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            show(cause instanceof BrokerRefusal ? cause.getMessage() : "The broker did not answer: " + cause.getMessage(), "state-bad");
            return;
          }
          followed(place, purpose, nearby);
        }));
  }

  private void followed(double[] place, ViewPurpose purpose, NearbyCameras nearby) {
    List<Camera> wall = nearby.viewable();
    actions.showOnWall(place[0], place[1], purpose, wall);
    show(wall.isEmpty()
        ? "No camera within " + Math.round(AlertFollowing.SEARCH_RADIUS_METERS / 1000) + " km may be viewed live for case "
            + purpose.caseNumber() + "; the wall is unchanged."
        : wall.size() + " nearest camera" + (wall.size() == 1 ? "" : "s") + " on the wall for case " + purpose.caseNumber() + ".",
        wall.isEmpty() ? "state-waiting" : "state-good");
    registered.getItems().setAll(nearby.registered());
    details.getChildren().removeAll(registeredHeading, registered, requestFootage); // shown again on a second press
    if (!nearby.registered().isEmpty()) {
      details.getChildren().addAll(registeredHeading, registered, requestFootage);
    }
  }

  private void show(String text, String style) {
    answer.setText(text);
    answer.getStyleClass().setAll("label", "details-answer", style);
  }

  /** Time and headline; unseen alerts stand out until opened. */
  private final class AlertCell extends ListCell<Alert> {
    @Override
    protected void updateItem(Alert alert, boolean empty) {
      super.updateItem(alert, empty);
      getStyleClass().removeAll("alert-unseen", "alert-hit", "alert-incident");
      if (empty || alert == null) {
        setText(null);
        return;
      }
      setText(TIME.format(alert.at()) + "  " + alert.kind().label() + "\n" + alert.summary());
      getStyleClass().add(alert.kind() == Alert.Kind.HOTLIST_HIT ? "alert-hit" : "alert-incident");
      if (model.isUnseen(alert)) {
        getStyleClass().add("alert-unseen");
      }
    }
  }
}
