package org.watchfloor.client.admin;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.beans.property.StringProperty;
import org.watchfloor.client.map.LayerIcon;
import org.watchfloor.client.net.Layer;

/**
 * The admin's layer list beside the forms to add a layer and to rename, recolour, re-icon,
 * reorder, show or hide by default, or delete the selected one (its cameras stay).
 */
public final class LayerAdminView extends BorderPane {

  public LayerAdminView(LayerAdministration model) {
    getStyleClass().add("admin-screen");
    setCenter(table(model));
    ConflictPane conflict = new ConflictPane(model.conflictProperty(),
        shown -> shown.theirs().name() + " (revision " + shown.read().revision() + " → " + shown.theirs().revision() + ")",
        LayerAdminView::describe, model::keepTheirs, model::applyMineAgain);
    VBox forms = new VBox(conflict, addForm(model), new Separator(), selectedForm(model));
    forms.getStyleClass().add("admin-side");
    ScrollPane side = new ScrollPane(forms);
    side.setFitToWidth(true);
    side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    setRight(side);
    setBottom(UserAdminView.statusLine(model.tasks(), model::refresh));
  }

  private static TableView<Layer> table(LayerAdministration model) {
    TableView<Layer> table = new TableView<>(model.layers());
    table.setId("layers-table");
    TableColumn<Layer, String> name = UserAdminView.column("Layer", Layer::name);
    name.setCellFactory(column -> new javafx.scene.control.TableCell<>() {
      @Override
      protected void updateItem(String text, boolean empty) {
        super.updateItem(text, empty);
        Layer layer = empty ? null : getTableRow().getItem();
        setText(layer == null ? null : text);
        setGraphic(layer == null ? null : LayerIcon.of(layer.icon(), layer.color()));
      }
    });
    table.getColumns().add(name);
    table.getColumns().add(UserAdminView.column("Order", layer -> Integer.toString(layer.order())));
    table.getColumns().add(UserAdminView.column("Icon", Layer::icon));
    table.getColumns().add(UserAdminView.column("Cameras", layer -> Integer.toString(layer.cameraCount())));
    table.getColumns().add(UserAdminView.column("By default", layer -> layer.visibleByDefault() ? "shown" : "hidden"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((observable, before, layer) -> {
      if (layer != null) {
        model.selectedProperty().set(layer);
      }
    });
    model.selectedProperty().addListener((observable, before, layer) -> {
      if (table.getSelectionModel().getSelectedItem() != layer) {
        table.getSelectionModel().select(layer);
      }
    });
    return table;
  }

  private static VBox addForm(LayerAdministration model) {
    TextField name = UserAdminView.bound(new TextField(), "new-layer-name", model.newNameProperty());
    name.setPromptText("e.g. Downtown traffic");
    ColorPicker color = colorPicker("new-layer-color", model.newColorProperty());
    ComboBox<String> icon = iconBox("new-layer-icon", model.newIconProperty());
    Button add = new Button("Add layer");
    add.setId("add-layer");
    add.disableProperty().bind(model.tasks().busyProperty().or(model.newNameProperty().isEmpty()));
    add.setOnAction(event -> model.addLayer());
    GridPane fields = UserAdminView.form();
    fields.addRow(0, new Label("Name"), name);
    fields.addRow(1, new Label("Colour"), color);
    fields.addRow(2, new Label("Icon"), icon);
    return UserAdminView.section("Add a layer", fields, add);
  }

  private static VBox selectedForm(LayerAdministration model) {
    TextField name = UserAdminView.bound(new TextField(), "edit-layer-name", model.editNameProperty());
    ColorPicker color = colorPicker("edit-layer-color", model.editColorProperty());
    ComboBox<String> icon = iconBox("edit-layer-icon", model.editIconProperty());
    Spinner<Integer> order = new Spinner<>(-1000, 1000, 0);
    order.setId("edit-layer-order");
    order.setEditable(true);
    order.getValueFactory().valueProperty().bindBidirectional(model.editOrderProperty());
    CheckBox shown = new CheckBox("Shown when a workstation has no preference");
    shown.setId("edit-layer-shown");
    shown.selectedProperty().bindBidirectional(model.editShownByDefaultProperty());
    Button save = new Button("Save changes");
    save.setId("save-layer");
    save.setOnAction(event -> model.saveSelected());
    Button delete = new Button("Delete layer…");
    delete.setId("delete-layer");
    delete.getStyleClass().add("danger");
    delete.setOnAction(event -> {
      Layer layer = model.selectedProperty().get();
      Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Its " + layer.cameraCount()
          + " camera(s) stay in the directory and in their other layers.", ButtonType.CANCEL, ButtonType.OK);
      confirm.setHeaderText("Delete the layer " + layer.name() + "?");
      confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> model.deleteSelected());
    });
    for (javafx.scene.Node control : new javafx.scene.Node[] {name, color, icon, order, shown, save, delete}) {
      control.disableProperty().bind(model.selectedProperty().isNull().or(model.tasks().busyProperty()));
    }
    GridPane fields = UserAdminView.form();
    fields.addRow(0, new Label("Name"), name);
    fields.addRow(1, new Label("Colour"), color);
    fields.addRow(2, new Label("Icon"), icon);
    fields.addRow(3, new Label("Order"), order);
    fields.add(shown, 1, 4);
    Label which = new Label();
    which.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() == null
        ? "Choose a layer in the list." : model.selectedProperty().get().name(), model.selectedProperty()));
    return UserAdminView.section("Selected layer", which, fields, new HBox(8, save, delete));
  }

  /** A colour picker that edits a "#RRGGBB" text. */
  private static ColorPicker colorPicker(String id, StringProperty hex) {
    ColorPicker picker = new ColorPicker();
    picker.setId(id);
    hex.addListener((observable, before, text) -> {
      if (text != null && text.matches("#[0-9A-Fa-f]{6}") && !hex(picker.getValue()).equalsIgnoreCase(text)) {
        picker.setValue(Color.web(text));
      }
    });
    if (hex.get() != null && hex.get().matches("#[0-9A-Fa-f]{6}")) {
      picker.setValue(Color.web(hex.get()));
    }
    picker.valueProperty().addListener((observable, before, chosen) -> hex.set(hex(chosen)));
    return picker;
  }

  static String hex(Color color) {
    return String.format("#%02X%02X%02X", Math.round(color.getRed() * 255), Math.round(color.getGreen() * 255), Math.round(color.getBlue() * 255));
  }

  /** An icon's name beside its glyph, in the layer's neutral colour. */
  private static final class IconCell extends javafx.scene.control.ListCell<String> {
    @Override
    protected void updateItem(String icon, boolean empty) {
      super.updateItem(icon, empty);
      setText(empty || icon == null ? null : icon);
      setGraphic(empty || icon == null ? null : LayerIcon.of(icon, "#8b949e"));
    }
  }

  private static ComboBox<String> iconBox(String id, StringProperty icon) {
    ComboBox<String> box = new ComboBox<>();
    box.setId(id);
    box.getItems().setAll(LayerIcon.NAMES);
    box.valueProperty().bindBidirectional(icon);
    box.setCellFactory(list -> new IconCell());
    box.setButtonCell(new IconCell());
    return box;
  }

  private static String describe(Layer layer) {
    return layer.name() + ", " + layer.color() + ", icon " + layer.icon() + ", order " + layer.order() + ", "
        + (layer.visibleByDefault() ? "shown" : "hidden") + " by default, " + layer.cameraCount() + " camera(s)";
  }
}
