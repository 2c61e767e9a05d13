package org.watchfloor.client.mapedit;

import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.watchfloor.client.admin.ConflictPane;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;

/**
 * Edit mode on a camera map: the overlay of the selection and its handles, the gestures, the
 * toolbar, the conflict with another admin's change, drops from the palette and the keyboard.
 */
public final class MapEditing {

  /** How a palette drag names the kind of camera to place. */
  static final String PALETTE_PREFIX = "watchfloor-camera-kind:";

  private final MapEditor editor;
  private final MapPane pane;
  private final EditOverlay overlay;

  private MapEditing(MapEditor editor, MapPane pane) {
    this.editor = editor;
    this.pane = pane;
    this.overlay = new EditOverlay(editor, pane.model());
  }

  /** Adds edit mode to {@code pane}; the toolbar shows only to admins, and edit mode starts off. */
  public static MapEditing install(MapEditor editor, MapPane pane) {
    MapEditing editing = new MapEditing(editor, pane);
    pane.mapView().addLayer(editing.overlay);
    new EditGestures(editor, pane, editing.overlay);
    EditToolbar toolbar = new EditToolbar(editor, pane);
    toolbar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    StackPane.setAlignment(toolbar, Pos.TOP_LEFT);
    ConflictPane conflict = new ConflictPane(editor.conflictProperty(),
        shown -> shown.theirs().size() == 1 ? shown.theirs().get(0).name() + " (revision " + shown.read().get(0).revision()
            + " → " + shown.theirs().get(0).revision() + ")" : shown.theirs().size() + " cameras",
        MapEditing::describe, editor::keepTheirs, editor::applyMineAgain);
    conflict.getStyleClass().add("map-edit-conflict");
    conflict.setMaxSize(420, Region.USE_PREF_SIZE);
    StackPane.setAlignment(conflict, Pos.TOP_RIGHT);
    CameraForm form = new CameraForm(editor, pane.model());
    form.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    StackPane.setAlignment(form, Pos.BOTTOM_LEFT);
    // The form keeps clear of the camera it describes: over it, the camera could not be grabbed.
    editing.overlay.selectedInSceneProperty().addListener((observable, before, at) -> StackPane.setAlignment(form,
        at != null && underBottomLeft(pane, form, pane.sceneToLocal(at)) ? Pos.BOTTOM_RIGHT : Pos.BOTTOM_LEFT));
    pane.getChildren().addAll(toolbar, form, conflict);
    pane.addEventHandler(DragEvent.DRAG_OVER, event -> {
      if (editor.editingProperty().get() && paletteKind(event).isPresent()) {
        event.acceptTransferModes(TransferMode.COPY);
        event.consume();
      }
    });
    pane.addEventHandler(DragEvent.DRAG_DROPPED, event -> paletteKind(event).ifPresent(type -> {
      var at = pane.mapView().getMapPosition(event.getX(), event.getY());
      editor.place(type, at.getLatitude(), at.getLongitude());
      event.setDropCompleted(true);
      event.consume();
    }));
    return editing;
  }

  /** Whether {@code at} (in the pane) would be under the form placed in the pane's bottom-left corner, with a margin. */
  private static boolean underBottomLeft(StackPane pane, Region form, Point2D at) {
    double margin = 24;
    return at.getX() < form.prefWidth(-1) + margin && at.getY() > pane.getHeight() - form.prefHeight(-1) - margin;
  }

  /** Alt+arrows nudge the selection 1 m (with Shift 10 m); Ctrl+Z undoes, Ctrl+Shift+Z redoes. */
  public void installShortcuts(Scene scene) {
    KeyCode[] arrows = {KeyCode.UP, KeyCode.DOWN, KeyCode.LEFT, KeyCode.RIGHT};
    double[][] directions = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}};
    for (int i = 0; i < arrows.length; i++) {
      double north = directions[i][0];
      double east = directions[i][1];
      scene.getAccelerators().put(new KeyCodeCombination(arrows[i], KeyCombination.ALT_DOWN), () -> editor.nudgeSelection(north, east));
      scene.getAccelerators().put(new KeyCodeCombination(arrows[i], KeyCombination.ALT_DOWN, KeyCombination.SHIFT_DOWN),
          () -> editor.nudgeSelection(10 * north, 10 * east));
    }
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), editor::undo);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), editor::redo);
  }

  /** The overlay, for tests that look at the handles drawn. */
  EditOverlay overlay() {
    return overlay;
  }

  private static Optional<CameraType> paletteKind(DragEvent event) {
    String text = event.getDragboard().hasString() ? event.getDragboard().getString() : "";
    if (!text.startsWith(PALETTE_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(CameraType.valueOf(text.substring(PALETTE_PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The values an admin compares in a conflict: where each camera is and where it looks. */
  static String describe(java.util.List<Camera> cameras) {
    StringBuilder text = new StringBuilder();
    for (Camera camera : cameras.subList(0, Math.min(3, cameras.size()))) {
      if (text.length() > 0) {
        text.append("; ");
      }
      text.append(camera.name()).append(String.format(java.util.Locale.ROOT, " at %.6f, %.6f", camera.latitude(), camera.longitude()));
      for (Camera.ViewCone cone : camera.cones()) {
        text.append(String.format(java.util.Locale.ROOT, ", cone %s° %.0f° wide %.0f m",
            cone.hasHeading() ? String.format(java.util.Locale.ROOT, "%.0f", cone.headingDegrees()) : "?", cone.fieldOfViewDegrees(), cone.rangeMeters()));
      }
    }
    if (cameras.size() > 3) {
      text.append("; and ").append(cameras.size() - 3).append(" more");
    }
    return text.toString();
  }
}
