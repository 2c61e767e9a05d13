package org.watchfloor.client.signin;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerList;
import org.watchfloor.client.net.ChannelSecurity;

/** The window a person signs in through when the client was started without a token: broker, user name, password. */
public final class SignInDialog extends VBox {

  private final TextField server = new TextField();
  private final TextField username = new TextField();
  private final PasswordField password = new PasswordField();

  public SignInDialog(SignInForm form) {
    getStyleClass().add("sign-in");
    server.setId("sign-in-server");
    username.setId("sign-in-username");
    password.setId("sign-in-password");
    server.textProperty().bindBidirectional(form.serverProperty());
    username.textProperty().bindBidirectional(form.usernameProperty());
    password.textProperty().bindBidirectional(form.passwordProperty());
    username.setPromptText("e.g. dana.w");

    GridPane fields = new GridPane();
    fields.getStyleClass().add("sign-in-fields");
    fields.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(260));
    fields.addRow(0, new Label("Server"), server);
    fields.addRow(1, new Label("User name"), username);
    fields.addRow(2, new Label("Password"), password);

    Label message = new Label();
    message.setId("sign-in-message");
    message.getStyleClass().add("sign-in-message");
    message.setWrapText(true);
    message.textProperty().bind(form.messageProperty());
    message.visibleProperty().bind(form.messageProperty().isNotEmpty());
    message.managedProperty().bind(message.visibleProperty());

    Button signIn = new Button("Sign in");
    signIn.setId("sign-in-button");
    signIn.setDefaultButton(true);
    signIn.disableProperty().bind(form.busyProperty());
    signIn.setOnAction(event -> form.submit());
    ProgressIndicator working = new ProgressIndicator();
    working.getStyleClass().add("sign-in-working");
    working.visibleProperty().bind(form.busyProperty());
    HBox actions = new HBox(working, signIn);
    actions.getStyleClass().add("sign-in-actions");

    Label title = new Label("Sign in to Watchfloor");
    title.getStyleClass().add("sign-in-title");
    getChildren().addAll(title, fields, message, actions);
    VBox.setVgrow(fields, Priority.NEVER);
    setPadding(new Insets(20));
  }

  /** Focuses the first empty field, so a person can start typing at once. */
  public void focusFirstEmpty() {
    (server.getText().isBlank() ? server : username.getText().isBlank() ? username : password).requestFocus();
  }

  /**
   * Shows the dialog and waits until the person signed in (the connection is returned) or closed
   * it (empty). Call on the FX thread.
   */
  public static Optional<BrokerConnection> ask(BrokerList initialServer, ChannelSecurity security, String... stylesheets) {
    SignInForm form = new SignInForm(initialServer, security);
    SignInDialog dialog = new SignInDialog(form);
    Stage stage = new Stage();
    stage.setTitle("Watchfloor — sign in");
    Scene scene = new Scene(dialog);
    scene.getStylesheets().addAll(stylesheets);
    scene.getStylesheets().add(SignInDialog.class.getResource("sign-in.css").toExternalForm());
    stage.setScene(scene);
    form.signedInProperty().addListener((observable, before, connection) -> stage.close());
    stage.setOnShown(event -> dialog.focusFirstEmpty());
    stage.showAndWait();
    return Optional.ofNullable(form.signedInProperty().get());
  }
}
