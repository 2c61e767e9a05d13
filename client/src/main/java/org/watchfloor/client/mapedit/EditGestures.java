package org.watchfloor.client.mapedit;

import com.gluonhq.maps.MapPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.watchfloor.client.map.CameraLayer;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.GeoBox;

/**
 * The mouse in edit mode, caught on the map pane before the map sees it: a click selects a camera
 * (Shift+click adds or removes it), a drag from a selected camera moves the selection, a drag of
 * a cone's handle turns it, widens it or changes its range, Ctrl+drag draws a selection rectangle
 * and Alt+drag a lasso (with Shift, both add to the selection). Any other drag pans as usual. Out
 * of edit mode nothing here acts, so an analyst's drag never moves a camera.
 */
final class EditGestures {

  /** Pointer travel in pixels below which a press and release are a click, not a drag. */
  private static final double CLICK_SLOP = 3;

  private enum Mode { NONE, CLICKED, MOVE, AIM, RECTANGLE, LASSO }

  private final MapEditor editor;
  private final MapPane pane;
  private final EditOverlay overlay;
  private Mode mode = Mode.NONE;
  private double pressX;
  private double pressY;
  private MapPoint pressedAt;
  private EditOverlay.Handle handle;
  /** The camera a press landed on: a click without a drag selects it alone. */
  private String pressedCamera;
  private Camera.ViewCone aimed;
  private final List<Point2D> band = new ArrayList<>();
  private boolean adding;

  EditGestures(MapEditor editor, MapPane pane, EditOverlay overlay) {
    this.editor = editor;
    this.pane = pane;
    this.overlay = overlay;
    pane.addEventFilter(MouseEvent.MOUSE_PRESSED, this::pressed);
    pane.addEventFilter(MouseEvent.MOUSE_DRAGGED, this::dragged);
    pane.addEventFilter(MouseEvent.MOUSE_RELEASED, this::released);
    pane.addEventFilter(MouseEvent.DRAG_DETECTED, event -> {
      if (mode != Mode.NONE) {
        event.consume();
      }
    });
    pane.addEventFilter(MouseEvent.MOUSE_CLICKED, event -> {
      if (!editor.editingProperty().get() || event.getButton() != MouseButton.PRIMARY) {
        return;
      }
      if (mode == Mode.NONE && !onMap(event)) {
        return;
      }
      if (mode != Mode.NONE) {
        mode = Mode.NONE;
        event.consume();
      } else if (Math.hypot(event.getX() - pressX, event.getY() - pressY) <= CLICK_SLOP && !event.isShiftDown()) {
        editor.select(List.of());
      }
    });
  }

  private CameraLayer cameras() {
    return pane.cameraLayer();
  }

  /** Whether the pointer is on the map itself, not on the edit bar or form floating over it. */
  private boolean onMap(MouseEvent event) {
    for (javafx.scene.Node node = event.getPickResult().getIntersectedNode(); node != null; node = node.getParent()) {
      if (node == pane.mapView()) {
        return true;
      }
    }
    return false;
  }

  private void pressed(MouseEvent event) {
    mode = Mode.NONE;
    pressX = event.getX();
    pressY = event.getY();
    if (!editor.editingProperty().get() || event.getButton() != MouseButton.PRIMARY || !onMap(event)) {
      return;
    }
    pressedAt = pane.mapView().getMapPosition(event.getX(), event.getY());
    adding = event.isShiftDown();
    Optional<EditOverlay.Handle> onHandle = overlay.handleAt(event.getX(), event.getY());
    Optional<CameraLayer.Drawn> onCamera = cameras().hit(event.getX(), event.getY()).filter(hit -> hit.camera() != null);
    if (onHandle.isPresent()) {
      handle = onHandle.get();
      aimed = null;
      mode = Mode.AIM;
    } else if (onCamera.isPresent()) {
      String id = onCamera.get().camera().id();
      pressedCamera = id;
      if (event.isShiftDown()) {
        editor.toggle(id);
        mode = Mode.CLICKED;
      } else {
        if (!editor.selectionProperty().get().contains(id)) {
          editor.select(List.of(id));
        }
        mode = Mode.MOVE;
      }
    } else if (event.isShortcutDown()) {
      mode = Mode.RECTANGLE;
    } else if (event.isAltDown()) {
      mode = Mode.LASSO;
    }
    if (mode != Mode.NONE) {
      band.clear();
      band.add(new Point2D(event.getX(), event.getY()));
      event.consume();
    }
  }

