package org.watchfloor.client.mapedit;

import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.watchfloor.client.map.CameraStyle;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.net.Layer;

/**
 * The map's edit bar, for admins: the edit-mode switch, and in edit mode the palette of kinds to
 * drag onto the map, what is selected, the bulk actions on it, undo and redo, the layer locks and
 * the outcome of the last step.
 */
final class EditToolbar extends VBox {

  /** Kinds the palette offers: private cameras are registered by their owners, who give the consent. */
  private static final List<CameraType> PLACEABLE = List.of(CameraType.TRAFFIC, CameraType.CITY_CCTV, CameraType.LPR);

  EditToolbar(MapEditor editor, MapPane pane) {
    getStyleClass().add("map-edit-bar");
    ToggleButton edit = new ToggleButton("Edit map");
    edit.setId("edit-mode");
    edit.setTooltip(new Tooltip("Edit mode: move and aim cameras, select and change many at once"));
    edit.selectedProperty().bindBidirectional(editor.editingProperty());
    visibleProperty().bind(editor.allowedProperty());
    managedProperty().bind(visibleProperty());

    HBox palette = new HBox(4, new Label("Drag onto the map:"));
    for (CameraType type : PLACEABLE) {
      Label kind = new Label(type.label(), new Circle(5, CameraStyle.color(type)));
      kind.getStyleClass().add("map-edit-kind");
      kind.setId("palette-" + type.name());
      kind.setOnDragDetected(event -> {
        ClipboardContent content = new ClipboardContent();
        content.putString(MapEditing.PALETTE_PREFIX + type.name());
        kind.startDragAndDrop(TransferMode.COPY).setContent(content);
        event.consume();
      });
      palette.getChildren().add(kind);
    }

    Label selected = new Label();
    selected.setId("selection-count");
    selected.textProperty().bind(Bindings.createStringBinding(
        () -> editor.selectionProperty().get().size() + " selected", editor.selectionProperty()));

    MenuButton ofKind = new MenuButton("All of a kind in view");
    for (CameraType type : CameraType.values()) {
      MenuItem item = new MenuItem(type.label());
      item.setOnAction(event -> editor.selectAllOfTypeIn(type, view(pane)));
      ofKind.getItems().add(item);
    }

    ComboBox<Layer> layer = new ComboBox<>(pane.model().layers());
    layer.setId("bulk-layer");
    layer.setPromptText("Layer");
    layer.setCellFactory(list -> new LayerCell());
    layer.setButtonCell(new LayerCell());
    Button addToLayer = new Button("Add to layer");
    addToLayer.setId("add-to-layer");
    addToLayer.setOnAction(event -> Optional.ofNullable(layer.getValue()).ifPresent(chosen -> editor.addSelectionToLayer(chosen.id())));
    Button removeFromLayer = new Button("Remove from layer");
    removeFromLayer.setId("remove-from-layer");
    removeFromLayer.setOnAction(event -> Optional.ofNullable(layer.getValue()).ifPresent(chosen -> editor.removeSelectionFromLayer(chosen.id())));
    Button delete = new Button("Delete…");
    delete.setId("delete-selection");
    delete.setOnAction(event -> confirmDelete(editor));
    for (Button needsSelection : List.of(addToLayer, removeFromLayer, delete)) {
      needsSelection.disableProperty().bind(Bindings.createBooleanBinding(() -> editor.selectionProperty().get().isEmpty(),
          editor.selectionProperty()));
    }

    Button undo = new Button("Undo");
    undo.setId("undo");
    undo.setTooltip(new Tooltip("Ctrl+Z"));
    undo.setOnAction(event -> editor.undo());
    undo.disableProperty().bind(editor.undoCountProperty().isEqualTo(0));
    Button redo = new Button("Redo");
    redo.setId("redo");
    redo.setTooltip(new Tooltip("Ctrl+Shift+Z"));
    redo.setOnAction(event -> editor.redo());
    redo.disableProperty().bind(editor.redoCountProperty().isEqualTo(0));

    MenuButton locks = new MenuButton("Locks");
    locks.setId("layer-locks");
    locks.setTooltip(new Tooltip("Cameras of a locked layer are not changed in edit mode"));
    pane.model().layers().addListener((ListChangeListener<Layer>) change -> fillLocks(locks, editor, pane));
    editor.lockedLayers().addListener((SetChangeListener<String>) change -> locks.getItems()
        .forEach(item -> ((CheckMenuItem) item).setSelected(editor.lockedLayers().contains((String) item.getUserData()))));
    fillLocks(locks, editor, pane);

    Label message = new Label();
    message.setId("edit-message");
    message.getStyleClass().add("map-edit-message");
    message.textProperty().bind(editor.tasks().messageProperty());
    message.setWrapText(true);
    message.setMaxWidth(900);

    FlowPane tools = new FlowPane(8, 6, palette, selected, ofKind, layer, addToLayer, removeFromLayer, delete, undo, redo, locks);
    tools.setPrefWrapLength(900);
    tools.visibleProperty().bind(editor.editingProperty());
    tools.managedProperty().bind(tools.visibleProperty());
    message.visibleProperty().bind(editor.editingProperty());
    message.managedProperty().bind(message.visibleProperty());
    setSpacing(6);
    getChildren().addAll(edit, tools, message);
  }

  /** The map's window as a box on the ground. */
  private static GeoBox view(MapPane pane) {
    var northWest = pane.mapView().getMapPosition(0, 0);
    var southEast = pane.mapView().getMapPosition(pane.getWidth(), pane.getHeight());
    return new GeoBox(southEast.getLatitude(), northWest.getLongitude(), northWest.getLatitude(), southEast.getLongitude());
  }

  private static void fillLocks(MenuButton locks, MapEditor editor, MapPane pane) {
    locks.getItems().clear();
    for (Layer layer : pane.model().layers()) {
      CheckMenuItem item = new CheckMenuItem(layer.name());
      item.setUserData(layer.id());
      item.setSelected(editor.lockedLayers().contains(layer.id()));
      item.selectedProperty().addListener((observable, before, locked) -> {
        if (locked) {
          editor.lockedLayers().add(layer.id());
        } else {
          editor.lockedLayers().remove(layer.id());
        }
      });
      locks.getItems().add(item);
    }
  }

  /** Asks for a reason, naming how many cameras go, before deleting the selection. */
  private static void confirmDelete(MapEditor editor) {
    int count = editor.selectionProperty().get().size();
    Dialog<String> dialog = new Dialog<>();
    dialog.setTitle("Delete cameras");
    dialog.setHeaderText("Delete " + count + (count == 1 ? " camera" : " cameras") + "? They leave every layer and the directory; "
        + "Undo makes them again, with the stream addresses the broker keeps for 30 days.");
    TextField reason = new TextField();
    reason.setId("delete-reason");
    reason.setPromptText("Why (kept in the audit log)");
    dialog.getDialogPane().setContent(reason);
    ButtonType confirm = new ButtonType("Delete " + count, ButtonType.OK.getButtonData());
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, confirm);
    dialog.getDialogPane().lookupButton(confirm).disableProperty().bind(reason.textProperty().isEmpty());
    dialog.setResultConverter(button -> button == confirm ? reason.getText().trim() : null);
    dialog.showAndWait().filter(text -> !text.isBlank()).ifPresent(editor::deleteSelection);
  }

  private static final class LayerCell extends ListCell<Layer> {
    @Override
    protected void updateItem(Layer layer, boolean empty) {
      super.updateItem(layer, empty);
      setText(empty || layer == null ? null : layer.name());
    }
  }
}
