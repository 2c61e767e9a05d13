package org.watchfloor.client.workspace;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;

/** The workspace's actions beside the main wall: wall windows, presets, the tour, saving. */
public final class WorkspaceMenu extends MenuButton {

  public WorkspaceMenu(Workstation workstation) {
    super("Workspace");
    setOnShowing(event -> rebuild(workstation));
    rebuild(workstation);
  }

  private void rebuild(Workstation workstation) {
    MenuItem newWindow = new MenuItem("New wall window (Ctrl+Shift+N)");
    newWindow.setOnAction(event -> workstation.openWallWindow(null));

    MenuItem savePreset = new MenuItem("Save walls as preset…");
    savePreset.setOnAction(event -> ask("Save the walls as a preset", "Preset name", "")
        .filter(name -> !name.isBlank()).ifPresent(workstation::savePreset));

    Menu recall = new Menu("Recall preset");
    Menu delete = new Menu("Delete preset");
    for (String name : workstation.presetNames()) {
      MenuItem recallOne = new MenuItem(name);
      recallOne.setOnAction(event -> workstation.recallPreset(name));
      recall.getItems().add(recallOne);
      MenuItem deleteOne = new MenuItem(name);
      deleteOne.setOnAction(event -> workstation.deletePreset(name));
      delete.getItems().add(deleteOne);
    }
    recall.setDisable(recall.getItems().isEmpty());
    delete.setDisable(delete.getItems().isEmpty());

    MenuItem tour;
    if (workstation.touring()) {
      tour = new MenuItem("Stop the tour");
      tour.setOnAction(event -> workstation.stopTour());
    } else {
      tour = new MenuItem("Tour through the presets…");
      tour.setDisable(workstation.presetNames().isEmpty());
      tour.setOnAction(event -> ask("Tour through the presets", "Seconds each preset stays up", "30")
          .flatMap(WorkspaceMenu::seconds).ifPresent(workstation::startTour));
    }

    MenuItem save = new MenuItem("Save workspace now");
    save.setOnAction(event -> workstation.save());
    getItems().setAll(newWindow, new SeparatorMenuItem(), savePreset, recall, delete, tour, new SeparatorMenuItem(), save);
  }

  private static Optional<String> ask(String title, String prompt, String initial) {
    TextInputDialog dialog = new TextInputDialog(initial);
    dialog.setTitle(title);
    dialog.setHeaderText(null);
    dialog.setContentText(prompt);
    return dialog.showAndWait().map(String::strip);
  }

  private static Optional<Integer> seconds(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      new Alert(Alert.AlertType.ERROR, "\"" + text + "\" is not a whole number of seconds; the tour did not start.").show();
      return Optional.empty();
    }
  }
}
