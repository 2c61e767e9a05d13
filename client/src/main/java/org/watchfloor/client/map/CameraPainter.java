package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.net.CameraSummary;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.Incident;

/**
 * Paints one view of the map's content into a {@link MapRaster}, off the FX thread: the county
 * outline, open incidents, and the cameras as clusters or, from {@link #INDIVIDUAL_ZOOM}, one
 * by one with their cones. The cameras are kept arranged by {@link CameraClusters}, which the
 * model's changes reach batch by batch, so a paint only visits what is on the raster. Used by
 * the painter thread only: changes and paints reach it in order.
 */
final class CameraPainter {

  /** Cameras closer than this on screen merge into a cluster. */
  static final double CLUSTER_CELL_PIXELS = 48;
  /** From this zoom on every camera is drawn on its own, with its cone. */
  static final double INDIVIDUAL_ZOOM = 16;
  static final double INCIDENT_RADIUS_METERS = 500;
  private static final int COUNTY_LINE = 0xff4a5968;
  /** A replayed incident's track path and bookmark rings: the replay time axis's colours. */
  private static final int TRACK_PATH = 0xe6e0c070;
  private static final int BOOKMARK = 0xff5ec27a;

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
      return translateX + margin + worldX(longitude, worldPixels());
    }

    double y(double latitude) {
      return translateY + margin + worldY(latitude, worldPixels());
    }

    /** Web Mercator x of a longitude in a world {@code worldPixels} wide. */
    static double worldX(double longitude, double worldPixels) {
      return (longitude + 180) / 360 * worldPixels;
    }

    /** Web Mercator y of a latitude in a world {@code worldPixels} high. */
    static double worldY(double latitude, double worldPixels) {
      double sinLat = Math.sin(Math.toRadians(latitude));
      return (0.5 - Math.log((1 + sinLat) / (1 - sinLat)) / (4 * Math.PI)) * worldPixels;
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
  record Painted(View view, MapRaster raster, List<CameraLayer.Drawn> drawn) implements PaintedLayer.Painting {
    @Override
    public PaintedLayer.Painting onPixels(MapRaster same) {
      return new Painted(view, same, drawn);
    }
  }

  private final CameraClusters clusters = new CameraClusters();
  private final double[][] countyOutline;
  private final MapSprites sprites;

  CameraPainter(double[][] countyOutline, MapSprites sprites) {
    this.countyOutline = countyOutline;
    this.sprites = sprites;
  }

  /** Applies a batch of the model's camera changes; true when the newest paint shows one of them. */
  boolean apply(CameraMapModel.CameraChanges changes) {
    return clusters.apply(changes);
  }

  /** Shows only the cameras {@code visibility} lets through. */
  void filter(CameraMapModel.Visibility visibility) {
    clusters.filter(visibility);
  }

  /** The shown cameras (not hidden by type or layer) inside {@code box}; on the painter thread, where the index lives. */
  List<Camera> camerasIn(GeoBox box) {
    return clusters.camerasIn(new Envelope(box.west(), box.east(), box.south(), box.north()));
  }

  /**
   * Paints {@code view} with {@code incidents}, the bookmarks and tracks of those replayed ({@code evidence}), and the camera {@code selectedId} (or none)
   * highlighted, into {@code reuse} if it fits; when {@code brokerClusters} are given (the list
   * holds only the view's cameras), the views below {@link #INDIVIDUAL_ZOOM} show the broker's
   * clusters instead of the held cameras'. What is drawn is gathered first, then drawn in bands of
   * rows on every core: a street-level view of a dense city is millions of cone pixels. The paint
   * starts from {@code below} (the roads' newest paint, placed for this view) or, when null, from
   * transparent pixels.
   */
  Painted paint(View view, List<ShownIncident> incidents, List<EvidenceMarks> evidence, String selectedId, List<CameraSummary.Cluster> brokerClusters,
      int[] reuse, PaintedLayer.Painting below) {
    MapPaintEvent event = new MapPaintEvent();
    event.begin();
    MapRaster raster = new MapRaster(view.rasterWidth(), view.rasterHeight(), reuse);
    double west = view.longitude(0);
    double east = view.longitude(raster.width);
    double north = view.latitude(0);
    double south = view.latitude(raster.height);
    clusters.painted(new Envelope(west, east, south, north), view.level(), brokerClusters != null);
    List<Camera> singles;
    List<ClusterMark> marks = new ArrayList<>();
    if (view.level() >= INDIVIDUAL_ZOOM) {
      singles = clusters.camerasIn(new Envelope(west, east, south, north));
    } else if (brokerClusters != null) {
      singles = new ArrayList<>();
      for (CameraSummary.Cluster cluster : brokerClusters) {
        if (cluster.single() != null) {
          singles.add(cluster.single());
        } else {
          marks.add(new ClusterMark(view.x(cluster.longitude()), view.y(cluster.latitude()), cluster.count(), cluster.dominant()));
        }
      }
    } else {
      singles = new ArrayList<>();
      double worldPixels = 256 * Math.pow(2, view.level());
      for (CameraClusters.Cell cell : clusters.cellsIn(view.level(), View.worldX(west, worldPixels),
          View.worldY(north, worldPixels), View.worldX(east, worldPixels), View.worldY(south, worldPixels))) {
        if (cell.count == 1) {
          singles.add(clusters.single(cell));
        } else {
          marks.add(new ClusterMark(view.x(cell.longitude()), view.y(cell.latitude()), cell.count, cell.dominant()));
        }
      }
    }
    List<CameraLayer.Drawn> drawn = new ArrayList<>(marks.size() + singles.size());
    for (ClusterMark mark : marks) {
      drawn.add(new CameraLayer.Drawn(mark.x(), mark.y(), MapSprites.clusterRadius(mark.members()), mark.members(), null));
    }
    List<MarkerMark> markers = new ArrayList<>(singles.size());
    for (Camera camera : singles) {
      boolean selected = camera.id().equals(selectedId);
      MarkerMark marker = new MarkerMark(camera, view.x(camera.longitude()), view.y(camera.latitude()),
          sprites.marker(camera.type(), camera.online(), selected, nearOpenIncident(camera, incidents), camera.badge()));
      markers.add(marker);
      drawn.add(new CameraLayer.Drawn(marker.x(), marker.y(), MapSprites.markerRadius(selected), 1, camera));
    }
    PaintBands.paint(raster, rows -> paintBand(rows, view, below, incidents, evidence, marks, markers));
    event.end();
    if (event.shouldCommit()) {
      event.zoom = view.zoom();
      event.clusters = marks.size();
      event.cameras = drawn.stream().mapToInt(CameraLayer.Drawn::count).sum();
      event.commit();
    }
    return new Painted(view, raster, drawn);
  }

  /** A cluster to draw: where, how many cameras, which kind most of them are. */
  private record ClusterMark(double x, double y, int members, CameraType dominant) {}

  /** A single camera to draw: where, and its marker. */
  private record MarkerMark(Camera camera, double x, double y, MapSprites.Sprite sprite) {}

  /** Everything on the rows of {@code band}, in the order one raster would be painted in. */
  private void paintBand(MapRaster band, View view, PaintedLayer.Painting below, List<ShownIncident> incidents, List<EvidenceMarks> evidence,
      List<ClusterMark> marks, List<MarkerMark> markers) {
    if (below == null) {
      band.clear();
    } else {
      PaintedLayer.Placement at = PaintedLayer.Placement.of(below.view(), view);
      // This raster's pixel (0, 0) lies at (-margin, -margin) of the layer.
      band.drawScaled(below.raster(), at.scale(), (-view.margin() - at.x()) / at.scale(), (-view.margin() - at.y()) / at.scale());
    }
    paintCounty(band, view);
    paintIncidents(band, view, incidents);
    for (ClusterMark mark : marks) {
      paintCluster(band, mark);
    }
    for (MarkerMark marker : markers) {
      paintCones(band, view, marker);
    }
    paintEvidence(band, view, evidence);
    for (MarkerMark marker : markers) {
      band.blit(marker.sprite(), marker.x(), marker.y());
    }
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

  private void paintIncidents(MapRaster raster, View view, List<ShownIncident> incidents) {
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

  /** Each track as a path through its steps' cameras, then a ring at each bookmarked camera: over the view cones, under the markers. */
  private static void paintEvidence(MapRaster raster, View view, List<EvidenceMarks> evidence) {
    for (EvidenceMarks marks : evidence) {
      for (List<EvidenceMarks.Place> track : marks.tracks()) {
        for (int i = 1; i < track.size(); i++) {
          EvidenceMarks.Place from = track.get(i - 1);
          EvidenceMarks.Place to = track.get(i);
          raster.line(view.x(from.longitude()), view.y(from.latitude()), view.x(to.longitude()), view.y(to.latitude()), 4, TRACK_PATH);
        }
      }
      for (EvidenceMarks.Place bookmark : marks.bookmarks()) {
        raster.disc(view.x(bookmark.longitude()), view.y(bookmark.latitude()), 13, withAlpha(BOOKMARK, 0.25), 2.5, BOOKMARK);
      }
    }
  }

  private void paintCluster(MapRaster raster, ClusterMark mark) {
    raster.blit(sprites.clusterDisc(mark.dominant(), MapSprites.clusterRadius(mark.members())), mark.x(), mark.y());
    String count = Integer.toString(mark.members());
    double left = mark.x() - count.length() * sprites.digitAdvance / 2;
    for (int i = 0; i < count.length(); i++) {
      raster.blit(sprites.digit(count.charAt(i)), left + i * sprites.digitAdvance, mark.y() + 4);
    }
  }

  private void paintCones(MapRaster raster, View view, MarkerMark marker) {
    Camera camera = marker.camera();
    int color = argb(CameraStyle.color(camera.type()));
    for (Camera.ViewCone cone : camera.cones()) {
      double reach = Math.max(8, cone.rangeMeters() / view.metersPerPixel(camera.latitude()));
      if (!cone.hasHeading() || cone.fieldOfViewDegrees() >= 360) {
        raster.disc(marker.x(), marker.y(), reach, withAlpha(color, 0.22), 0, 0);
      } else {
        raster.sector(marker.x(), marker.y(), reach, cone.headingDegrees(), cone.fieldOfViewDegrees(), withAlpha(color, 0.22), withAlpha(color, 0.55));
      }
    }
  }

  private static boolean nearOpenIncident(Camera camera, List<ShownIncident> incidents) {
    for (ShownIncident shown : incidents) {
      Incident incident = shown.incident();
      if (distanceMeters(incident.latitude(), incident.longitude(), camera.latitude(), camera.longitude()) <= INCIDENT_RADIUS_METERS) {
        return true;
      }
    }
    return false;
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
