package org.watchfloor.client.map;

import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.ui.CalmText;
import org.watchfloor.client.ui.CameraTransfer;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.Layer;

/**
 * The left panel: find a camera by name or address, and show or hide camera types and layers.
 * Picking a search result selects it and centres the map on it.
 */
public final class LayersPanel extends VBox {

  private static final java.text.NumberFormat COUNT = java.text.NumberFormat.getIntegerInstance(java.util.Locale.US);

  /** Search results shown at most. */
  static final int RESULTS = 200;

  private final CameraMapModel model;
  private final TextField search = new TextField();
  private final ListView<Camera> results = new ListView<>();
  private final VBox typeToggles = new VBox(4);
  private final VBox layerToggles = new VBox(4);

  public LayersPanel(CameraMapModel model, java.util.function.Consumer<Camera> show) {
    this.model = model;
    getStyleClass().add("side-panel");
    setSpacing(8);
    setPadding(new Insets(10));
    setPrefWidth(280);

    search.setPromptText("Find a camera (Ctrl+F)");
    search.textProperty().addListener((observable, before, text) -> refreshResults());
    results.setPlaceholder(new Label("No camera matches"));
    results.setCellFactory(list -> new ListCell<>() {
      {
        setOnDragDetected(event -> {
          if (getItem() != null) {
            CameraTransfer.offer(this, getItem());
          }
        });
      }

      @Override
      protected void updateItem(Camera camera, boolean empty) {
        super.updateItem(camera, empty);
        setText(empty || camera == null ? null : camera.name() + (camera.address().isEmpty() ? "" : " — " + camera.address()));
        setGraphic(empty || camera == null ? null : new Circle(5, CameraStyle.color(camera.type())));
      }
    });
    results.getSelectionModel().selectedItemProperty().addListener((observable, before, camera) -> {
      if (camera != null) {
        model.selectedProperty().set(camera);
        show.accept(camera);
      }
    });
    results.setPrefHeight(180);
    results.setVisible(false);
    results.managedProperty().bind(results.visibleProperty());

    for (CameraType type : CameraType.values()) {
      CheckBox toggle = new CheckBox(type.label());
      toggle.setSelected(true);
      toggle.setGraphic(new Circle(5, CameraStyle.color(type)));
      toggle.selectedProperty().addListener((observable, before, shown) -> {
        if (shown) {
          model.hiddenTypes().remove(type);
        } else {
          model.hiddenTypes().add(type);
        }
      });
      // A restored workspace hides types too: the box follows the model.
      model.hiddenTypes().addListener((SetChangeListener<CameraType>) change -> toggle.setSelected(!model.hiddenTypes().contains(type)));
      CalmText.follow(toggle.textProperty(), () -> type.label() + "  " + COUNT.format(model.countProperty(type).get()),
          model.countProperty(type));
      typeToggles.getChildren().add(toggle);
    }
    model.layers().addListener((ListChangeListener<Layer>) change -> rebuildLayers());
    model.hiddenLayers().addListener((SetChangeListener<String>) change -> layerToggles.getChildren()
        .forEach(toggle -> ((CheckBox) toggle).setSelected(!model.hiddenLayers().contains((String) toggle.getUserData()))));

    Label types = new Label("Camera types");
    types.getStyleClass().add("panel-heading");
    Label layers = new Label("Layers");
    layers.getStyleClass().add("panel-heading");
    VBox.setVgrow(layerToggles, Priority.ALWAYS);
    getChildren().addAll(search, results, types, typeToggles, layers, layerToggles);
  }

  public void focusSearch() {
    search.requestFocus();
    search.selectAll();
  }

  /** Searches the cameras held, or the broker's directory when only the view's are held (off the FX thread). */
  private void refreshResults() {
    String text = search.getText().trim();
    results.setVisible(!text.isEmpty());
    if (text.isEmpty() || !model.partial()) {
      results.getItems().setAll(text.isEmpty() ? java.util.List.of() : model.search(text, RESULTS));
      return;
    }
    CompletableFuture.supplyAsync(() -> model.searchDirectory(text)).whenComplete((found, error) -> Platform.runLater(() -> {
      if (text.equals(search.getText().trim())) {
        results.setPlaceholder(new Label(error == null ? "No camera matches" : "The broker did not answer the search"));
        results.getItems().setAll(error == null ? found : java.util.List.of());
      }
    }));
  }

  private void rebuildLayers() {
    layerToggles.getChildren().clear();
    for (Layer layer : model.layers()) {
      CheckBox toggle = new CheckBox(layer.name() + "  " + layer.cameraCount());
      toggle.setSelected(!model.hiddenLayers().contains(layer.id()));
      toggle.setUserData(layer.id());
      toggle.setGraphic(LayerIcon.of(layer.icon(), layer.color()));
      // A long name gives up its middle, not the count at its end; the tooltip tells it whole.
      toggle.setTextOverrun(OverrunStyle.CENTER_WORD_ELLIPSIS);
      toggle.setTooltip(new Tooltip(layer.description().isEmpty() ? layer.name() : layer.name() + " — " + layer.description()));
      toggle.selectedProperty().addListener((observable, before, shown) -> {
        if (shown) {
          model.hiddenLayers().remove(layer.id());
        } else {
          model.hiddenLayers().add(layer.id());
        }
      });
      layerToggles.getChildren().add(toggle);
    }
  }
}
