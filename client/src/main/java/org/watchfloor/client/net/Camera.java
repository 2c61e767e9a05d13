package org.watchfloor.client.net;

import java.util.List;
import java.util.Map;
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
    Equipment equipment,
    long revision) {

  /**
   * This state holding the parts that equal {@code before}'s as {@code before}'s own objects. A
   * change usually alters one field (health, layers) of a camera held since long ago: the new copies
   * of the rest, just decoded, then die young instead of being kept, and the collector has fewer
   * new objects to copy while a burst of changes lands.
   */
  public Camera sharingWith(Camera before) {
    return new Camera(
        same(before.id, id),
        same(before.name, name),
        type,
        latitude,
        longitude,
        same(before.cones, cones),
        same(before.address, address),
        same(before.operator, operator),
        same(before.ownerId, ownerId),
        same(before.layerIds, layerIds),
        badge,
        online,
        same(before.equipment, equipment),
        revision);
  }

  private static <T> T same(T before, T now) {
    return before.equals(now) ? before : now;
  }

  /** Whether the center can serve the camera's video (it has a stream profile). */
  public boolean hasVideo() {
    return !equipment.streams().isEmpty();
  }

  /** What a camera sees: a heading (degrees clockwise from north, NaN when unknown), a width and a reach. */
  public record ViewCone(double headingDegrees, double fieldOfViewDegrees, double rangeMeters) {
    public boolean hasHeading() {
      return !Double.isNaN(headingDegrees);
    }
  }

  /**
   * What a camera offers besides its place and cones: its stream profiles, free tags, whether it
   * pans and tilts, and whether the center records it (and for how many hours; 0 when not).
   * Cameras with equal equipment share one instance (see {@code ContractMapping}), so 100,000
   * cameras of a few models cost a few of these.
   */
  public record Equipment(List<StreamProfile> streams, Map<String, String> tags, boolean ptz, boolean continuousRecording,
      long retentionHours) {

    /** No streams, no tags, not PTZ, not recorded: a registered private camera or a fresh placement. */
    public static final Equipment NONE = new Equipment(List.of(), Map.of(), false, false, 0);

    public Equipment {
      streams = List.copyOf(streams);
      tags = Map.copyOf(tags);
    }
  }

  /** One way the center serves the camera's video (never a URL): name, main or sub, protocol and format; 0 or "" when unknown. */
  public record StreamProfile(String name, boolean main, VideoProtocol protocol, int width, int height, double frameRate, String codec,
      int bitrateKbps, boolean hasAudio) {}
}
