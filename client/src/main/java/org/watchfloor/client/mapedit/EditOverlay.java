package org.watchfloor.client.mapedit;

import com.gluonhq.maps.MapLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.collections.SetChangeListener;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.Camera;

/**
 * What edit mode draws over the painted cameras: a ring around each selected camera, and for a
 * selection of at most {@link #HANDLE_LIMIT} cameras each cone's outline with its handles (heading
 * and range at the tip, field of view at the edges); also the preview of a drag under way and the
 * rectangle or lasso being drawn. Only the selected cameras are drawn, on one canvas, so a
 * selection costs in proportion to its size and the 100,000 others cost nothing here.
 */
final class EditOverlay extends MapLayer {

  /** Above this many selected cameras, cones keep no handles (turning many cones at once is not a gesture). */
  static final int HANDLE_LIMIT = 50;
  /** Pixels within which a press takes a handle. */
  static final double HANDLE_REACH = 8;

  private static final Color SELECTION = Color.web("#ffd54f");
  private static final Color LOCKED = Color.web("#9e9e9e");
  private static final Color BAND = Color.web("#4fc3f7");

  /** Which part of a cone a handle sets. */
  enum HandleKind {
    /** The tip: heading and range. */
    TIP,
    /** The edge counter-clockwise of the heading: the field of view. */
    LEFT_EDGE,
    /** The edge clockwise of the heading: the field of view. */
    RIGHT_EDGE
  }

  /** A handle on the screen. */
  record Handle(String cameraId, int cone, HandleKind kind, double x, double y) {}

  /** A cone being set by a handle, shown before it is sent. */
  record ConePreview(String cameraId, int cone, Camera.ViewCone value) {}

  private final Canvas canvas = new Canvas();
  private final MapEditor editor;
  private final CameraMapModel model;
  private final List<Handle> handles = new ArrayList<>();
  private double previewLatitudeDelta;
  private double previewLongitudeDelta;
  private ConePreview conePreview;
  private List<Point2D> band = List.of();
  private boolean bandIsRectangle;
  /** Where the one selected camera is drawn, in the scene; null when not exactly one is drawn. */
  private final ReadOnlyObjectWrapper<Point2D> selectedInScene = new ReadOnlyObjectWrapper<>();

  EditOverlay(MapEditor editor, CameraMapModel model) {
    this.editor = editor;
    this.model = model;
    canvas.setMouseTransparent(true);
    getChildren().add(canvas);
    editor.selectionProperty().addListener((observable, before, after) -> redraw());
    editor.editingProperty().addListener((observable, before, after) -> redraw());
    editor.lockedLayers().addListener((SetChangeListener<String>) change -> redraw());
    // Only a batch that touches a selected camera redraws: a lookup per changed camera, no pass over the rest.
    model.onCameraChanges(changes -> {
      Set<String> selected = editor.selectionProperty().get();
      if (selected.isEmpty()) {
        return;
      }
      boolean touched = changes.reset() || changes.upserted().stream().anyMatch(camera -> selected.contains(camera.id()))
          || changes.removed().stream().anyMatch(selected::contains);
      if (touched) {
        redraw();
      }
    });
  }

  @Override
  protected void layoutLayer() {
    if (getParent() instanceof Region region) {
      canvas.setWidth(region.getWidth());
      canvas.setHeight(region.getHeight());
    }
    redraw();
  }

  /** The selected cameras shown moved by this much while a drag is under way (0, 0 when none). */
  void previewMove(double latitudeDelta, double longitudeDelta) {
    previewLatitudeDelta = latitudeDelta;
    previewLongitudeDelta = longitudeDelta;
    redraw();
  }

  void previewCone(ConePreview preview) {
    conePreview = preview;
    redraw();
  }

  /** A rectangle (two corners) or a lasso (its points) being drawn; empty when none. */
  void showBand(List<Point2D> points, boolean rectangle) {
    band = List.copyOf(points);
    bandIsRectangle = rectangle;
    redraw();
  }

  /** The handle at a screen position, if one is drawn there. */
  Optional<Handle> handleAt(double x, double y) {
    for (int i = handles.size() - 1; i >= 0; i--) {
      Handle handle = handles.get(i);
      if (Math.hypot(handle.x() - x, handle.y() - y) <= HANDLE_REACH) {
        return Optional.of(handle);
      }
    }
    return Optional.empty();
  }

  /** The handles drawn now (for tests and for the gestures). */
  List<Handle> handles() {
    return List.copyOf(handles);
  }

  /** Where the one selected camera is drawn (its drag preview included), in scene coordinates; null otherwise. */
  ReadOnlyObjectProperty<Point2D> selectedInSceneProperty() {
    return selectedInScene.getReadOnlyProperty();
  }

  /** Where a place on the ground is on the screen, in the map's coordinates. */
  Point2D screen(double latitude, double longitude) {
    return getMapPoint(latitude, longitude);
  }

