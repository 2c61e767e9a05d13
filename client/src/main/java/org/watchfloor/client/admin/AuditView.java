package org.watchfloor.client.admin;

import java.io.File;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.watchfloor.client.net.AuditRecord;
import org.watchfloor.client.net.ChainCheck;

/**
 * The audit log for supervisors: filters above, the matching rows, a banner with the last
 * verification (a broken chain in red, naming the row and what is wrong, that row marked in the
 * list), and CSV export of what is shown.
 */
public final class AuditView extends BorderPane {

  private static final PseudoClass BROKEN = PseudoClass.getPseudoClass("broken");

  public AuditView(AuditReview model) {
    getStyleClass().add("admin-screen");
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(model.zone());

    TextField user = field("audit-user", "user name, e.g. ana", model.usernameProperty());
    ComboBox<String> action = new ComboBox<>();
    action.setId("audit-action");
    action.setEditable(true);
    action.setPromptText("any action");
    action.getItems().setAll(AuditReview.KNOWN_ACTIONS);
    action.valueProperty().bindBidirectional(model.actionProperty());
    TextField camera = field("audit-camera", "camera id", model.cameraIdProperty());
    TextField caseNumber = field("audit-case", "case number", model.caseNumberProperty());
    DatePicker from = new DatePicker();
    from.setId("audit-from");
    from.setPromptText("from day");
    from.valueProperty().bindBidirectional(model.fromDayProperty());
    DatePicker to = new DatePicker();
    to.setId("audit-to");
    to.setPromptText("to day");
    to.valueProperty().bindBidirectional(model.toDayProperty());
    Button search = new Button("Search");
    search.setId("audit-search");
    search.setDefaultButton(true);
    search.setOnAction(event -> model.search());
    Button verify = new Button("Verify chain");
    verify.setId("audit-verify");
    verify.setOnAction(event -> model.verify());
    Button export = new Button("Export CSV…");
    export.setId("audit-export");
    export.disableProperty().bind(Bindings.isEmpty(model.rows()));
    export.setOnAction(event -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Export the rows shown as CSV");
      chooser.setInitialFileName("audit.csv");
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
      File file = chooser.showSaveDialog(getScene().getWindow());
      if (file != null) {
        model.exportCsv(file.toPath());
      }
    });
    FlowPane filters = new FlowPane(new Label("User"), user, new Label("Action"), action, new Label("Camera"), camera,
        new Label("Case"), caseNumber, new Label("From"), from, new Label("To"), to, search, verify, export);
    filters.getStyleClass().add("audit-filters");

    Label banner = new Label();
    banner.setId("audit-chain");
    banner.getStyleClass().add("audit-chain");
    banner.setWrapText(true);
    banner.textProperty().bind(Bindings.createStringBinding(() -> describe(model.chainProperty().get()), model.chainProperty()));
    banner.visibleProperty().bind(model.chainProperty().isNotNull());
    banner.managedProperty().bind(banner.visibleProperty());
    model.chainProperty().addListener((observable, before, check) -> banner.pseudoClassStateChanged(BROKEN, check != null && !check.intact()));

    TableView<AuditRecord> table = new TableView<>(model.rows());
    table.setId("audit-table");
    table.getColumns().add(column("#", record -> Long.toString(record.sequence()), 70));
    table.getColumns().add(column("Time", record -> time.format(record.at()), 150));
    table.getColumns().add(column("User", AuditRecord::username, 110));
    table.getColumns().add(column("Action", AuditRecord::action, 170));
    table.getColumns().add(column("Target", AuditRecord::target, 200));
    table.getColumns().add(column("Case", AuditRecord::caseNumber, 110));
    table.getColumns().add(column("Reason", AuditRecord::reason, 200));
    table.getColumns().add(column("Detail", AuditRecord::detail, 400));
    table.setRowFactory(view -> new TableRow<>() {
      @Override
      protected void updateItem(AuditRecord record, boolean empty) {
        super.updateItem(record, empty);
        ChainCheck check = model.chainProperty().get();
        pseudoClassStateChanged(BROKEN, !empty && record != null && check != null && !check.intact()
            && record.sequence() == check.firstBrokenSequence());
      }
    });
    model.chainProperty().addListener((observable, before, check) -> {
      table.refresh();
      if (check != null && !check.intact()) {
        model.rows().stream().filter(record -> record.sequence() == check.firstBrokenSequence()).findFirst()
            .ifPresent(record -> {
              table.getSelectionModel().select(record);
              // A few rows of context above the broken one, so it is not hidden under the header.
              table.scrollTo(Math.max(0, model.rows().indexOf(record) - 3));
            });
      }
    });

    setTop(new VBox(filters, banner));
    setCenter(table);
    setBottom(UserAdminView.statusLine(model.tasks(), model::search));
  }

  private static String describe(ChainCheck check) {
    if (check == null) {
      return "";
    }
    return check.intact()
        ? "Chain intact: all " + check.rowsChecked() + " rows match their hashes (head row " + check.headSequence() + ", "
            + check.headHash().substring(0, 16) + "…), verified " + check.verifiedAt()
        : "CHAIN BROKEN at row " + check.firstBrokenSequence() + ": " + check.problem()
            + ". Rows from there on cannot be trusted as recorded; keep this result and tell the system's owner.";
  }

  private static TextField field(String id, String prompt, javafx.beans.property.StringProperty property) {
    TextField field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    field.setPrefColumnCount(10);
    field.textProperty().bindBidirectional(property);
    return field;
  }

  private static TableColumn<AuditRecord, String> column(String title, Function<AuditRecord, String> value, double width) {
    TableColumn<AuditRecord, String> column = new TableColumn<>(title);
    column.setPrefWidth(width);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }
}
