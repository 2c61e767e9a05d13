package org.watchfloor.client.workspace;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;

/**
 * A wall of the cameras around an incident, opened for its case: the first wall of an analyst with
 * no saved workspace (the cameras nearest the most urgent open incident), and the wall an alert
 * fills (see {@link #fill}). Only cameras that can be viewed live are
 * picked (public video cameras, and private ones whose owner shares live); the broker still
 * checks each one's consent when its tile asks for a ticket.
 */
public final class IncidentWall {

  private IncidentWall() {}

  /** Fills {@code wall} as a 3x3 grid around the most urgent open incident; false when there is none. */
  public static boolean arrange(Wall wall, Collection<Camera> cameras, Collection<Incident> incidents) {
    Optional<Incident> urgent = incidents.stream().filter(Incident::open)
        .max(Comparator.comparing(Incident::emergency).thenComparing(Incident::openedAt));
    if (urgent.isEmpty()) {
      return false;
    }
    Incident incident = urgent.get();
    List<Camera> nearest = cameras.stream()
        .filter(IncidentWall::viewableLive)
        .sorted(Comparator.comparingDouble(camera -> squaredDistance(camera, incident)))
        .limit(WallLayout.GRID_3.tiles())
        .toList();
    fill(wall, new ViewPurpose(incident.cadNumber(), incident.id(), "video wall: cameras near " + incident.type()), nearest);
    return true;
  }

  /**
   * Makes {@code wall} a 3x3 grid of {@code nearestFirst} (the first nine; the other tiles
   * emptied), its views opened for {@code purpose}.
   */
  public static void fill(Wall wall, ViewPurpose purpose, List<Camera> nearestFirst) {
    wall.fillingProperty().set(-1);
    wall.layoutProperty().set(WallLayout.GRID_3);
    wall.purposeProperty().set(purpose);
    for (int i = 0; i < WallLayout.GRID_3.tiles(); i++) {
      wall.place(i, i < nearestFirst.size() ? nearestFirst.get(i) : null);
    }
  }

  private static boolean viewableLive(Camera camera) {
    if (!camera.hasVideo() || !camera.online()) {
      return false;
    }
    return camera.type() == CameraType.TRAFFIC || camera.type() == CameraType.CITY_CCTV
        || (camera.type() == CameraType.LIVE_SHARING && camera.badge() == ConsentBadge.LIVE_SHARED);
  }

  /** Good enough to rank cameras within a city: degrees of longitude shrink with the cosine of the latitude. */
  private static double squaredDistance(Camera camera, Incident incident) {
    double dLat = camera.latitude() - incident.latitude();
    double dLon = (camera.longitude() - incident.longitude()) * Math.cos(Math.toRadians(incident.latitude()));
    return dLat * dLat + dLon * dLon;
  }
}
