package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.Incident;

/**
 * Paints one view of the map's content into a {@link MapRaster}, off the FX thread: the county
 * outline, open incidents, and the cameras as clusters or, from {@link #INDIVIDUAL_ZOOM}, one
 * by one with their cones. Clusters are computed once per zoom level (a grid in world pixels)
 * and kept in an R-tree per level, so a paint only queries what is on the raster. One painter
 * serves one state of the content; it is used by one thread at a time.
 */
final class CameraPainter {

  /** Cameras closer than this on screen merge into a cluster. */
  static final double CLUSTER_CELL_PIXELS = 48;
  /** From this zoom on every camera is drawn on its own, with its cone. */
  static final double INDIVIDUAL_ZOOM = 16;
  static final double INCIDENT_RADIUS_METERS = 500;
  private static final int COUNTY_LINE = 0xff4a5968;

  /**
   * Where the map is: Gluon's base-map translation at a zoom, the window size, and the margin
   * painted around the window so a pan can move the raster before it needs repainting.
   */
  record View(double zoom, double translateX, double translateY, double width, double height, double margin) {

    double worldPixels() {
      return 256 * Math.pow(2, zoom);
    }

    /** Raster x of a longitude: Web Mercator in world pixels, as Gluon places its tiles. */
    double x(double longitude) {
      return translateX + margin + (longitude + 180) / 360 * worldPixels();
    }

    double y(double latitude) {
      double radians = Math.toRadians(latitude);
      return translateY + margin + (1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2 * worldPixels();
    }

    double longitude(double rasterX) {
      return (rasterX - margin - translateX) / worldPixels() * 360 - 180;
    }

    double latitude(double rasterY) {
      return Math.toDegrees(Math.atan(Math.sinh(Math.PI - 2 * Math.PI * (rasterY - margin - translateY) / worldPixels())));
    }

    int rasterWidth() {
      return (int) Math.ceil(width + 2 * margin);
    }

    int rasterHeight() {
      return (int) Math.ceil(height + 2 * margin);
    }

    /** Web Mercator ground resolution at this latitude and zoom. */
    double metersPerPixel(double latitude) {
      return 156_543.03392 * Math.cos(Math.toRadians(latitude)) / Math.pow(2, zoom);
    }

    /** The clustering level: one grid per whole zoom below {@link #INDIVIDUAL_ZOOM}, then one for all. */
    int level() {
      return (int) Math.min(INDIVIDUAL_ZOOM, Math.max(0, Math.floor(zoom)));
    }
  }

  /** An open incident with its label glyph, drawn on the FX thread. */
  record ShownIncident(Incident incident, MapSprites.Sprite label) {}

  /** What a paint produced: the pixels, what is where on them (raster coordinates), for which view. */
  record Painted(View view, MapRaster raster, List<CameraLayer.Drawn> drawn) {}

  /** Cameras that share one grid cell at some zoom level: where their centroid is, how many, which type leads. */
  private record Cluster(double latitude, double longitude, int count, CameraType dominant, Camera single) {}

  private final List<Camera> cameras;
  private final List<ShownIncident> incidents;
  private final double[][] countyOutline;
  private final MapSprites sprites;
  private STRtree cameraIndex;
  private final STRtree[] clusterIndex = new STRtree[(int) INDIVIDUAL_ZOOM];

  /** Takes copies made on the FX thread: the visible cameras and the open incidents. */
  CameraPainter(List<Camera> cameras, List<ShownIncident> incidents, double[][] countyOutline, MapSprites sprites) {
    this.cameras = cameras;
    this.incidents = incidents;
    this.countyOutline = countyOutline;
    this.sprites = sprites;
  }

  /** Paints {@code view} with the camera {@code selectedId} (or none) highlighted, into {@code reuse} if it fits. */
  Painted paint(View view, String selectedId, int[] reuse) {
    MapRaster raster = new MapRaster(view.rasterWidth(), view.rasterHeight(), reuse);
    List<CameraLayer.Drawn> drawn = new ArrayList<>();
    paintCounty(raster, view);
    paintIncidents(raster, view);
    Envelope area = new Envelope(view.longitude(0), view.longitude(raster.width), view.latitude(raster.height), view.latitude(0));
    List<Camera> singles = new ArrayList<>();
    if (view.level() >= INDIVIDUAL_ZOOM) {
      for (Object item : cameraIndex().query(area)) {
        singles.add((Camera) item);
      }
    } else {
      for (Object item : clusterIndex(view.level()).query(area)) {
        Cluster cluster = (Cluster) item;
        if (cluster.single() != null) {
          singles.add(cluster.single());
        } else {
          paintCluster(raster, view, cluster, drawn);
        }
      }
    }
    for (Camera camera : singles) {
      paintCones(raster, view, camera);
    }
    for (Camera camera : singles) {
      paintMarker(raster, view, camera, selectedId, drawn);
    }
    return new Painted(view, raster, drawn);
  }

  private void paintCounty(MapRaster raster, View view) {
    double[] xs = new double[countyOutline.length];
    double[] ys = new double[countyOutline.length];
    for (int i = 0; i < countyOutline.length; i++) {
      xs[i] = view.x(countyOutline[i][0]);
      ys[i] = view.y(countyOutline[i][1]);
    }
    raster.dashedOutline(xs, ys, 8, 6, COUNTY_LINE);
  }

