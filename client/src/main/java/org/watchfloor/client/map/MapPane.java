package org.watchfloor.client.map;

import com.gluonhq.maps.MapPoint;
import com.gluonhq.maps.MapView;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.ui.CameraTransfer;

/**
 * The camera map: Gluon's MapView with the county's roads (when no tile source is configured),
 * the camera layer painted over them (one image on screen), and the attribution its ground requires. A click selects the camera
 * under it, or zooms into the cluster under it; a drag pans as usual.
 */
public final class MapPane extends StackPane {

  /** Lexington, Kentucky: where the demo world is. */
  public static final MapPoint LEXINGTON = new MapPoint(38.0406, -84.5037);

  private final MapView map = new MapView();
  private final CameraMapModel model;
  private final CameraLayer cameras;
  private final RoadLayer roads = ConfiguredTileRetriever.hasSource() ? null : new RoadLayer();
  private double pressX;
  private double pressY;

  public MapPane(CameraMapModel model) {
    getStyleClass().add("map-pane");
    this.model = model;
    cameras = new CameraLayer(model);
    if (roads != null) {
      map.addLayer(roads);
      cameras.paintOver(roads);
    }
    map.addLayer(cameras);
    map.setZoom(12);
    map.setCenter(LEXINGTON);
    getChildren().add(map);
    String attribution = ConfiguredTileRetriever.attribution();
    if (!attribution.isEmpty()) {
      Label line = new Label(attribution);
      line.getStyleClass().add("map-attribution");
      line.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
      StackPane.setAlignment(line, Pos.BOTTOM_RIGHT);
      getChildren().add(line);
    }
    map.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> {
      pressX = event.getX();
      pressY = event.getY();
    });
    // Dragging a marker carries its camera to a wall tile instead of panning the map.
    map.addEventFilter(MouseEvent.DRAG_DETECTED, event -> cameras.hit(pressX, pressY)
        .filter(hit -> hit.camera() != null)
        .ifPresent(hit -> {
          CameraTransfer.offer(map, hit.camera());
          event.consume();
        }));
    map.addEventFilter(MouseEvent.MOUSE_CLICKED, event -> {
      if (event.getButton() != MouseButton.PRIMARY || Math.hypot(event.getX() - pressX, event.getY() - pressY) > 4) {
        return; // a drag, not a click
      }
      cameras.hit(event.getX(), event.getY()).ifPresentOrElse(hit -> {
        if (hit.camera() != null) {
          model.selectedProperty().set(hit.camera());
        } else {
          map.flyTo(0, cameras.positionAt(hit.x(), hit.y()), 0.4);
          map.setZoom(Math.min(19, cameras.zoom() + 2));
        }
      }, () -> model.selectedProperty().set(null));
    });
  }

  public void zoomBy(double delta) {
    map.setZoom(Math.max(2, Math.min(19, map.getZoom() + delta)));
  }

  /** Centres the map on a camera, close enough to see it on its own. */
  public void show(Camera camera) {
    show(camera.latitude(), camera.longitude());
  }

  /** Centres the map on a place, close enough to see its cameras one by one. */
  public void show(double latitude, double longitude) {
    map.setZoom(Math.max(map.getZoom(), CameraPainter.INDIVIDUAL_ZOOM));
    map.flyTo(0, new MapPoint(latitude, longitude), 0.5);
  }

  /** What the map shows. */
  public CameraMapModel model() {
    return model;
  }

  public CameraLayer cameraLayer() {
    return cameras;
  }

  /** The county's roads drawn by the client, absent when tiles come from a configured source. */
  Optional<RoadLayer> roadLayer() {
    return Optional.ofNullable(roads);
  }

  public MapView mapView() {
    return map;
  }
}
