package org.watchfloor.server.camera;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.hprtree.HPRtree;
import org.locationtech.jts.index.quadtree.Quadtree;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.GeoPoint;

/**
 * Where the cameras are, for viewport queries: a packed Hilbert R-tree (JTS HPRtree) over all
 * positions, which answers a city-sized box among a million points in tens of microseconds, plus a
 * small quadtree of the positions written since the R-tree was packed. A packed tree cannot take
 * inserts, and a quadtree alone returns too many false candidates at that size; together they stay
 * exact enough and cheap to update. Candidates may include cameras that have since moved away or
 * been deleted: callers check each camera's current position.
 */
final class CameraIndex {

  /**
   * Repack once this many positions were written since the last packing (or 1% of all, if more):
   * the quadtree's false candidates grow with its size, a repack of a million takes about a second.
   */
  private static final int REPACK_AFTER = 2_000;

  private HPRtree packed = new HPRtree();
  private Quadtree recent = new Quadtree();
  private int recentCount;
  private int packedCount;

  /** Records that camera {@code id} is (now) at {@code point}. */
  void put(String id, GeoPoint point) {
    recent.insert(envelope(point), id);
    recentCount++;
  }

  /** Ids of the cameras that were at some point inside {@code box}; each once. */
  Set<String> candidates(BoundingBox box) {
    Envelope query = new Envelope(box.getWest(), box.getEast(), box.getSouth(), box.getNorth());
    Set<String> ids = new LinkedHashSet<>();
    for (Object id : packed.query(query)) {
      ids.add((String) id);
    }
    for (Object id : recent.query(query)) {
      ids.add((String) id);
    }
    return ids;
  }

  /** Whether enough was written since the last packing that it is worth packing again. */
  boolean wantsRepack() {
    return recentCount > Math.max(REPACK_AFTER, packedCount / 100);
  }

  /** Packs the current positions into a new R-tree and empties the recent quadtree. */
  void repack(Map<String, GeoPoint> positions) {
    HPRtree tree = new HPRtree();
    positions.forEach((id, point) -> tree.insert(envelope(point), id));
    tree.build();
    packed = tree;
    packedCount = positions.size();
    recent = new Quadtree();
    recentCount = 0;
  }

  /** The positions of {@code cameras}, for {@link #repack}. */
  static <C> Map<String, GeoPoint> positions(Map<String, C> cameras, java.util.function.Function<C, GeoPoint> location) {
    Map<String, GeoPoint> positions = new HashMap<>(cameras.size() * 2);
    cameras.forEach((id, camera) -> positions.put(id, location.apply(camera)));
    return positions;
  }

  private static Envelope envelope(GeoPoint point) {
    return new Envelope(point.getLongitude(), point.getLongitude(), point.getLatitude(), point.getLatitude());
  }
}
