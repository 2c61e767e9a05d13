package org.watchfloor.client.wall;

import java.util.Optional;
import java.util.function.Function;
import javafx.collections.ObservableMap;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.Incident;

/**
 * A further wall in a window of its own, to put on another monitor: its toolbar with a screen
 * chooser, and F11 for a full-screen wall with no chrome (kiosk). Closing the window ends its
 * views.
 */
public final class WallWindow {

  private final Stage stage = new Stage();
  private final Wall wall;

  public WallWindow(Wall wall, String title, ObservableMap<String, Incident> incidents, Function<String, Optional<Camera>> cameras,
      String stylesheet, Runnable onClosed) {
    this.wall = wall;
    MenuButton screens = new MenuButton("Screen");
    screens.setOnShowing(event -> {
      screens.getItems().clear();
      int number = 1;
      for (Screen screen : Screen.getScreens()) {
        Rectangle2D bounds = screen.getBounds();
        MenuItem item = new MenuItem("Screen " + number++ + " (" + (int) bounds.getWidth() + "x" + (int) bounds.getHeight() + ")");
        item.setOnAction(chosen -> placeOn(screen));
        screens.getItems().add(item);
      }
    });
    MenuItem fullScreen = new MenuItem("Full screen (F11)");
    fullScreen.setOnAction(event -> stage.setFullScreen(!stage.isFullScreen()));
    screens.getItems().add(fullScreen);

    BorderPane root = new BorderPane(new WallView(wall, cameras));
    root.setTop(new WallToolbar(wall, incidents, screens));
    root.getStyleClass().add("command-center");
    Scene scene = new Scene(root, 1280, 720);
    scene.getStylesheets().add(stylesheet);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F11), () -> stage.setFullScreen(!stage.isFullScreen()));
    stage.setScene(scene);
    stage.setTitle(title);
    stage.setFullScreenExitHint("F11 or Esc leaves full screen");
    stage.setOnHidden(event -> {
      wall.dispose();
      onClosed.run();
    });
  }

  public Wall wall() {
    return wall;
  }

  public Stage stage() {
    return stage;
  }

  /** Moves the window onto {@code screen}, filling its usable area. */
  public void placeOn(Screen screen) {
    Rectangle2D area = screen.getVisualBounds();
    stage.setFullScreen(false);
    stage.setX(area.getMinX());
    stage.setY(area.getMinY());
    stage.setWidth(area.getWidth());
    stage.setHeight(area.getHeight());
  }

  public void show() {
    stage.show();
  }

  /** Closes the window (its views end with it). */
  public void close() {
    stage.close();
  }
}
