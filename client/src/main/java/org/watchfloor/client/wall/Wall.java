package org.watchfloor.client.wall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.ViewPurpose;

/**
 * A video wall's model: its layout, the cameras in its tiles, the one tile filling the wall (if
 * any), and the purpose its views are opened for. It decides which tiles are on screen: those the
 * layout shows, only the filling one while one fills the wall, none while the wall cannot be seen.
 * Tiles beyond the layout keep their cameras, so a larger layout brings them back.
 */
public final class Wall {

  /** Tiles a wall holds: the largest layout's. */
  public static final int CAPACITY = 25;

  private final LiveVideo video;
  private final List<WallTile> tiles = new ArrayList<>();
  private final ObjectProperty<WallLayout> layout = new SimpleObjectProperty<>(WallLayout.GRID_3);
  /** The tile filling the wall, or -1. */
  private final IntegerProperty filling = new SimpleIntegerProperty(-1);
  private final ObjectProperty<ViewPurpose> purpose = new SimpleObjectProperty<>(new ViewPurpose("", "", "video wall"));
  private boolean visible = true;

  public Wall(LiveVideo video) {
    this.video = video;
    for (int i = 0; i < CAPACITY; i++) {
      tiles.add(new WallTile(video, purpose::get));
    }
    layout.addListener((observable, before, after) -> {
      if (filling.get() >= after.tiles()) {
        filling.set(-1);
      }
      updateShown();
    });
    filling.addListener((observable, before, after) -> updateShown());
    purpose.addListener((observable, before, after) -> tiles.forEach(WallTile::purposeChanged));
    updateShown();
  }

  public List<WallTile> tiles() {
    return Collections.unmodifiableList(tiles);
  }

  public WallTile tile(int index) {
    return tiles.get(index);
  }

  public ObjectProperty<WallLayout> layoutProperty() {
    return layout;
  }

  public IntegerProperty fillingProperty() {
    return filling;
  }

  /** The case (and incident) the wall's views are opened for; the broker audits every view with it. */
  public ObjectProperty<ViewPurpose> purposeProperty() {
    return purpose;
  }

  /** Puts a camera in a tile; null empties it. */
  public void place(int index, Camera camera) {
    tiles.get(index).show(camera);
  }

  /** Shows in a tile that a camera it should hold is no longer in the directory. */
  public void placeMissing(int index, String cameraId) {
    tiles.get(index).showMissing(cameraId);
  }

  /** Puts a camera in the first empty tile the layout shows, if there is one; returns its index. */
  public Optional<Integer> placeInFreeTile(Camera camera) {
    for (int i = 0; i < layout.get().tiles(); i++) {
      if (tiles.get(i).camera() == null) {
        place(i, camera);
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Exchanges two tiles' cameras (a tile dragged onto another). */
  public void swap(int first, int second) {
    if (first == second) {
      return;
    }
    Camera a = tiles.get(first).camera();
    Camera b = tiles.get(second).camera();
    place(first, b);
    place(second, a);
  }

  /** Fills the wall with one tile, or, if it already fills it, goes back to the layout. */
  public void toggleFilling(int index) {
    filling.set(filling.get() == index ? -1 : index);
  }

  /** Whether the wall's window can be seen at all (not minimised, not closed). */
  public void setVisible(boolean canBeSeen) {
    visible = canBeSeen;
    updateShown();
  }

  /** The tiles show their cameras' newest records, looked up by id in the live list. */
  public void refresh(Function<String, Camera> current) {
    tiles.forEach(tile -> tile.refresh(current));
  }

  private void updateShown() {
    int count = layout.get().tiles();
    for (int i = 0; i < CAPACITY; i++) {
      boolean onScreen = visible && i < count && (filling.get() < 0 || filling.get() == i);
      tiles.get(i).setShown(onScreen);
    }
  }

  /** Stops every tile's view and closes its session (a wall window closing). */
  public void clear() {
    for (WallTile tile : tiles) {
      tile.show(null);
    }
  }

  /** Leaves the application's live video: the wall's tiles are no longer served. */
  public void dispose() {
    clear();
    tiles.forEach(WallTile::release);
  }

  LiveVideo video() {
    return video;
  }
}
