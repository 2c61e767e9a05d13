package org.watchfloor.client.wall;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ChangeListener;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.watchfloor.client.net.Camera;

/**
 * A wall on screen: its tiles laid out by the wall's layout (or one filling it), with a thin gap.
 * It tells the wall when its window cannot be seen (minimised or closed), so no tile decodes for
 * nobody.
 */
public final class WallView extends Region {

  /** Between tiles, device-independent pixels; the replay wall uses the same. */
  public static final double GAP = 2;

  private final Wall wall;
  private final List<TileView> tiles = new ArrayList<>();
  private final Timeline clock = new Timeline(new KeyFrame(Duration.seconds(1), event -> tick()));

  /** {@code cameras} finds a dropped camera by id in the live list. */
  public WallView(Wall wall, Function<String, Optional<Camera>> cameras) {
    this.wall = wall;
    getStyleClass().add("wall");
    for (int i = 0; i < Wall.CAPACITY; i++) {
      TileView tile = new TileView(wall, i, cameras);
      tiles.add(tile);
      getChildren().add(tile);
    }
    wall.layoutProperty().addListener((observable, before, after) -> requestLayout());
    wall.fillingProperty().addListener((observable, before, after) -> requestLayout());
    clock.setCycleCount(Timeline.INDEFINITE);
    clock.play();
    tick();
    followWindow();
  }

  public Wall wall() {
    return wall;
  }

  private void tick() {
    LocalTime now = LocalTime.now();
    tiles.forEach(tile -> tile.tick(now));
  }

  /** Shown tiles only while the window is showing and not minimised. */
  private void followWindow() {
    ChangeListener<Object> update = (observable, before, after) -> updateVisibility();
    sceneProperty().addListener((observable, before, scene) -> {
      if (scene != null) {
        scene.windowProperty().addListener((o, b, window) -> {
          if (window != null) {
            window.showingProperty().addListener(update);
            if (window instanceof Stage stage) {
              stage.iconifiedProperty().addListener(update);
            }
          }
          updateVisibility();
        });
      }
      updateVisibility();
    });
  }

  private void updateVisibility() {
    Window window = getScene() == null ? null : getScene().getWindow();
    boolean seen = window != null && window.isShowing() && !(window instanceof Stage stage && stage.isIconified());
    wall.setVisible(seen);
  }

  @Override
  protected void layoutChildren() {
    wall.layoutProperty().get().layOut(tiles, wall.fillingProperty().get(), snappedLeftInset(), snappedTopInset(),
        getWidth() - snappedLeftInset() - snappedRightInset(), getHeight() - snappedTopInset() - snappedBottomInset(), GAP);
  }

  @Override
  protected double computePrefWidth(double height) {
    return 960;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 540;
  }
}
