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
 * A first wall for an analyst with no saved workspace: the cameras nearest the most urgent open
 * incident, opened for that incident's CAD number. Only cameras that can be viewed live are
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
    wall.layoutProperty().set(WallLayout.GRID_3);
    wall.purposeProperty().set(new ViewPurpose(incident.cadNumber(), incident.id(), "video wall: cameras near " + incident.type()));
    List<Camera> nearest = cameras.stream()
        .filter(IncidentWall::viewableLive)
        .sorted(Comparator.comparingDouble(camera -> squaredDistance(camera, incident)))
        .limit(WallLayout.GRID_3.tiles())
        .toList();
    for (int i = 0; i < nearest.size(); i++) {
      wall.place(i, nearest.get(i));
    }
    return true;
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
