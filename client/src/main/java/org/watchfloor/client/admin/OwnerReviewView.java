package org.watchfloor.client.admin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.watchfloor.client.net.OwnerReview;

/**
 * The admin's review list beside the selected item: who asks, their cameras with their positions,
 * and what the admin can do: approve or reject a registration (with the reason the owner reads), or
 * have a camera's stream tested and connected.
 */
public final class OwnerReviewView extends BorderPane implements AutoCloseable {

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private final OwnerReviewQueue model;

  public OwnerReviewView(OwnerReviewQueue model) {
    this.model = model;
    getStyleClass().add("admin-screen");
    SplitPane split = new SplitPane(list(model), details(model));
    split.setOrientation(Orientation.HORIZONTAL);
    split.setDividerPositions(0.38);
    setCenter(split);
    setBottom(UserAdminView.statusLine(model.tasks()));
  }

  /** Stops following the broker's list. */
  @Override
  public void close() throws Exception {
    model.close();
  }

  private static ListView<OwnerReview> list(OwnerReviewQueue model) {
    ListView<OwnerReview> list = new ListView<>(model.items());
    list.setId("review-list");
    list.setPlaceholder(new Label("Nothing waits for you: no registration to approve, no camera to connect."));
    list.setCellFactory(view -> new ListCell<>() {
      @Override
      protected void updateItem(OwnerReview item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : summary(item));
      }
    });
    list.getSelectionModel().selectedItemProperty().addListener((observable, before, item) -> model.selectedProperty().set(item));
    model.selectedProperty().addListener((observable, before, item) -> {
      if (list.getSelectionModel().getSelectedItem() != item) {
        list.getSelectionModel().select(item);
      }
    });
    return list;
  }

  static String summary(OwnerReview item) {
    String who = item.owner().name() + (item.owner().organisation().isEmpty() ? "" : " (" + item.owner().organisation() + ")");
    return switch (item.kind()) {
      case REGISTRATION -> "Registration · " + who + " · " + item.cameras().size() + (item.cameras().size() == 1 ? " camera" : " cameras")
          + " · " + LOCAL_TIME.format(item.submittedAt());
      case LIVE_CONNECTION -> "Live sharing · " + who + " · " + item.cameras().get(0).name()
          + (item.connection().lastTest() == null ? " · not tested" : " · last test: " + OwnerReviewQueue.outcome(item.connection().lastTest().outcome()));
    };
  }

  private static ScrollPane details(OwnerReviewQueue model) {
    Label title = new Label();
    title.setId("review-title");
    title.getStyleClass().add("admin-heading");
    Label owner = new Label();
    owner.setId("review-owner");
    owner.setWrapText(true);
    TableView<OwnerReview.ReviewedCamera> cameras = new TableView<>();
    cameras.setId("review-cameras");
    cameras.setPrefHeight(120);
    cameras.getColumns().add(column("Camera", OwnerReview.ReviewedCamera::name));
    TableColumn<OwnerReview.ReviewedCamera, String> position =
        column("Position", camera -> String.format(Locale.ROOT, "%.5f, %.5f", camera.latitude(), camera.longitude()));
    position.setMinWidth(150);
    cameras.getColumns().add(position);
    cameras.getColumns().add(column("Faces", camera -> camera.headingDegrees().isPresent()
        ? String.format(Locale.ROOT, "%.0f°", camera.headingDegrees().getAsDouble()) : "all around"));
    cameras.getColumns().add(column("Device", OwnerReview.ReviewedCamera::device));
    cameras.getColumns().add(column("Covers", OwnerReview.ReviewedCamera::covers));
    cameras.getColumns().add(column("Address", OwnerReview.ReviewedCamera::address));
    cameras.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    PlainMap map = new PlainMap(460, 160, "");

    VBox registration = UserAdminView.section("Decide", approveRejectForm(model));
    VBox connection = UserAdminView.section("Connect for live sharing", streamForm(model));
    VBox box = new VBox(title, owner, cameras, map, new Separator(), registration, connection);
    box.getStyleClass().add("admin-side");
    box.setFillWidth(true);

    model.selectedProperty().addListener((observable, before, item) -> {
      boolean isRegistration = item != null && item.kind() == OwnerReview.Kind.REGISTRATION;
      boolean isConnection = item != null && item.kind() == OwnerReview.Kind.LIVE_CONNECTION;
      title.setText(item == null ? "Select an item on the left" : isRegistration ? "Registration of " + item.owner().name() : "Live sharing of " + item.cameras().get(0).name());
      owner.setText(item == null ? "" : describeOwner(item));
      cameras.getItems().setAll(item == null ? java.util.List.of() : item.cameras());
      map.show(item == null ? java.util.List.of() : item.cameras().stream()
          .map(camera -> new PlainMap.Dot(camera.latitude(), camera.longitude(), "#58a6ff", camera.name())).toList());
      registration.setVisible(isRegistration);
      registration.setManaged(isRegistration);
      connection.setVisible(isConnection);
      connection.setManaged(isConnection);
    });
    title.setText("Select an item on the left");
    registration.setVisible(false);
    registration.setManaged(false);
    connection.setVisible(false);
    connection.setManaged(false);
    ScrollPane scroll = new ScrollPane(box);
    scroll.setFitToWidth(true);
    return scroll;
  }

  private static String describeOwner(OwnerReview item) {
    OwnerReview.Owner owner = item.owner();
    String text = (owner.business() ? "Business" : "Resident") + ": " + owner.name()
        + (owner.organisation().isEmpty() ? "" : ", " + owner.organisation()) + " · " + owner.email()
        + (owner.phone().isEmpty() ? "" : " · " + owner.phone()) + " · asked " + LOCAL_TIME.format(item.submittedAt());
    if (item.connection() != null) {
      OwnerReview.LiveConnection connection = item.connection();
      text += "\nStream: " + (connection.sourceAddress().isEmpty() ? "a technician of the center will connect it"
          : connection.sourceAddress() + (connection.hasCredentials() ? " (credentials stored, never shown)" : ""));
      if (!connection.note().isEmpty()) {
        text += "\nOwner's note: " + connection.note();
      }
      if (connection.lastTest() != null) {
        text += "\nLast test " + LOCAL_TIME.format(connection.lastTest().testedAt()) + ": " + OwnerReviewQueue.outcome(connection.lastTest().outcome())
            + " — " + connection.lastTest().message();
      }
    }
    return text;
  }

  private static GridPane approveRejectForm(OwnerReviewQueue model) {
    GridPane form = UserAdminView.form();
    Button approve = new Button("Approve");
    approve.setId("approve-registration");
    approve.setOnAction(event -> model.approve());
    form.addRow(0, new Label("Let the owner and cameras in:"), approve);
    form.addRow(1, new Label("Reason (the owner reads it)"), UserAdminView.bound(new TextField(), "reject-reason", model.rejectReasonProperty()));
    Button reject = new Button("Reject");
    reject.setId("reject-registration");
    reject.getStyleClass().add("danger");
    reject.setOnAction(event -> model.reject());
    form.addRow(2, new Label(), reject);
    approve.disableProperty().bind(model.tasks().busyProperty());
    reject.disableProperty().bind(Bindings.or(model.tasks().busyProperty(), model.rejectReasonProperty().isEmpty()));
    return form;
  }

  private static GridPane streamForm(OwnerReviewQueue model) {
    GridPane form = UserAdminView.form();
    Label explanation = new Label("The center's media server tries the stream; when it plays, the camera becomes Level 2 with no grant "
        + "and its owner is invited to set their terms. Give an address only to replace the owner's (e.g. after a technician's visit).");
    explanation.setWrapText(true);
    form.add(explanation, 0, 0, 2, 1);
    form.addRow(1, new Label("Stream address"), UserAdminView.bound(new TextField(), "stream-address", model.streamAddressProperty()));
    form.addRow(2, new Label("User name"), UserAdminView.bound(new TextField(), "stream-username", model.streamUsernameProperty()));
    form.addRow(3, new Label("Password"), UserAdminView.bound(new PasswordField(), "stream-password", model.streamPasswordProperty()));
    Button test = new Button("Test the stream and connect");
    test.setId("test-stream");
    test.setOnAction(event -> model.testStream());
    test.disableProperty().bind(model.tasks().busyProperty());
    form.addRow(4, new Label(), test);
    return form;
  }

  private static <T> TableColumn<T, String> column(String title, java.util.function.Function<T, String> value) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }
}
