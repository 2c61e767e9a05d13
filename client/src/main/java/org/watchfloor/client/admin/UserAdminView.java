package org.watchfloor.client.admin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;

/** The admin's user list beside the forms to add a user and to reset or disable the selected one. */
public final class UserAdminView extends BorderPane {

  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  public UserAdminView(UserAdministration model) {
    getStyleClass().add("admin-screen");
    setCenter(table(model));
    // The conflict comes first, where the admin looks when the broker refuses their change.
    VBox forms = new VBox(conflictPane(model), addForm(model), new Separator(), selectedForm(model));
    forms.getStyleClass().add("admin-side");
    ScrollPane side = new ScrollPane(forms);
    side.setFitToWidth(true);
    side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    setRight(side);
    setBottom(statusLine(model.tasks(), model::refresh));
  }

  private static TableView<UserAccount> table(UserAdministration model) {
    TableView<UserAccount> table = new TableView<>(model.users());
    table.setId("users-table");
    table.getColumns().add(column("User name", UserAccount::username));
    table.getColumns().add(column("Name", UserAccount::displayName));
    table.getColumns().add(column("Roles", user -> user.roles().stream().sorted().map(UserRole::name).collect(Collectors.joining(", "))));
    table.getColumns().add(column("Organisation", UserAccount::organisation));
    table.getColumns().add(column("Status", user -> user.disabled() ? "disabled: " + user.disabledReason() : "active"));
    table.getColumns().add(column("Last sign-in", user -> user.lastSignedInAt().map(LOCAL_TIME::format).orElse("never")));
    table.getColumns().add(column("Signs in with", user -> user.hasPassword() ? "password" : "bearer token only"));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getSelectionModel().selectedItemProperty().addListener((observable, before, user) -> model.selectedProperty().set(user));
    model.selectedProperty().addListener((observable, before, user) -> {
      if (table.getSelectionModel().getSelectedItem() != user) {
        table.getSelectionModel().select(user);
      }
    });
    return table;
  }

  static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  private static VBox addForm(UserAdministration model) {
    TextField username = bound(new TextField(), "new-username", model.newUsernameProperty());
    username.setPromptText("e.g. dana.w");
    TextField displayName = bound(new TextField(), "new-display-name", model.newDisplayNameProperty());
    TextField organisation = bound(new TextField(), "new-organisation", model.newOrganisationProperty());
    ComboBox<UserRole> role = new ComboBox<>();
    role.setId("new-role");
    role.getItems().setAll(UserRole.values());
    role.valueProperty().bindBidirectional(model.newRoleProperty());
    PasswordField password = bound(new PasswordField(), "new-password", model.newPasswordProperty());
    password.setPromptText("at least 12 characters");
    Button add = new Button("Add user");
    add.setId("add-user");
    add.setDefaultButton(true);
    add.disableProperty().bind(model.tasks().busyProperty());
    add.setOnAction(event -> model.addUser());

    GridPane fields = form();
    fields.addRow(0, new Label("User name"), username);
    fields.addRow(1, new Label("Name"), displayName);
    fields.addRow(2, new Label("Organisation"), organisation);
    fields.addRow(3, new Label("Role"), role);
    fields.addRow(4, new Label("Password"), password);
    return section("Add a user", fields, add);
  }