  private void paintIncidents(MapRaster raster, View view) {
    for (ShownIncident shown : incidents) {
      Incident incident = shown.incident();
      double x = view.x(incident.longitude());
      double y = view.y(incident.latitude());
      double radius = INCIDENT_RADIUS_METERS / view.metersPerPixel(incident.latitude());
      int color = argb(MapSprites.incidentColor(incident.emergency()));
      raster.disc(x, y, radius, withAlpha(color, 0.10), 1.5, withAlpha(color, 0.8));
      raster.blit(shown.label(), x, y);
    }
  }

  private void paintCluster(MapRaster raster, View view, Cluster cluster, List<CameraLayer.Drawn> drawn) {
    double x = view.x(cluster.longitude());
    double y = view.y(cluster.latitude());
    int radius = MapSprites.clusterRadius(cluster.count());
    raster.blit(sprites.clusterDisc(cluster.dominant(), radius), x, y);
    String count = Integer.toString(cluster.count());
    double left = x - count.length() * sprites.digitAdvance / 2;
    for (int i = 0; i < count.length(); i++) {
      raster.blit(sprites.digit(count.charAt(i)), left + i * sprites.digitAdvance, y + 4);
    }
    drawn.add(new CameraLayer.Drawn(x, y, radius, cluster.count(), null));
  }

  private void paintCones(MapRaster raster, View view, Camera camera) {
    double x = view.x(camera.longitude());
    double y = view.y(camera.latitude());
    int color = argb(CameraStyle.color(camera.type()));
    for (Camera.ViewCone cone : camera.cones()) {
      double reach = Math.max(8, cone.rangeMeters() / view.metersPerPixel(camera.latitude()));
      if (!cone.hasHeading() || cone.fieldOfViewDegrees() >= 360) {
        raster.disc(x, y, reach, withAlpha(color, 0.22), 0, 0);
      } else {
        raster.sector(x, y, reach, cone.headingDegrees(), cone.fieldOfViewDegrees(), withAlpha(color, 0.22), withAlpha(color, 0.55));
      }
    }
  }

  private void paintMarker(MapRaster raster, View view, Camera camera, String selectedId, List<CameraLayer.Drawn> drawn) {
    double x = view.x(camera.longitude());
    double y = view.y(camera.latitude());
    boolean selected = camera.id().equals(selectedId);
    raster.blit(sprites.marker(camera.type(), camera.online(), selected, nearOpenIncident(camera), camera.badge()), x, y);
    drawn.add(new CameraLayer.Drawn(x, y, MapSprites.markerRadius(selected), 1, camera));
  }

  private boolean nearOpenIncident(Camera camera) {
    for (ShownIncident shown : incidents) {
      Incident incident = shown.incident();
      if (distanceMeters(incident.latitude(), incident.longitude(), camera.latitude(), camera.longitude()) <= INCIDENT_RADIUS_METERS) {
        return true;
      }
    }
    return false;
  }

  private STRtree cameraIndex() {
    if (cameraIndex == null) {
      STRtree tree = new STRtree();
      for (Camera camera : cameras) {
        tree.insert(point(camera.latitude(), camera.longitude()), camera);
      }
      tree.build();
      cameraIndex = tree;
    }
    return cameraIndex;
  }

  /**
   * The clusters of zoom {@code level}: cameras grouped by a grid of {@link #CLUSTER_CELL_PIXELS}
   * in that level's world pixels (Web Mercator), so a cluster's membership does not change as the
   * map pans.
   */
  private STRtree clusterIndex(int level) {
    if (clusterIndex[level] == null) {
      double worldPixels = 256 * Math.pow(2, level);
      Map<Long, List<Camera>> cells = new HashMap<>();
      for (Camera camera : cameras) {
        double x = (camera.longitude() + 180) / 360 * worldPixels;
        double sinLat = Math.sin(Math.toRadians(camera.latitude()));
        double y = (0.5 - Math.log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI)) * worldPixels;
        long cell = ((long) Math.floor(x / CLUSTER_CELL_PIXELS) << 32) ^ ((long) Math.floor(y / CLUSTER_CELL_PIXELS) & 0xffffffffL);
        cells.computeIfAbsent(cell, key -> new ArrayList<>()).add(camera);
      }
      STRtree tree = new STRtree();
      for (List<Camera> members : cells.values()) {
        Cluster cluster = cluster(members);
        tree.insert(point(cluster.latitude(), cluster.longitude()), cluster);
      }
      tree.build();
      clusterIndex[level] = tree;
    }
    return clusterIndex[level];
  }

  private static Cluster cluster(List<Camera> members) {
    if (members.size() == 1) {
      Camera only = members.get(0);
      return new Cluster(only.latitude(), only.longitude(), 1, only.type(), only);
    }
    double latitude = 0;
    double longitude = 0;
    Map<CameraType, Integer> byType = new EnumMap<>(CameraType.class);
    for (Camera camera : members) {
      latitude += camera.latitude();
      longitude += camera.longitude();
      byType.merge(camera.type(), 1, Integer::sum);
    }
    CameraType dominant = byType.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return new Cluster(latitude / members.size(), longitude / members.size(), members.size(), dominant, null);
  }

  private static Envelope point(double latitude, double longitude) {
    return new Envelope(longitude, longitude, latitude, latitude);
  }

  private static int argb(javafx.scene.paint.Color color) {
    return (int) Math.round(color.getOpacity() * 255) << 24 | (int) Math.round(color.getRed() * 255) << 16
        | (int) Math.round(color.getGreen() * 255) << 8 | (int) Math.round(color.getBlue() * 255);
  }

  private static int withAlpha(int argb, double alpha) {
    return (int) Math.round(alpha * 255) << 24 | (argb & 0xffffff);
  }

  static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
