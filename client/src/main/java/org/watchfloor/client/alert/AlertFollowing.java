package org.watchfloor.client.alert;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.watchfloor.client.evidence.EvidenceExportDialog;
import org.watchfloor.client.map.CameraDetails;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.NearbyCameras;
import org.watchfloor.client.net.UserRole;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.workspace.IncidentWall;

/**
 * How the command center follows an alert: the broker names the cameras it allows near the place,
 * the map flies there, the wall fills with them (as the first-run incident wall does; with none, the
 * wall stays as it was), and a Level 1 camera's footage request opens in the camera details.
 */
public final class AlertFollowing implements AlertActions {

  /** As far as the broker looks: readers on the county's edge may have no camera within a kilometre. */
  public static final double SEARCH_RADIUS_METERS = 5000;

  private final BrokerConnection connection;
  private final CameraMapModel model;
  private final MapPane map;
  private final Wall wall;
  private final CameraDetails details;
  private final SimpleBooleanProperty supervisor = new SimpleBooleanProperty(false);

  public AlertFollowing(BrokerConnection connection, CameraMapModel model, MapPane map, Wall wall, CameraDetails details) {
    this.connection = connection;
    this.model = model;
    this.map = map;
    this.wall = wall;
    this.details = details;
    CompletableFuture.supplyAsync(connection::me).thenAccept(user -> Platform.runLater(() -> supervisor.set(user.holds(UserRole.SUPERVISOR))));
  }

  @Override
  public ReadOnlyBooleanProperty mayExportEvidence() {
    return supervisor;
  }

  @Override
  public void exportEvidence(Incident incident) {
    EvidenceExportDialog.openFor(connection, model.incidents(), incident, map.getScene().getStylesheets().toArray(String[]::new));
  }

  @Override
  public NearbyCameras findNearby(double latitude, double longitude, ViewPurpose purpose) {
    return connection.findViewableCameras(latitude, longitude, SEARCH_RADIUS_METERS, purpose, WallLayout.GRID_3.tiles());
  }

  @Override
  public void showOnWall(double latitude, double longitude, ViewPurpose purpose, List<Camera> cameras) {
    map.show(latitude, longitude);
    if (!cameras.isEmpty()) {
      IncidentWall.fill(wall, purpose, cameras);
    }
  }

  @Override
  public void requestFootage(Camera camera, ViewPurpose purpose) {
    model.selectedProperty().set(camera);
    details.fillFootageRequest(purpose);
    map.show(camera);
  }
}
