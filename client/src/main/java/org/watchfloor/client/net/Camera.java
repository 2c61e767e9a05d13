package org.watchfloor.client.net;

import java.util.List;
import java.util.Set;

/**
 * A camera as the client shows it: where it is, what it sees, whose it is and what may be done
 * with it. Converted from the contract in {@code net}; the rest of the client knows only this.
 */
public record Camera(
    String id,
    String name,
    CameraType type,
    double latitude,
    double longitude,
    List<ViewCone> cones,
    String address,
    String operator,
    String ownerId,
    Set<String> layerIds,
    ConsentBadge badge,
    boolean online,
    boolean hasVideo,
    long revision) {

  /** What a camera sees: a heading (degrees clockwise from north, NaN when unknown), a width and a reach. */
  public record ViewCone(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
    public boolean hasHeading() {
      return !Double.isNaN(headingDegrees);
    }
  }
}
