package org.watchfloor.client.admin;

import java.io.File;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ImportFileFormat;
import org.watchfloor.client.net.ImportedRecord;
import org.watchfloor.client.net.Layer;

/**
 * The import wizard: choose a file, map its fields to camera fields, choose default kind, layer
 * and source, run a dry run (per-record report and a preview of where the records are), then import.
 */
public final class ImportWizardView extends BorderPane {

  private static final java.util.List<PseudoClass> OUTCOMES = java.util.stream.Stream.of("new", "update", "unchanged", "rejected", "warning")
      .map(PseudoClass::getPseudoClass).toList();

  public ImportWizardView(ImportWizard model) {
    getStyleClass().add("admin-screen");

    Button choose = new Button("Choose file…");
    choose.setId("import-choose");
    choose.setOnAction(event -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Camera inventory to import");
      chooser.getExtensionFilters().addAll(
          new FileChooser.ExtensionFilter("Inventories (CSV, GeoJSON, Overpass JSON)", "*.csv", "*.geojson", "*.json"),
          new FileChooser.ExtensionFilter("All files", "*.*"));
      File chosen = chooser.showOpenDialog(getScene().getWindow());
      if (chosen != null) {
        model.choose(chosen.toPath());
      }
    });
    Label fileName = new Label();
    fileName.setId("import-file");
    fileName.textProperty().bind(Bindings.createStringBinding(
        () -> model.fileProperty().get() == null ? "No file chosen" : model.fileProperty().get().toString(), model.fileProperty()));
    ComboBox<ImportFileFormat> format = new ComboBox<>();
    format.setId("import-format");
    format.getItems().setAll(ImportFileFormat.values());
    format.valueProperty().bindBidirectional(model.formatProperty());

    GridPane mapping = UserAdminView.form();
    mapping.setId("import-mapping");
    model.fileFields().addListener((ListChangeListener<String>) change -> fillMapping(mapping, model));

    ComboBox<CameraType> kind = new ComboBox<>();
    kind.setId("import-kind");
    kind.getItems().setAll(CameraType.values());
    kind.valueProperty().bindBidirectional(model.defaultKindProperty());
    kind.setCellFactory(list -> kindCell());
    kind.setButtonCell(kindCell());
    ComboBox<Layer> layer = new ComboBox<>(model.layers());
    layer.setId("import-layer");
    layer.setPromptText("no layer");
    layer.setCellFactory(list -> layerCell());
    layer.setButtonCell(layerCell());
    layer.valueProperty().bindBidirectional(model.layerProperty());
    TextField source = new TextField();
    source.setId("import-source");
    source.textProperty().bindBidirectional(model.sourceNameProperty());
    GridPane settings = UserAdminView.form();
    settings.addRow(0, new Label("Format"), format);
    settings.addRow(1, new Label("Default kind"), kind);
    settings.addRow(2, new Label("Layer"), layer);
    settings.addRow(3, new Label("Source name"), source);

    Button dryRun = new Button("Dry run");
    dryRun.setId("import-dry-run");
    dryRun.disableProperty().bind(model.tasks().busyProperty().or(model.fileProperty().isNull()));
    dryRun.setOnAction(event -> model.dryRun());
    Button commit = new Button("Import");
    commit.setId("import-commit");
    commit.setDefaultButton(true);
    commit.disableProperty().bind(model.tasks().busyProperty().or(Bindings.createBooleanBinding(
        () -> model.reportProperty().get() == null || !model.reportProperty().get().dryRun(), model.reportProperty())));
    commit.setOnAction(event -> model.commit());

    PlainMap preview = new PlainMap(360, 260, "Run a dry run to see the records here");
    VBox side = new VBox(
        heading("1. File"), new HBox(8, choose, fileName),
        heading("2. Fields: how this file names them"), mapping,
        heading("3. Defaults"), settings,
        heading("4. Check, then import"), new HBox(8, dryRun, commit));
    side.getStyleClass().addAll("admin-side", "admin-section");
    ScrollPane sideScroll = new ScrollPane(side);
    sideScroll.setFitToWidth(true);
    sideScroll.setPrefWidth(420);
    setLeft(sideScroll);

    TableView<ImportedRecord> table = new TableView<>();
    table.setId("import-report");
    table.setPlaceholder(new Label("The dry run's report appears here: one line per record."));
    table.getColumns().add(column("Record", record -> Integer.toString(record.index()), 70));
    table.getColumns().add(column("Source id", ImportedRecord::sourceId, 140));
    table.getColumns().add(column("Outcome", ImportWizard::outcomeLabel, 130));
    table.getColumns().add(column("Matched by", record -> record.matchedBy().name().toLowerCase().replace('_', ' '), 120));
    table.getColumns().add(column("Problems (field: problem)", record -> String.join("; ", record.issues()), 600));
    table.setRowFactory(view -> new TableRow<>() {
      @Override
      protected void updateItem(ImportedRecord record, boolean empty) {
        super.updateItem(record, empty);
        for (PseudoClass outcome : OUTCOMES) {
          pseudoClassStateChanged(outcome, false);
        }
        if (!empty && record != null) {
          pseudoClassStateChanged(PseudoClass.getPseudoClass(ImportWizard.outcomeClass(record)), true);
        }
      }
    });
    model.reportProperty().addListener((observable, before, report) -> {
      table.getItems().setAll(report == null ? java.util.List.of() : report.records());
      preview.show(report == null ? java.util.List.of() : report.records().stream()
          .flatMap(record -> record.position().map(p -> new PlainMap.Dot(p[0], p[1], ImportWizard.colour(record), "")).stream()).toList());
    });
    // The records' places above their report, both growing with the window: beside the steps, in
    // view while the fields are mapped, not under them.
    SplitPane report = new SplitPane(preview, table);
    report.setOrientation(Orientation.VERTICAL);
    report.setDividerPositions(0.4);
    setCenter(report);
    setBottom(UserAdminView.statusLine(model.tasks(), model::loadLayers));
  }

  private static void fillMapping(GridPane grid, ImportWizard model) {
    grid.getChildren().clear();
    int row = 0;
    for (String field : model.fileFields()) {
      ComboBox<String> target = new ComboBox<>();
      target.setId("map-" + field);
      target.setEditable(true);
      target.getItems().setAll(ImportWizard.CAMERA_FIELDS);
      target.setValue(model.mapping().get(field));
      target.setPromptText("as it is");
      target.valueProperty().addListener((observable, before, chosen) -> model.mapping().put(field, chosen == null ? "" : chosen.strip()));
      target.setMaxWidth(Double.MAX_VALUE);
      grid.addRow(row++, new Label(field), target);
    }
  }

  private static ListCell<CameraType> kindCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(CameraType type, boolean empty) {
        super.updateItem(type, empty);
        setText(empty || type == null ? null : type.label());
      }
    };
  }

  private static ListCell<Layer> layerCell() {
    return new ListCell<>() {
      @Override
      protected void updateItem(Layer layer, boolean empty) {
        super.updateItem(layer, empty);
        setText(empty || layer == null ? null : layer.name());
      }
    };
  }

  private static Label heading(String text) {
    Label heading = new Label(text);
    heading.getStyleClass().add("admin-heading");
    return heading;
  }

  private static TableColumn<ImportedRecord, String> column(String title, Function<ImportedRecord, String> value, double width) {
    TableColumn<ImportedRecord, String> column = new TableColumn<>(title);
    column.setPrefWidth(width);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }
}