  private void redraw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
    handles.clear();
    if (!editor.editingProperty().get() || baseMap == null || baseMap.getScene() == null) {
      selectedInScene.set(null);
      return;
    }
    List<Camera> selected = editor.selectedCameras();
    Point2D one = selected.size() != 1 ? null
        : screen(selected.get(0).latitude() + previewLatitudeDelta, selected.get(0).longitude() + previewLongitudeDelta);
    selectedInScene.set(one == null ? null : localToScene(one));
    boolean withHandles = selected.size() <= HANDLE_LIMIT;
    for (Camera camera : selected) {
      Point2D at = screen(camera.latitude() + previewLatitudeDelta, camera.longitude() + previewLongitudeDelta);
      if (at == null || !onCanvas(at, withHandles ? 400 : 20)) {
        continue;
      }
      boolean locked = editor.locked(camera);
      Color color = locked ? LOCKED : SELECTION;
      if (withHandles) {
        for (int i = 0; i < camera.cones().size(); i++) {
          Camera.ViewCone cone = conePreview != null && conePreview.cameraId().equals(camera.id()) && conePreview.cone() == i
              ? conePreview.value() : camera.cones().get(i);
          drawCone(g, camera, at, i, cone, color, !locked);
        }
      }
      g.setStroke(color);
      g.setLineWidth(2.5);
      g.strokeOval(at.getX() - 11, at.getY() - 11, 22, 22);
    }
    drawBand(g);
  }

  private void drawCone(GraphicsContext g, Camera camera, Point2D at, int index, Camera.ViewCone cone, Color color, boolean editable) {
    double heading = cone.hasHeading() ? cone.headingDegrees() : 0;
    double half = Math.min(180, cone.fieldOfViewDegrees() / 2);
    Point2D tip = pointAt(camera, heading, cone.rangeMeters());
    Point2D left = pointAt(camera, heading - half, cone.rangeMeters());
    Point2D right = pointAt(camera, heading + half, cone.rangeMeters());
    double radius = tip.distance(at);
    g.setStroke(color);
    g.setLineWidth(1.5);
    g.setLineDashes(cone.hasHeading() ? null : new double[] {6, 4});
    // The arc in screen angles: JavaFX measures counter-clockwise from east, bearings clockwise from north.
    g.strokeArc(at.getX() - radius, at.getY() - radius, 2 * radius, 2 * radius, 90 - heading - half, 2 * half, javafx.scene.shape.ArcType.ROUND);
    g.setLineDashes(null);
    if (!editable) {
      return;
    }
    g.setFill(color);
    g.fillOval(tip.getX() - 6, tip.getY() - 6, 12, 12);
    g.setStroke(Color.BLACK);
    g.strokeOval(tip.getX() - 6, tip.getY() - 6, 12, 12);
    handles.add(new Handle(camera.id(), index, HandleKind.TIP, tip.getX(), tip.getY()));
    if (half < 180) {
      for (Point2D edge : List.of(left, right)) {
        g.setFill(Color.WHITE);
        g.fillRect(edge.getX() - 5, edge.getY() - 5, 10, 10);
        g.strokeRect(edge.getX() - 5, edge.getY() - 5, 10, 10);
      }
      handles.add(new Handle(camera.id(), index, HandleKind.LEFT_EDGE, left.getX(), left.getY()));
      handles.add(new Handle(camera.id(), index, HandleKind.RIGHT_EDGE, right.getX(), right.getY()));
    }
  }

  /** The screen point {@code meters} from a camera (as previewed) along a bearing. */
  private Point2D pointAt(Camera camera, double bearing, double meters) {
    double latitude = camera.latitude() + previewLatitudeDelta;
    double longitude = camera.longitude() + previewLongitudeDelta;
    double radians = Math.toRadians(bearing);
    return screen(GroundOffset.latitude(latitude, meters * Math.cos(radians)),
        GroundOffset.longitude(latitude, longitude, meters * Math.sin(radians)));
  }

  private void drawBand(GraphicsContext g) {
    if (band.size() < 2) {
      return;
    }
    g.setStroke(BAND);
    g.setFill(BAND.deriveColor(0, 1, 1, 0.15));
    g.setLineWidth(1.5);
    g.setLineDashes(5, 4);
    if (bandIsRectangle) {
      Point2D a = band.get(0);
      Point2D b = band.get(band.size() - 1);
      double x = Math.min(a.getX(), b.getX());
      double y = Math.min(a.getY(), b.getY());
      g.fillRect(x, y, Math.abs(a.getX() - b.getX()), Math.abs(a.getY() - b.getY()));
      g.strokeRect(x, y, Math.abs(a.getX() - b.getX()), Math.abs(a.getY() - b.getY()));
    } else {
      double[] xs = band.stream().mapToDouble(Point2D::getX).toArray();
      double[] ys = band.stream().mapToDouble(Point2D::getY).toArray();
      g.fillPolygon(xs, ys, xs.length);
      g.strokePolygon(xs, ys, xs.length);
    }
    g.setLineDashes(null);
  }

  private boolean onCanvas(Point2D point, double margin) {
    return point.getX() >= -margin && point.getY() >= -margin
        && point.getX() <= canvas.getWidth() + margin && point.getY() <= canvas.getHeight() + margin;
  }
}
