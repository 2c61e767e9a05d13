package org.watchfloor.client.mapedit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraField;
import org.watchfloor.client.net.CameraType;

/**
 * The selected camera's fields as an admin types them in edit mode: name, kind, address, operator,
 * owner (of a private camera), latitude and longitude, and each cone's heading, field of view and
 * range. Saving sends only the fields changed, based on the camera as it was when the form was
 * filled, as one undoable step.
 */
final class CameraForm extends VBox {

  private final MapEditor editor;
  private final TextField name = field("form-name");
  private final ComboBox<CameraType> kind = new ComboBox<>();
  private final TextField address = field("form-address");
  private final TextField operator = field("form-operator");
  private final TextField owner = field("form-owner");
  private final TextField latitude = field("form-latitude");
  private final TextField longitude = field("form-longitude");
  private final GridPane cones = new GridPane();
  private final List<TextField[]> coneFields = new ArrayList<>();
  private final Label problem = new Label();
  private Camera read;

  CameraForm(MapEditor editor, CameraMapModel model) {
    this.editor = editor;
    getStyleClass().addAll("map-edit-bar", "map-edit-form");
    setSpacing(6);
    kind.setId("form-kind");
    kind.getItems().setAll(CameraType.values());
    GridPane fields = new GridPane();
    fields.setHgap(6);
    fields.setVgap(4);
    fields.addRow(0, new Label("Name"), name);
    fields.addRow(1, new Label("Kind"), kind);
    fields.addRow(2, new Label("Address"), address);
    fields.addRow(3, new Label("Operator"), operator);
    fields.addRow(4, new Label("Owner id"), owner);
    fields.addRow(5, new Label("Latitude"), latitude);
    fields.addRow(6, new Label("Longitude"), longitude);
    cones.setHgap(6);
    cones.setVgap(4);
    Button save = new Button("Save");
    save.setId("form-save");
    save.setOnAction(event -> save());
    problem.setId("form-problem");
    problem.getStyleClass().add("map-edit-message");
    problem.setWrapText(true);
    getChildren().addAll(new Label("Selected camera"), fields, cones, save, problem);
    // Filled when one camera is selected, and again when the broker sends it changed.
    editor.selectionProperty().addListener((observable, before, ids) -> fill(ids.size() == 1 ? model.camera(ids.iterator().next()).orElse(null) : null));
    model.onCameraChanges(changes -> {
      if (read != null) {
        changes.upserted().stream().filter(camera -> camera.id().equals(read.id())).reduce((first, last) -> last).ifPresent(this::fill);
      }
    });
    visibleProperty().bind(editor.editingProperty().and(javafx.beans.binding.Bindings.createBooleanBinding(
        () -> editor.selectionProperty().get().size() == 1, editor.selectionProperty())));
    managedProperty().bind(visibleProperty());
  }

  private static TextField field(String id) {
    TextField field = new TextField();
    field.setId(id);
    field.setPrefColumnCount(16);
    return field;
  }

  private void fill(Camera camera) {
    read = camera;
    problem.setText("");
    if (camera == null) {
      return;
    }
    name.setText(camera.name());
    kind.setValue(camera.type());
    address.setText(camera.address());
    operator.setText(camera.operator());
    owner.setText(camera.ownerId());
    latitude.setText(number(camera.latitude()));
    longitude.setText(number(camera.longitude()));
    cones.getChildren().clear();
    coneFields.clear();
    cones.addRow(0, new Label("Cone"), new Label("Heading °"), new Label("Field of view °"), new Label("Range m"));
    for (int i = 0; i < camera.cones().size(); i++) {
      Camera.ViewCone cone = camera.cones().get(i);
      TextField[] row = {field("form-heading-" + i), field("form-fov-" + i), field("form-range-" + i)};
      row[0].setText(cone.hasHeading() ? number(cone.headingDegrees()) : "");
      row[1].setText(number(cone.fieldOfViewDegrees()));
      row[2].setText(number(cone.rangeMeters()));
      for (TextField each : row) {
        each.setPrefColumnCount(6);
      }
      coneFields.add(row);
      cones.addRow(i + 1, new Label(Integer.toString(i + 1)), row[0], row[1], row[2]);
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.7f", value).replaceAll("0+$", "");
  }

  /** Sends the changed fields; a number that does not read is named and nothing is sent. */
  private void save() {
    if (read == null) {
      return;
    }
    try {
      List<Camera.ViewCone> newCones = new ArrayList<>();
      for (int i = 0; i < coneFields.size(); i++) {
        TextField[] row = coneFields.get(i);
        double heading = row[0].getText().isBlank() ? Double.NaN : parse(row[0], "cone " + (i + 1) + " heading");
        newCones.add(new Camera.ViewCone(heading, parse(row[1], "cone " + (i + 1) + " field of view"), parse(row[2], "cone " + (i + 1) + " range")));
      }
      Camera wanted = new Camera(read.id(), name.getText().trim(), kind.getValue(), parse(latitude, "latitude"), parse(longitude, "longitude"),
          newCones, address.getText().trim(), operator.getText().trim(), owner.getText().trim(), read.layerIds(), read.badge(),
          read.online(), read.hasVideo(), read.revision());
      Set<CameraField> fields = EnumSet.noneOf(CameraField.class);
      List<String> words = new ArrayList<>();
      compare(fields, words, CameraField.NAME, read.name(), wanted.name(), "name");
      compare(fields, words, CameraField.KIND, read.type(), wanted.type(), "kind");
      compare(fields, words, CameraField.ADDRESS, read.address(), wanted.address(), "address");
      compare(fields, words, CameraField.OPERATOR, read.operator(), wanted.operator(), "operator");
      compare(fields, words, CameraField.OWNER, read.ownerId(), wanted.ownerId(), "owner");
      if (read.latitude() != wanted.latitude() || read.longitude() != wanted.longitude()) {
        fields.add(CameraField.LOCATION);
        words.add("position");
      }
      compare(fields, words, CameraField.CONES, read.cones(), wanted.cones(), "cones");
      if (fields.isEmpty()) {
        problem.setText("Nothing changed.");
        return;
      }
      editor.edit(read, wanted, fields, "set " + String.join(", ", words) + " of " + read.name());
    } catch (IllegalArgumentException e) {
      problem.setText(e.getMessage());
    }
  }

  private static void compare(Set<CameraField> fields, List<String> words, CameraField field, Object before, Object after, String word) {
    if (!before.equals(after)) {
      fields.add(field);
      words.add(word);
    }
  }

  private static double parse(TextField field, String what) {
    try {
      double value = Double.parseDouble(field.getText().trim());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": '" + field.getText() + "' is not a number");
    }
  }
}
