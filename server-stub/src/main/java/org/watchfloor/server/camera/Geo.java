package org.watchfloor.server.camera;

import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.GeoPoint;

/** Small WGS84 calculations the directory needs: containment, distance, a box around a point. */
public final class Geo {

  private static final double EARTH_RADIUS_METERS = 6_371_008.8;

  private Geo() {}

  public static boolean contains(BoundingBox box, GeoPoint point) {
    return point.getLatitude() >= box.getSouth()
        && point.getLatitude() <= box.getNorth()
        && point.getLongitude() >= box.getWest()
        && point.getLongitude() <= box.getEast();
  }

  /** Great-circle distance (haversine), good to a few metres at city scale. */
  public static double distanceMeters(GeoPoint a, GeoPoint b) {
    double lat1 = Math.toRadians(a.getLatitude());
    double lat2 = Math.toRadians(b.getLatitude());
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(b.getLongitude() - a.getLongitude());
    double h =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** The smallest lat/lon box that holds the circle of {@code radiusMeters} around {@code center}. */
  public static BoundingBox around(GeoPoint center, double radiusMeters) {
    double dLat = Math.toDegrees(radiusMeters / EARTH_RADIUS_METERS);
    double cosLat = Math.max(0.01, Math.cos(Math.toRadians(center.getLatitude())));
    double dLon = Math.min(180, dLat / cosLat);
    return BoundingBox.newBuilder()
        .setSouth(Math.max(-90, center.getLatitude() - dLat))
        .setNorth(Math.min(90, center.getLatitude() + dLat))
        .setWest(Math.max(-180, center.getLongitude() - dLon))
        .setEast(Math.min(180, center.getLongitude() + dLon))
        .build();
  }
}
