package org.watchfloor.client.map;

import com.gluonhq.impl.maps.BaseMap;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.scene.Scene;

/**
 * Keeps Gluon's base map from laying out tiles while it is hidden (no tile source: the map pane's
 * background and the roads layer are the ground). Gluon Maps lays out its tiles at every move
 * even when nothing shows them: each tile made stays (softly held) and recomputes its place and
 * a debug string at every change of zoom or translation, so after a while of panning hundreds of
 * hidden tiles cost a third of the FX thread's frame and most of its garbage. The base map still
 * holds the view (zoom and translation) the layers and Gluon's gestures use. Gluon offers no
 * setting for this: its private "needs tiles" flag is cleared before each layout pass instead
 * (decision record 0024); should a later Gluon Maps lack the flag, its tiles load as before.
 */
final class HiddenBaseMap {

  private static final Logger LOG = Logger.getLogger(HiddenBaseMap.class.getName());
  private static final Field TILES_DIRTY = tilesDirtyFlag();

  private final BaseMap baseMap;

  private HiddenBaseMap(BaseMap baseMap) {
    this.baseMap = baseMap;
  }

  /**
   * From now on {@code baseMap} lays out no tiles: its flag is cleared before each layout pass of
   * its scene, and by {@link #skipTiles} calls within a pass, before the base map's own layout.
   */
  static HiddenBaseMap withoutTiles(BaseMap baseMap) {
    HiddenBaseMap hidden = new HiddenBaseMap(baseMap);
    if (TILES_DIRTY != null) {
      Runnable beforeLayout = hidden::skipTiles;
      baseMap.sceneProperty().addListener((observable, before, after) -> {
        if (before != null) {
          before.removePreLayoutPulseListener(beforeLayout);
        }
        if (after != null) {
          after.addPreLayoutPulseListener(beforeLayout);
        }
      });
      Scene scene = baseMap.getScene();
      if (scene != null) {
        scene.addPreLayoutPulseListener(beforeLayout);
      }
    }
    return hidden;
  }

  /** Clears the base map's wish to lay out tiles; call from a layer's layout (the map view lays out its layers before the base map). */
  void skipTiles() {
    if (TILES_DIRTY == null) {
      return;
    }
    try {
      TILES_DIRTY.setBoolean(baseMap, false);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the base map's tile flag was made accessible", e);
    }
  }

  private static Field tilesDirtyFlag() {
    try {
      Field dirty = BaseMap.class.getDeclaredField("dirty");
      if (dirty.getType() != boolean.class) {
        throw new NoSuchFieldException("BaseMap.dirty is a " + dirty.getType());
      }
      dirty.setAccessible(true);
      return dirty;
    } catch (NoSuchFieldException | RuntimeException e) {
      LOG.log(Level.INFO, "Gluon's hidden base map keeps laying out its tiles (no flag to clear in this Gluon Maps)", e);
      return null;
    }
  }
}