  private static VBox selectedForm(UserAdministration model) {
    Label who = new Label();
    who.setId("selected-user");
    who.setWrapText(true);
    who.textProperty().bind(Bindings.createStringBinding(
        () -> model.selectedProperty().get() == null ? "Choose a user in the list." : model.selectedProperty().get().label(),
        model.selectedProperty()));

    TextField editName = bound(new TextField(), "edit-display-name", model.editDisplayNameProperty());
    TextField editOrganisation = bound(new TextField(), "edit-organisation", model.editOrganisationProperty());
    ComboBox<UserRole> editRole = new ComboBox<>();
    editRole.setId("edit-role");
    editRole.getItems().setAll(UserRole.values());
    editRole.valueProperty().bindBidirectional(model.editRoleProperty());
    editRole.setPromptText("several roles");
    Button save = new Button("Save changes");
    save.setId("save-user");
    save.disableProperty().bind(model.tasks().busyProperty().or(model.selectedProperty().isNull()));
    save.setOnAction(event -> model.saveSelected());
    for (javafx.scene.Node field : new javafx.scene.Node[] {editName, editOrganisation, editRole}) {
      field.disableProperty().bind(model.selectedProperty().isNull());
    }

    PasswordField replacement = bound(new PasswordField(), "replacement-password", model.replacementPasswordProperty());
    replacement.setPromptText("new password, at least 12 characters");
    Button reset = new Button("Reset password");
    reset.setId("reset-password");
    reset.disableProperty().bind(model.tasks().busyProperty().or(model.selectedProperty().isNull()));
    reset.setOnAction(event -> model.resetSelectedPassword());

    TextField reason = bound(new TextField(), "disable-reason", model.disableReasonProperty());
    reason.setPromptText("why (kept and audited)");
    Button disable = new Button("Disable");
    disable.setId("disable-user");
    disable.getStyleClass().add("danger");
    disable.disableProperty().bind(model.tasks().busyProperty().or(Bindings.createBooleanBinding(
        () -> model.selectedProperty().get() == null || model.selectedProperty().get().disabled(), model.selectedProperty())));
    disable.setOnAction(event -> model.disableSelected());
    replacement.disableProperty().bind(model.selectedProperty().isNull());
    reason.disableProperty().bind(model.selectedProperty().isNull());

    GridPane fields = form();
    fields.addRow(0, new Label("Name"), editName);
    fields.addRow(1, new Label("Organisation"), editOrganisation);
    fields.addRow(2, new Label("Role"), editRole);
    fields.add(save, 1, 3);
    fields.addRow(4, new Label("New password"), replacement);
    fields.add(reset, 1, 5);
    fields.addRow(6, new Label("Reason"), reason);
    fields.add(disable, 1, 7);
    return section("Selected user", who, fields);
  }

  /** Both sides of a change another admin made first: theirs as it is now, and this admin's change. */
  private static ConflictPane conflictPane(UserAdministration model) {
    return new ConflictPane(model.conflictProperty(),
        conflict -> conflict.theirs().username() + " (revision " + conflict.read().revision() + " → " + conflict.theirs().revision() + ")",
        UserAdminView::describe, model::keepTheirs, model::applyMineAgain);
  }

  private static String describe(UserAccount user) {
    return user.displayName() + ", " + user.roles().stream().sorted().map(UserRole::name).collect(Collectors.joining(" + "))
        + ", " + (user.organisation().isEmpty() ? "no organisation" : user.organisation())
        + (user.disabled() ? ", disabled: " + user.disabledReason() : ", active");
  }

  /** The refresh button and the last action's outcome, shown as an error when it was refused. */
  static HBox statusLine(BrokerTasks tasks, Runnable refresh) {
    Button refreshButton = new Button("Refresh");
    refreshButton.setOnAction(event -> refresh.run());
    HBox line = statusLine(tasks);
    line.getChildren().add(refreshButton);
    return line;
  }

  /** The last action's outcome, shown as an error when it was refused (for screens whose lists follow the broker live). */
  static HBox statusLine(BrokerTasks tasks) {
    Label message = new Label();
    message.setId("admin-message");
    message.getStyleClass().add("admin-message");
    message.setWrapText(true);
    message.textProperty().bind(tasks.messageProperty());
    tasks.failedProperty().addListener((observable, before, failed) -> message.pseudoClassStateChanged(ERROR, failed));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox line = new HBox(message, spacer);
    line.getStyleClass().add("admin-status");
    return line;
  }

  private static final javafx.css.PseudoClass ERROR = javafx.css.PseudoClass.getPseudoClass("error");

  static <F extends TextField> F bound(F field, String id, javafx.beans.property.StringProperty property) {
    field.setId(id);
    field.setMaxWidth(Double.MAX_VALUE);
    field.textProperty().bindBidirectional(property);
    return field;
  }

  /** Labels on the left at their size, fields filling the rest. */
  static GridPane form() {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("admin-form");
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    fields.setFillWidth(true);
    grid.getColumnConstraints().setAll(labels, fields);
    return grid;
  }

  static VBox section(String title, javafx.scene.Node... content) {
    Label heading = new Label(title);
    heading.getStyleClass().add("admin-heading");
    VBox box = new VBox(heading);
    box.getChildren().addAll(content);
    box.getStyleClass().add("admin-section");
    return box;
  }
}
