package org.watchfloor.client.mapedit;

/** Moving a point on the ground by metres north and east, and the bearing and distance between points. */
final class GroundOffset {

  /** The mean Earth radius (IUGG), metres: within a metre over the few hundred metres an edit moves. */
  private static final double EARTH_RADIUS = 6_371_008.8;

  private GroundOffset() {}

  /** The latitude {@code northMeters} north of {@code latitude}. */
  static double latitude(double latitude, double northMeters) {
    return latitude + Math.toDegrees(northMeters / EARTH_RADIUS);
  }

  /** The longitude {@code eastMeters} east of a point at {@code latitude}, {@code longitude}. */
  static double longitude(double latitude, double longitude, double eastMeters) {
    return longitude + Math.toDegrees(eastMeters / (EARTH_RADIUS * Math.cos(Math.toRadians(latitude))));
  }

  /** Degrees clockwise from north from the first point to the second, in [0, 360). */
  static double bearing(double lat1, double lon1, double lat2, double lon2) {
    double north = Math.toRadians(lat2 - lat1);
    double east = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
    double degrees = Math.toDegrees(Math.atan2(east, north));
    return degrees < 0 ? degrees + 360 : degrees % 360;
  }

  /** Metres between two nearby points (equirectangular: exact enough within a few kilometres). */
  static double distance(double lat1, double lon1, double lat2, double lon2) {
    double north = Math.toRadians(lat2 - lat1);
    double east = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
    return EARTH_RADIUS * Math.hypot(north, east);
  }
}
