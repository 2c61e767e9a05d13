package org.watchfloor.server.camera;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraCluster;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CameraSummary;
import org.watchfloor.proto.v1.GeoPoint;

/**
 * Groups the cameras of a map view into the clusters a map draws: a grid of square cells in Web
 * Mercator pixels at the view's zoom, anchored at the world's corner so that clusters do not
 * change as the view pans. Fed one camera at a time by a pass over the directory.
 */
final class ViewSummary {

  /** Cells a summary may cover, so that an answer stays a map's worth of clusters. */
  static final int MAX_CELLS = 20_000;

  /** One cell's running totals. */
  private static final class Cell {
    int count;
    double latitudeSum;
    double longitudeSum;
    final Map<CameraKind, Integer> byKind = new EnumMap<>(CameraKind.class);
    Camera first;
  }

  private final BoundingBox box;
  private final double worldPixels;
  private final int cellPixels;
  private final Set<CameraKind> kinds;
  private final Set<String> hiddenLayers;
  private final Map<Long, Cell> cells = new HashMap<>();
  private final Map<CameraKind, Integer> directoryByKind = new EnumMap<>(CameraKind.class);
  private int total;
  private int inView;

  ViewSummary(BoundingBox box, int zoom, int cellPixels, Set<CameraKind> kinds, Set<String> hiddenLayers) {
    this.box = box;
    this.worldPixels = 256 * Math.pow(2, zoom);
    this.cellPixels = cellPixels;
    this.kinds = kinds;
    this.hiddenLayers = hiddenLayers;
  }

  /** How many cells of {@code cellPixels} at {@code zoom} meet {@code box}. */
  static long cellsMeeting(BoundingBox box, int zoom, int cellPixels) {
    double world = 256 * Math.pow(2, zoom);
    long columns = (long) Math.floor(x(box.getEast(), world) / cellPixels) - (long) Math.floor(x(box.getWest(), world) / cellPixels) + 1;
    long rows = (long) Math.floor(y(box.getSouth(), world) / cellPixels) - (long) Math.floor(y(box.getNorth(), world) / cellPixels) + 1;
    return columns * rows;
  }

  void add(Camera camera) {
    directoryByKind.merge(camera.getKind(), 1, Integer::sum);
    if (!shown(camera)) {
      return;
    }
    total++;
    GeoPoint at = camera.getLocation();
    if (!Geo.contains(box, at)) {
      return;
    }
    inView++;
    long key = (long) Math.floor(x(at.getLongitude(), worldPixels) / cellPixels) << 32
        | ((long) Math.floor(y(at.getLatitude(), worldPixels) / cellPixels) & 0xffffffffL);
    Cell cell = cells.computeIfAbsent(key, unused -> new Cell());
    if (cell.count == 0) {
      cell.first = camera;
    }
    cell.count++;
    cell.latitudeSum += at.getLatitude();
    cell.longitudeSum += at.getLongitude();
    cell.byKind.merge(camera.getKind(), 1, Integer::sum);
  }

  /** The request's kinds, and a camera in layers is left out when all its layers are hidden. */
  private boolean shown(Camera camera) {
    if (!kinds.isEmpty() && !kinds.contains(camera.getKind())) {
      return false;
    }
    if (camera.getLayerIdsCount() == 0 || hiddenLayers.isEmpty()) {
      return true;
    }
    for (String layer : camera.getLayerIdsList()) {
      if (!hiddenLayers.contains(layer)) {
        return true;
      }
    }
    return false;
  }

  CameraSummary build(long revision) {
    CameraSummary.Builder summary = CameraSummary.newBuilder().setRevision(revision).setTotal(total).setInView(inView);
    directoryByKind.forEach((kind, count) -> summary.putDirectoryByKind(kind.getNumber(), count));
    for (Cell cell : cells.values()) {
      // An EnumMap iterates in the kinds' order, so the first of equal counts is the lower kind.
      CameraKind dominant = null;
      int most = 0;
      for (Map.Entry<CameraKind, Integer> kind : cell.byKind.entrySet()) {
        if (kind.getValue() > most) {
          dominant = kind.getKey();
          most = kind.getValue();
        }
      }
      CameraCluster.Builder cluster = CameraCluster.newBuilder()
          .setCentroid(GeoPoint.newBuilder().setLatitude(cell.latitudeSum / cell.count).setLongitude(cell.longitudeSum / cell.count))
          .setCount(cell.count)
          .setDominantKind(dominant);
      if (cell.count == 1) {
        cluster.setCamera(cell.first);
      }
      summary.addClusters(cluster);
    }
    return summary.build();
  }

  private static double x(double longitude, double worldPixels) {
    return (longitude + 180) / 360 * worldPixels;
  }

  private static double y(double latitude, double worldPixels) {
    double sinLat = Math.sin(Math.toRadians(latitude));
    return (0.5 - Math.log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI)) * worldPixels;
  }
}
