package org.watchfloor.client.admin;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Both sides of a change another admin made first, theirs as it is now and this admin's change,
 * with the two ways out: keep theirs, or apply this admin's change again on top of it. Shown only
 * while there is a conflict; every admin screen that edits with base revisions shows this one.
 */
public final class ConflictPane extends VBox {

  /**
   * @param subject names what changed, with its revisions, e.g. "dana.w (revision 3 → 4)"
   * @param describe the object's values a person compares, for both sides
   */
  public <T> ConflictPane(ObservableValue<EditConflict<T>> conflict, Function<EditConflict<T>, String> subject,
      Function<T, String> describe, Runnable keepTheirs, Runnable applyMineAgain) {
    Label heading = new Label("Changed by another admin");
    heading.getStyleClass().add("admin-heading");
    Label explanation = new Label();
    explanation.setId("conflict-text");
    explanation.setWrapText(true);
    explanation.textProperty().bind(Bindings.createStringBinding(() -> {
      EditConflict<T> shown = conflict.getValue();
      if (shown == null) {
        return "";
      }
      return "Another admin changed " + subject.apply(shown) + " after you read it. Nothing of yours was saved.\n\n"
          + "Theirs now: " + describe.apply(shown.theirs()) + "\n"
          + "You read: " + describe.apply(shown.read()) + "\n\n"
          + "Your change: " + shown.yourChange() + ".";
    }, conflict));
    Button keep = new Button("Keep theirs");
    keep.setId("keep-theirs");
    keep.setOnAction(event -> keepTheirs.run());
    Button apply = new Button("Apply mine again");
    apply.setId("apply-mine-again");
    apply.setOnAction(event -> applyMineAgain.run());
    HBox choices = new HBox(keep, apply);
    choices.getStyleClass().add("admin-choices");
    getChildren().addAll(heading, explanation, choices);
    setId("conflict-pane");
    getStyleClass().addAll("admin-section", "admin-conflict");
    visibleProperty().bind(Bindings.createBooleanBinding(() -> conflict.getValue() != null, conflict));
    managedProperty().bind(visibleProperty());
  }
}