  private void dragged(MouseEvent event) {
    if (mode == Mode.NONE) {
      return;
    }
    event.consume();
    MapPoint now = pane.mapView().getMapPosition(event.getX(), event.getY());
    switch (mode) {
      case MOVE -> overlay.previewMove(now.getLatitude() - pressedAt.getLatitude(), now.getLongitude() - pressedAt.getLongitude());
      case AIM -> aim(now);
      case RECTANGLE, LASSO -> {
        if (mode == Mode.RECTANGLE && band.size() > 1) {
          band.remove(band.size() - 1);
        }
        band.add(new Point2D(event.getX(), event.getY()));
        overlay.showBand(band, mode == Mode.RECTANGLE);
      }
      default -> { }
    }
  }

  private void released(MouseEvent event) {
    if (mode == Mode.NONE || mode == Mode.CLICKED) {
      return;
    }
    event.consume();
    boolean dragged = Math.hypot(event.getX() - pressX, event.getY() - pressY) > CLICK_SLOP;
    MapPoint now = pane.mapView().getMapPosition(event.getX(), event.getY());
    switch (mode) {
      case MOVE -> {
        overlay.previewMove(0, 0);
        if (dragged) {
          editor.moveSelectionBy(now.getLatitude() - pressedAt.getLatitude(), now.getLongitude() - pressedAt.getLongitude());
        } else {
          editor.select(List.of(pressedCamera));
        }
      }
      case AIM -> {
        overlay.previewCone(null);
        if (dragged && aimed != null) {
          editor.aim(handle.cameraId(), handle.cone(), aimed);
        }
      }
      case RECTANGLE, LASSO -> {
        if (mode == Mode.RECTANGLE && band.size() > 1) {
          band.remove(band.size() - 1);
        }
        band.add(new Point2D(event.getX(), event.getY()));
        if (dragged) {
          selectInBand();
        }
        band.clear();
        overlay.showBand(List.of(), true);
      }
      default -> { }
    }
    // The click that follows this release is part of the gesture.
    mode = dragged || mode == Mode.MOVE ? Mode.CLICKED : Mode.NONE;
  }

  /** Sets the previewed cone from where the handle is now: the tip sets heading and range, an edge the field of view. */
  private void aim(MapPoint now) {
    Optional<Camera> held = editor.selectedCameras().stream().filter(camera -> camera.id().equals(handle.cameraId())).findFirst();
    if (held.isEmpty() || handle.cone() >= held.get().cones().size()) {
      return;
    }
    Camera camera = held.get();
    Camera.ViewCone cone = camera.cones().get(handle.cone());
    double bearing = GroundOffset.bearing(camera.latitude(), camera.longitude(), now.getLatitude(), now.getLongitude());
    if (handle.kind() == EditOverlay.HandleKind.TIP) {
      double range = Math.max(1, Math.min(5000, GroundOffset.distance(camera.latitude(), camera.longitude(), now.getLatitude(), now.getLongitude())));
      aimed = new Camera.ViewCone(Math.round(bearing * 10) / 10.0 % 360, cone.fieldOfViewDegrees(), Math.round(range * 10) / 10.0);
    } else {
      double heading = cone.hasHeading() ? cone.headingDegrees() : 0;
      double off = Math.abs(((bearing - heading) % 360 + 540) % 360 - 180);
      double fieldOfView = Math.max(1, Math.min(359, Math.round(2 * off)));
      aimed = new Camera.ViewCone(cone.hasHeading() ? heading : 0, fieldOfView, cone.rangeMeters());
    }
    overlay.previewCone(new EditOverlay.ConePreview(camera.id(), handle.cone(), aimed));
  }

  /** Asks the map's index for the cameras inside the band's bounds, then keeps those inside the lasso. */
  private void selectInBand() {
    List<MapPoint> corners = band.stream().map(point -> pane.mapView().getMapPosition(point.getX(), point.getY())).toList();
    double south = corners.stream().mapToDouble(MapPoint::getLatitude).min().orElseThrow();
    double north = corners.stream().mapToDouble(MapPoint::getLatitude).max().orElseThrow();
    double west = corners.stream().mapToDouble(MapPoint::getLongitude).min().orElseThrow();
    double east = corners.stream().mapToDouble(MapPoint::getLongitude).max().orElseThrow();
    GeoBox box = new GeoBox(south, west, north, east);
    if (mode == Mode.RECTANGLE) {
      editor.selectIn(box, camera -> true, adding);
    } else {
      double[] xs = corners.stream().mapToDouble(MapPoint::getLongitude).toArray();
      double[] ys = corners.stream().mapToDouble(MapPoint::getLatitude).toArray();
      editor.selectIn(box, camera -> inside(xs, ys, camera.longitude(), camera.latitude()), adding);
    }
  }

  /** Even-odd ray casting: whether (x, y) is inside the polygon. */
  static boolean inside(double[] xs, double[] ys, double x, double y) {
    boolean in = false;
    for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
        in = !in;
      }
    }
    return in;
  }
}
