package org.watchfloor.client.wall;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.ViewPurpose;

/**
 * Above a wall: its layout, the case its views serve (required, audited with every view) and the
 * incident, if any (an owner who shares only during a nearby emergency needs it), and whatever
 * the window adds (workspace actions). It wraps onto a second row rather than holding the wall
 * wide: the map beside the wall may take most of the screen.
 */
public final class WallToolbar extends FlowPane {

  private final Wall wall;
  private final TextField caseNumber = new TextField();
  private final ComboBox<Incident> incident = new ComboBox<>();
  /** True while the toolbar shows the wall's purpose: those changes are not the analyst's. */
  private boolean showing;

  public WallToolbar(Wall wall, ObservableMap<String, Incident> incidents, Node... extra) {
    this.wall = wall;
    getStyleClass().add("wall-toolbar");
    setAlignment(Pos.CENTER_LEFT);

    ComboBox<WallLayout> layout = new ComboBox<>();
    layout.getItems().setAll(WallLayout.values());
    layout.valueProperty().bindBidirectional(wall.layoutProperty());
    layout.setTooltip(new Tooltip("Wall layout (Ctrl+1 … Ctrl+5 for the grids)"));

    caseNumber.setPromptText("Case number (audited with every view)");
    caseNumber.setPrefColumnCount(12);
    caseNumber.setOnAction(event -> apply());
    caseNumber.focusedProperty().addListener((observable, before, focused) -> {
      if (!focused) {
        apply();
      }
    });

    incident.setPromptText("No incident");
    incident.setButtonCell(incidentCell());
    incident.setCellFactory(list -> incidentCell());
    incidents.addListener((MapChangeListener<String, Incident>) change -> refreshIncidents(incidents));
    refreshIncidents(incidents);
    incident.setOnAction(event -> {
      Incident chosen = incident.getValue();
      if (!showing && chosen != null && caseNumber.getText().isBlank()) {
        caseNumber.setText(chosen.cadNumber());
      }
      apply();
    });

    wall.purposeProperty().addListener((observable, before, purpose) -> showPurpose(purpose, incidents));
    showPurpose(wall.purposeProperty().get(), incidents);

    HBox caseGroup = new HBox(new Label("Case"), caseNumber);
    caseGroup.getStyleClass().add("wall-toolbar-case");
    caseGroup.setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(layout, caseGroup, incident);
    getChildren().addAll(extra);
  }

  private void apply() {
    if (showing) {
      return;
    }
    Incident chosen = incident.getValue();
    ViewPurpose purpose = new ViewPurpose(caseNumber.getText(), chosen == null ? "" : chosen.id(), "video wall");
    if (!purpose.equals(wall.purposeProperty().get())) {
      wall.purposeProperty().set(purpose);
    }
  }

  private void showPurpose(ViewPurpose purpose, ObservableMap<String, Incident> incidents) {
    showing = true;
    if (!caseNumber.isFocused()) {
      caseNumber.setText(purpose.caseNumber());
    }
    incident.setValue(purpose.incidentId().isEmpty() ? null : incidents.get(purpose.incidentId()));
    showing = false;
  }

  private void refreshIncidents(ObservableMap<String, Incident> incidents) {
    List<Incident> open = new ArrayList<>();
    open.add(null);
    incidents.values().stream().filter(Incident::open)
        .sorted((a, b) -> Boolean.compare(b.emergency(), a.emergency()))
        .forEach(open::add);
    showing = true;
    incident.getItems().setAll(open);
    showing = false;
    // The wall's purpose says which incident is chosen, also when the incidents arrive after it.
    showPurpose(wall.purposeProperty().get(), incidents);
  }

  private static ListCell<Incident> incidentCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(Incident item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item == null ? "No incident" : item.cadNumber() + " · " + item.type() + " (" + item.priority().toLowerCase() + ")");
      }
    };
  }
}
