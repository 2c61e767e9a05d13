package org.watchfloor.client.evidence;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableMap;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Incident;

/**
 * The "Export evidence…" window for supervisors: incident, case and reason, the camera windows and
 * shared clips (defaults from the incident's bookmarks and nearest recordings), the destination,
 * then progress and the result, or the broker's reason when it refuses.
 */
public final class EvidenceExportDialog extends VBox {

  public EvidenceExportDialog(EvidenceExportForm form, ObservableMap<String, Incident> incidents) {
    getStyleClass().add("evidence-export");
    setSpacing(10);
    setPadding(new Insets(14));

    ComboBox<Incident> incident = new ComboBox<>();
    incident.setId("export-incident");
    List<Incident> newestFirst = incidents.values().stream().sorted(Comparator.comparing(Incident::openedAt).reversed()).toList();
    incident.getItems().setAll(newestFirst);
    incident.setCellFactory(list -> incidentCell());
    incident.setButtonCell(incidentCell());
    incident.valueProperty().bindBidirectional(form.incidentProperty());
    incident.setMaxWidth(Double.MAX_VALUE);
    TextField caseNumber = new TextField();
    caseNumber.setId("export-case");
    caseNumber.textProperty().bindBidirectional(form.caseNumberProperty());
    TextArea reason = new TextArea();
    reason.setId("export-reason");
    reason.setPromptText("Why, for whom (written into the package and the audit log)");
    reason.setPrefRowCount(2);
    reason.setWrapText(true);
    reason.textProperty().bindBidirectional(form.reasonProperty());
    GridPane facts = new GridPane();
    facts.setHgap(8);
    facts.setVgap(6);
    ColumnConstraints names = new ColumnConstraints();
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    facts.getColumnConstraints().setAll(names, values);
    facts.addRow(0, new Label("Incident"), incident);
    facts.addRow(1, new Label("Case number"), caseNumber);
    facts.addRow(2, new Label("Reason"), reason);

    Label windowsHeading = new Label("Camera windows (times in " + form.zone().getId() + "; at most 2 h each; recordings as recorded, not re-encoded)");
    windowsHeading.getStyleClass().add("panel-heading");
    TableView<EvidenceExportForm.WindowRow> windows = new TableView<>(form.windows());
    windows.setId("export-windows");
    windows.setEditable(true);
    windows.setPlaceholder(new Label("Choose an incident: its bookmarked and nearest recorded cameras appear here."));
    TableColumn<EvidenceExportForm.WindowRow, Boolean> include = new TableColumn<>("Export");
    include.setCellValueFactory(cell -> cell.getValue().include);
    include.setCellFactory(CheckBoxTableCell.forTableColumn(include));
    include.setEditable(true);
    TableColumn<EvidenceExportForm.WindowRow, String> camera = new TableColumn<>("Camera");
    camera.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().cameraName));
    camera.setPrefWidth(280);
    TableColumn<EvidenceExportForm.WindowRow, String> why = new TableColumn<>("Why offered");
    why.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().why));
    why.setPrefWidth(380);
    TableColumn<EvidenceExportForm.WindowRow, String> from = new TableColumn<>("From");
    from.setCellValueFactory(cell -> cell.getValue().from);
    from.setCellFactory(TextFieldTableCell.forTableColumn());
    from.setPrefWidth(170);
    TableColumn<EvidenceExportForm.WindowRow, String> to = new TableColumn<>("To");
    to.setCellValueFactory(cell -> cell.getValue().to);
    to.setCellFactory(TextFieldTableCell.forTableColumn());
    to.setPrefWidth(170);
    windows.getColumns().setAll(List.of(include, camera, why, from, to));
    windows.setPrefHeight(260);
    VBox.setVgrow(windows, Priority.ALWAYS);

    Label clipsHeading = new Label("Clips owners shared (private cameras: only these, exactly as the owner uploaded them)");
    clipsHeading.getStyleClass().add("panel-heading");
    TableView<EvidenceExportForm.ClipRow> clips = new TableView<>(form.clips());
    clips.setId("export-clips");
    clips.setEditable(true);
    clips.setPlaceholder(new Label("No owner has shared a clip for this incident."));
    TableColumn<EvidenceExportForm.ClipRow, Boolean> includeClip = new TableColumn<>("Export");
    includeClip.setCellValueFactory(cell -> cell.getValue().include);
    includeClip.setCellFactory(CheckBoxTableCell.forTableColumn(includeClip));
    TableColumn<EvidenceExportForm.ClipRow, String> clip = new TableColumn<>("Clip");
    clip.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().clip.text() + " (" + cell.getValue().clip.cameraId() + ")"));
    clip.setPrefWidth(700);
    clips.getColumns().setAll(List.of(includeClip, clip));
    clips.setPrefHeight(100);

    TextField destination = new TextField();
    destination.setId("export-destination");
    destination.textProperty().bindBidirectional(form.destinationProperty());
    HBox.setHgrow(destination, Priority.ALWAYS);
    Button choose = new Button("Choose…");
    choose.setOnAction(event -> {
      DirectoryChooser chooser = new DirectoryChooser();
      chooser.setTitle("Folder for the evidence package");
      File current = new File(destination.getText());
      if (current.isDirectory()) {
        chooser.setInitialDirectory(current);
      }
      File picked = chooser.showDialog(getScene().getWindow());
      if (picked != null) {
        destination.setText(picked.getPath());
      }
    });
    HBox where = new HBox(8, new Label("Destination folder"), destination, choose);
    where.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

    Button export = new Button("Export and sign");
    export.setId("export-run");
    export.setDefaultButton(true);
    export.disableProperty().bind(form.busyProperty());
    export.setOnAction(event -> form.export());
    ProgressBar progress = new ProgressBar();
    progress.progressProperty().bind(form.progressProperty());
    progress.setPrefWidth(260);
    Label status = new Label();
    status.setId("export-status");
    status.setWrapText(true);
    status.textProperty().bind(form.statusProperty());
    form.failedProperty().addListener((observable, before, failed) -> status.getStyleClass().setAll("label", failed ? "state-bad" : "state-good"));
    HBox actions = new HBox(10, export, progress);
    actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    Label result = new Label();
    result.setId("export-result");
    result.setWrapText(true);
    result.getStyleClass().add("state-good");
    result.textProperty().bind(Bindings.createStringBinding(() -> form.writtenProperty().get() == null ? ""
        : "Package " + form.writtenProperty().get().folder() + "\nZip " + form.writtenProperty().get().zip()
            + "\nAnyone can check it offline: ./watchfloor verify-export " + form.writtenProperty().get().zip()
            + " --public-key <the broker's /evidence/public-key>", form.writtenProperty()));

    getChildren().addAll(facts, windowsHeading, windows, clipsHeading, clips, where, actions, status, result);
  }

  private static ListCell<Incident> incidentCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(Incident item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null
            : item.cadNumber() + " · " + item.type() + (item.open() ? " (open)" : " (closed)") + (item.address().isEmpty() ? "" : " · " + item.address()));
      }
    };
  }

  /** Opens a window for {@code chosen} (may be null: the supervisor picks one), writing to the home folder unless changed. */
  public static Stage openFor(BrokerConnection broker, ObservableMap<String, Incident> incidents, Incident chosen, String... stylesheets) {
    EvidenceExportForm form = new EvidenceExportForm(broker, ZoneId.systemDefault(), Path.of(System.getProperty("user.home")));
    Stage stage = open(form, incidents, chosen, stylesheets);
    stage.toFront();
    return stage;
  }

  /** Opens the window for {@code chosen} (may be null: the supervisor picks one). */
  public static Stage open(EvidenceExportForm form, ObservableMap<String, Incident> incidents, Incident chosen, String... stylesheets) {
    Stage stage = new Stage();
    stage.setTitle("Watchfloor — Export evidence");
    EvidenceExportDialog dialog = new EvidenceExportDialog(form, incidents);
    Scene scene = new Scene(dialog, 1240, 780);
    scene.getStylesheets().addAll(stylesheets);
    stage.setScene(scene);
    form.incidentProperty().set(chosen);
    stage.show();
    return stage;
  }
}
