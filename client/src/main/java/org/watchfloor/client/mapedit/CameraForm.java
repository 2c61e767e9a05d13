package org.watchfloor.client.mapedit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraField;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.VideoProtocol;

/**
 * The selected camera's fields as an admin types them in edit mode: its name, kind,
 * address, operator, owner (of a private camera), latitude and longitude, and each cone's heading,
 * field of view and range; unfolded, whether it pans and tilts, whether the center records it,
 * its stream profiles and its tags. Saving sends only the fields changed, based on the camera as it
 * was when the form was filled, as one undoable step; a value that does not read is named and
 * nothing is sent, and the broker's own rules (e.g. no profiles for a registered private camera)
 * come back as its refusal, shown here.
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
  private final CheckBox ptz = new CheckBox("Pans, tilts and zooms (its cones show the home position)");
  private final CheckBox recorded = new CheckBox("Recorded by the center, kept for hours:");
  private final TextField retentionHours = field("form-retention-hours");
  private final GridPane streams = new GridPane();
  private final List<ProfileRow> profileRows = new ArrayList<>();
  private final TextArea tags = new TextArea();
  private final Label problem = new Label();
  private Camera read;
  /** The admin has typed or chosen something not saved yet: a live update of the camera must not wipe it. */
  private boolean edited;
  private boolean filling;
  /** A save of the form is with the broker: the camera's next update (the save landing) fills the form again. */
  private boolean saving;

  /** The inputs of one stream profile. */
  private record ProfileRow(TextField name, ComboBox<String> role, ComboBox<VideoProtocol> protocol, TextField size, TextField frameRate,
      TextField codec, TextField bitrate, CheckBox audio, Button remove) {}

  CameraForm(MapEditor editor, CameraMapModel model) {
    this.editor = editor;
    getStyleClass().addAll("map-edit-bar", "map-edit-form");
    setSpacing(6);
    kind.setId("form-kind");
    kind.getItems().setAll(CameraType.values());
    kind.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(CameraType type) {
        return type == null ? "" : type.label();
      }

      @Override
      public CameraType fromString(String label) {
        return kind.getItems().stream().filter(type -> type.label().equals(label)).findFirst().orElse(null);
      }
    });
    GridPane fields = grid();
    fields.addRow(0, new Label("Name"), name);
    fields.addRow(1, new Label("Kind"), kind);
    fields.addRow(2, new Label("Address"), address);
    fields.addRow(3, new Label("Operator"), operator);
    fields.addRow(4, new Label("Owner id"), owner);
    fields.addRow(5, new Label("Latitude"), latitude);
    fields.addRow(6, new Label("Longitude"), longitude);
    cones.setHgap(6);
    cones.setVgap(4);
    ptz.setId("form-ptz");
    recorded.setId("form-recorded");
    retentionHours.setPrefColumnCount(5);
    retentionHours.disableProperty().bind(recorded.selectedProperty().not());
    streams.setId("form-streams");
    streams.setHgap(4);
    streams.setVgap(4);
    Button addProfile = new Button("Add profile");
    addProfile.setId("form-add-profile");
    addProfile.setOnAction(event -> addProfile(new Camera.StreamProfile(unusedProfileName(), profileRows.isEmpty(),
        VideoProtocol.HLS, 0, 0, 0, "", 0, false)));
    Label noProfiles = new Label("A registered private camera has no stream profiles: the center has no access to it.");
    noProfiles.setWrapText(true);
    noProfiles.visibleProperty().bind(kind.valueProperty().isEqualTo(CameraType.REGISTERED));
    noProfiles.managedProperty().bind(noProfiles.visibleProperty());
    addProfile.disableProperty().bind(noProfiles.visibleProperty());
    tags.setId("form-tags");
    tags.setPrefRowCount(3);
    tags.setPrefColumnCount(30);
    tags.setPromptText("one tag a line, e.g. mount=pole");
    VBox video = new VBox(6, ptz, new HBox(6, recorded, retentionHours), new Label("Stream profiles (at most 16)"), streams,
        noProfiles, addProfile, new Label("Tags (key=value, one a line; at most 64)"), tags);
    // Folded until wanted, so that the form stays small over the map.
    TitledPane more = new TitledPane("Video and tags", video);
    more.setId("form-video-and-tags");
    more.setExpanded(false);
    more.setAnimated(false);
    Button save = new Button("Save");
    save.setId("form-save");
    save.setDefaultButton(false);
    save.setOnAction(event -> save());
    problem.setId("form-problem");
    problem.getStyleClass().add("map-edit-message");
    problem.setWrapText(true);
    problem.setMaxWidth(560);
    getChildren().addAll(new Label("Selected camera"), fields, cones, more, save, problem);
    // Filled when one camera is selected, and again when the broker sends it changed unless the
    // admin is typing: then their fields stay, and a save based on the older revision meets the
    // stale-edit pane instead of silently replacing the other change.
    addEventFilter(KeyEvent.KEY_TYPED, event -> edited = true);
    addEventFilter(ActionEvent.ACTION, event -> edited |= !filling);
    editor.selectionProperty().addListener((observable, before, ids) -> {
      Camera one = ids.size() == 1 ? model.camera(ids.iterator().next()).orElse(null) : null;
      if (!(edited && one != null && read != null && one.id().equals(read.id()))) {
        fill(one); // the same camera selected again keeps what the admin typed
      }
    });
    model.onCameraChanges(changes -> {
      if (read != null && (!edited || saving)) {
        changes.upserted().stream().filter(camera -> camera.id().equals(read.id())).reduce((first, last) -> last).ifPresent(this::fill);
      }
    });
    // The broker's refusal of a saved form (a rule the form does not check itself) shows where the admin typed.
    editor.tasks().messageProperty().addListener((observable, before, text) -> {
      if (editor.tasks().failedProperty().get() && isVisible()) {
        saving = false;
        problem.setText(text);
      }
    });
    visibleProperty().bind(editor.editingProperty().and(Bindings.createBooleanBinding(
        () -> editor.selectionProperty().get().size() == 1, editor.selectionProperty())));
    managedProperty().bind(visibleProperty());
  }

  private static GridPane grid() {
    GridPane grid = new GridPane();
    grid.setHgap(6);
    grid.setVgap(4);
    return grid;
  }

  private static TextField field(String id) {
    TextField field = new TextField();
    field.setId(id);
    field.setPrefColumnCount(16);
    return field;
  }

  private void fill(Camera camera) {
    read = camera;
    edited = false;
    saving = false;
    problem.setText("");
    if (camera == null) {
      return;
    }
    filling = true;
    try {
      fillFields(camera);
    } finally {
      filling = false;
    }
  }

  private void fillFields(Camera camera) {
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
      TextField[] row = {small("form-heading-" + i), small("form-fov-" + i), small("form-range-" + i)};
      row[0].setText(cone.hasHeading() ? number(cone.headingDegrees()) : "");
      row[1].setText(number(cone.fieldOfViewDegrees()));
      row[2].setText(number(cone.rangeMeters()));
      coneFields.add(row);
      cones.addRow(i + 1, new Label(Integer.toString(i + 1)), row[0], row[1], row[2]);
    }
    Camera.Equipment equipment = camera.equipment();
    ptz.setSelected(equipment.ptz());
    recorded.setSelected(equipment.continuousRecording());
    retentionHours.setText(equipment.continuousRecording() ? Long.toString(equipment.retentionHours()) : "168");
    profileRows.clear();
    equipment.streams().forEach(this::addProfile);
    StringBuilder lines = new StringBuilder();
    new java.util.TreeMap<>(equipment.tags()).forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
    tags.setText(lines.toString());
  }

  private static TextField small(String id) {
    return sized(id, 6);
  }

  private static TextField sized(String id, int columns) {
    TextField field = field(id);
    field.setPrefColumnCount(columns);
    return field;
  }

  private void addProfile(Camera.StreamProfile profile) {
    int i = profileRows.size();
    ComboBox<String> role = new ComboBox<>();
    role.getItems().setAll("main", "sub");
    role.setValue(profile.main() ? "main" : "sub");
    role.setId("form-profile-role-" + i);
    ComboBox<VideoProtocol> protocol = new ComboBox<>();
    protocol.getItems().setAll(VideoProtocol.values());
    protocol.setValue(profile.protocol());
    protocol.setId("form-profile-protocol-" + i);
    Button remove = new Button("✕");
    remove.setTooltip(new javafx.scene.control.Tooltip("Remove this profile"));
    remove.setId("form-profile-remove-" + i);
    ProfileRow row = new ProfileRow(sized("form-profile-name-" + i, 6), role, protocol, sized("form-profile-size-" + i, 7),
        sized("form-profile-fps-" + i, 3), sized("form-profile-codec-" + i, 4), sized("form-profile-kbps-" + i, 5), new CheckBox("audio"), remove);
    row.name().setText(profile.name());
    row.size().setText(profile.width() == 0 && profile.height() == 0 ? "" : profile.width() + "x" + profile.height());
    row.size().setPromptText("1920x1080");
    row.frameRate().setText(profile.frameRate() == 0 ? "" : number(profile.frameRate()));
    row.codec().setText(profile.codec());
    row.codec().setPromptText("h264");
    row.bitrate().setText(profile.bitrateKbps() == 0 ? "" : Integer.toString(profile.bitrateKbps()));
    row.audio().setSelected(profile.hasAudio());
    remove.setOnAction(event -> {
      profileRows.remove(row);
      layOutProfiles();
    });
    profileRows.add(row);
    layOutProfiles();
  }

  /** "main" for the first profile, then "sub", then a numbered name no profile has. */
  private String unusedProfileName() {
    Set<String> taken = new java.util.HashSet<>();
    profileRows.forEach(row -> taken.add(row.name().getText().trim()));
    for (String name : List.of("main", "sub")) {
      if (!taken.contains(name)) {
        return name;
      }
    }
    int number = profileRows.size() + 1;
    while (taken.contains("profile-" + number)) {
      number++;
    }
    return "profile-" + number;
  }

  private void layOutProfiles() {
    streams.getChildren().clear();
    if (profileRows.isEmpty()) {
      return;
    }
    streams.addRow(0, new Label("Name"), new Label("Role"), new Label("Protocol"), new Label("Size"), new Label("fps"), new Label("Codec"),
        new Label("kbit/s"));
    for (int i = 0; i < profileRows.size(); i++) {
      ProfileRow row = profileRows.get(i);
      streams.addRow(i + 1, row.name(), row.role(), row.protocol(), row.size(), row.frameRate(), row.codec(), row.bitrate(), row.audio(),
          row.remove());
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.7f", value).replaceAll("0+$", "");
  }

  /** Sends the changed fields; a value that does not read is named and nothing is sent. */
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
      Camera.Equipment equipment = new Camera.Equipment(profiles(), tags(), ptz.isSelected(), recorded.isSelected(),
          recorded.isSelected() ? (long) parse(retentionHours, "hours recordings are kept") : 0);
      Camera wanted = new Camera(read.id(), name.getText().trim(), kind.getValue(), parse(latitude, "latitude"), parse(longitude, "longitude"),
          newCones, address.getText().trim(), operator.getText().trim(), owner.getText().trim(), read.layerIds(), read.badge(),
          read.online(), equipment, read.revision());
      Camera.Equipment before = read.equipment();
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
      compare(fields, words, CameraField.STREAMS, before.streams(), equipment.streams(), "stream profiles");
      compare(fields, words, CameraField.TAGS, before.tags(), equipment.tags(), "tags");
      compare(fields, words, CameraField.PTZ, before.ptz(), equipment.ptz(), "PTZ");
      compare(fields, words, CameraField.RECORDING, List.of(before.continuousRecording(), before.retentionHours()),
          List.of(equipment.continuousRecording(), equipment.retentionHours()), "recording");
      if (fields.isEmpty()) {
        edited = false;
        problem.setText("Nothing changed.");
        return;
      }
      problem.setText("");
      saving = true;
      editor.edit(read, wanted, fields, "set " + String.join(", ", words) + " of " + read.name());
    } catch (IllegalArgumentException e) {
      problem.setText(e.getMessage());
    }
  }

  /** The typed profiles; a size, rate or bitrate that does not read is named. */
  private List<Camera.StreamProfile> profiles() {
    List<Camera.StreamProfile> profiles = new ArrayList<>(profileRows.size());
    for (int i = 0; i < profileRows.size(); i++) {
      ProfileRow row = profileRows.get(i);
      String what = "profile " + (i + 1);
      int width = 0;
      int height = 0;
      String size = row.size().getText().trim();
      if (!size.isEmpty()) {
        String[] sides = size.split("[x×]");
        try {
          if (sides.length != 2) {
            throw new NumberFormatException();
          }
          width = Integer.parseInt(sides[0].trim());
          height = Integer.parseInt(sides[1].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(what + " size: '" + size + "' is not width x height, e.g. 1920x1080");
        }
      }
      double frameRate = row.frameRate().getText().isBlank() ? 0 : parse(row.frameRate(), what + " frame rate");
      int bitrate;
      try {
        bitrate = row.bitrate().getText().isBlank() ? 0 : Integer.parseInt(row.bitrate().getText().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " bitrate: '" + row.bitrate().getText() + "' is not a whole number of kbit/s");
      }
      profiles.add(new Camera.StreamProfile(row.name().getText().trim(), "main".equals(row.role().getValue()), row.protocol().getValue(),
          width, height, frameRate, row.codec().getText().trim(), bitrate, row.audio().isSelected()));
    }
    return profiles;
  }

  /** The typed tags, one {@code key=value} a line; a line without {@code =} or a key given twice is named. */
  private Map<String, String> tags() {
    Map<String, String> typed = new LinkedHashMap<>();
    String[] lines = tags.getText().split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("tags line " + (i + 1) + ": '" + line + "' is not key=value");
      }
      String key = line.substring(0, equals).strip();
      if (typed.put(key, line.substring(equals + 1).strip()) != null) {
        throw new IllegalArgumentException("tags line " + (i + 1) + ": the key '" + key + "' is given twice");
      }
    }
    return typed;
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
