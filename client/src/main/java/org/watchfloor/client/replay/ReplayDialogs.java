package org.watchfloor.client.replay;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.watchfloor.client.net.BrokerRefusal;

/** The replay's small dialogs (bookmark, footage request): labelled fields, a message line, an action and a way out. */
final class ReplayDialogs {

  private ReplayDialogs() {}

  /** A grid of labelled fields: labels keep their width, fields take the rest. */
  static GridPane fields() {
    GridPane fields = new GridPane();
    fields.setHgap(8);
    fields.setVgap(6);
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    values.setFillWidth(true);
    fields.getColumnConstraints().setAll(labels, values);
    return fields;
  }

  /**
   * Makes {@code call} to the broker off the FX thread with {@code action} disabled meanwhile;
   * {@code answered} takes the answer on the FX thread, a refusal shows in {@code message}.
   */
  static <T> void ask(Replay replay, Label message, Button action, Supplier<T> call, Consumer<T> answered) {
    action.setDisable(true);
    replay.background(() -> {
      try {
        T answer = call.get();
        replay.fx(() -> {
          action.setDisable(false);
          answered.accept(answer);
        });
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> {
          message.setText("The broker refused: " + refusal.getMessage());
          action.setDisable(false);
        });
      }
    });
  }

  /**
   * Lays {@code fields}, {@code message} and the buttons ({@code action}, and {@code dismiss},
   * which closes) into {@code stage}, a modal child of {@code owner} styled by {@code stylesheet}.
   */
  static void layOut(Stage stage, Window owner, String stylesheet, String styleClass, GridPane fields, Label message, Button action,
      String dismiss, double width, double height) {
    message.getStyleClass().add("replay-notice");
    message.setWrapText(true);
    action.setDefaultButton(true);
    Button close = new Button(dismiss);
    close.setCancelButton(true);
    close.setOnAction(event -> stage.close());
    HBox buttons = new HBox(8, action, close);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    VBox root = new VBox(10, fields, message, buttons);
    root.getStyleClass().addAll("command-center", styleClass);
    root.setPadding(new Insets(14));
    Scene scene = new Scene(root, width, height);
    scene.getStylesheets().add(stylesheet);
    stage.setScene(scene);
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
  }
}
