package org.watchfloor.client.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gluonhq.maps.MapLayer;
import com.gluonhq.maps.MapPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;
import org.watchfloor.client.net.Incident;

/**
 * Draws every camera on one canvas over the map: markers by type, view cones, consent badges, and,
 * where markers would crowd, clusters with their count. Clusters are computed once per zoom level
 * (a grid in world pixels) and kept in an R-tree (JTS STRtree) per level, so a frame only queries
 * what is on screen: panning over 100,000 cameras touches a few hundred clusters, not every camera.
 * Also draws the county outline (the map's ground when no tiles are reachable) and the incidents.
 */
public final class CameraCanvasLayer extends MapLayer {

  /** Cameras closer than this on screen merge into a cluster. */
  static final double CLUSTER_CELL_PIXELS = 48;
  /** From this zoom on every camera is drawn on its own, with its cone. */
  static final double INDIVIDUAL_ZOOM = 16;
  static final double INCIDENT_RADIUS_METERS = 500;
  private static final double MARKER_RADIUS = 6;
  private static final Font CLUSTER_FONT = Font.font("DejaVu Sans", FontWeight.BOLD, 12);

  private final CameraMapModel model;
  private final Canvas canvas = new Canvas();
  private final List<double[]> countyOutline = countyOutline();
  /** Visible cameras by position, for zoom levels where each is drawn on its own. */
  private STRtree cameraIndex;
  /** Per zoom level below {@link #INDIVIDUAL_ZOOM}: that level's clusters by position, built on first use. */
  private final STRtree[] clusterIndex = new STRtree[(int) INDIVIDUAL_ZOOM];
  /** What was drawn, for hit testing clicks: screen position to camera, or to a cluster. */
  private final List<Drawn> drawn = new ArrayList<>();

  /** A marker ({@code camera} set, count 1) or a cluster of {@code count} cameras on screen. */
  public record Drawn(double x, double y, double radius, int count, Camera camera) {}

  /** Cameras that share one grid cell at some zoom level: where their centroid is, how many, which type leads. */
  private record Cluster(double latitude, double longitude, int count, CameraType dominant, Camera single) {}

  public CameraCanvasLayer(CameraMapModel model) {
    this.model = model;
    getChildren().add(canvas);
    canvas.setMouseTransparent(true);
    model.revisionProperty().addListener((observable, before, after) -> {
      cameraIndex = null;
      java.util.Arrays.fill(clusterIndex, null);
      markDirty();
    });
    model.hiddenTypes().addListener((javafx.collections.SetChangeListener<CameraType>) change -> model.changed());
    model.hiddenLayers().addListener((javafx.collections.SetChangeListener<String>) change -> model.changed());
    model.selectedProperty().addListener((observable, before, after) -> markDirty());
  }

  /** Markers and clusters drawn last, topmost last. */
  public List<Drawn> drawn() {
    return List.copyOf(drawn);
  }

  /** The marker or cluster at a screen position of the layer, if any. */
  public java.util.Optional<Drawn> hit(double x, double y) {
    for (int i = drawn.size() - 1; i >= 0; i--) {
      Drawn item = drawn.get(i);
      if (Math.hypot(item.x() - x, item.y() - y) <= item.radius() + 3) {
        return java.util.Optional.of(item);
      }
    }
    return java.util.Optional.empty();
  }

  public double zoom() {
    return baseMap.getZoom();
  }

  public MapPoint positionAt(double x, double y) {
    return baseMap.getMapPosition(x, y);
  }

  /**
   * Without a tile source every tile would be the same plain image, and Gluon's dozens of tile
   * views cost most of a software-rendered frame; the map pane's background is that ground.
   */
  @Override
  protected void initialize() {
    baseMap.setVisible(ConfiguredTileRetriever.hasSource());
  }

  @Override
  protected void layoutLayer() {
    double width = getParent() == null ? 0 : ((javafx.scene.layout.Region) getParent()).getWidth();
    double height = getParent() == null ? 0 : ((javafx.scene.layout.Region) getParent()).getHeight();
    canvas.setWidth(width);
    canvas.setHeight(height);
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, width, height);
    drawn.clear();
    if (width <= 0 || height <= 0) {
      return;
    }
    drawCounty(g);
    drawIncidents(g);
    drawCameras(g, width, height);
  }

  private void drawCounty(GraphicsContext g) {
    g.setStroke(Color.web("#4a5968"));
    g.setLineWidth(2);
    g.setLineDashes(8, 6);
    g.beginPath();
    for (int i = 0; i < countyOutline.size(); i++) {
      Point2D p = getMapPoint(countyOutline.get(i)[1], countyOutline.get(i)[0]);
      if (i == 0) {
        g.moveTo(p.getX(), p.getY());
      } else {
        g.lineTo(p.getX(), p.getY());
      }
    }
    g.closePath();
    g.stroke();
    g.setLineDashes();
  }

  private void drawIncidents(GraphicsContext g) {
    for (Incident incident : model.incidents().values()) {
      if (!incident.open()) {
        continue;
      }
      Point2D p = getMapPoint(incident.latitude(), incident.longitude());
      double radius = INCIDENT_RADIUS_METERS / metersPerPixel(incident.latitude());
      Color color = incident.emergency() ? Color.web("#f85149") : Color.web("#d29922");
      g.setFill(color.deriveColor(0, 1, 1, 0.10));
      g.fillOval(p.getX() - radius, p.getY() - radius, radius * 2, radius * 2);
      g.setStroke(color.deriveColor(0, 1, 1, 0.8));
      g.setLineWidth(1.5);
      g.strokeOval(p.getX() - radius, p.getY() - radius, radius * 2, radius * 2);
      g.setFill(color);
      g.fillPolygon(new double[] {p.getX(), p.getX() + 9, p.getX(), p.getX() - 9}, new double[] {p.getY() - 11, p.getY(), p.getY() + 11, p.getY()}, 4);
      g.setFill(Color.WHITE);
      g.setFont(Font.font("DejaVu Sans", FontWeight.BOLD, 11));
      g.setTextAlign(TextAlignment.LEFT);
      g.fillText(incident.type() + " · " + incident.cadNumber(), p.getX() + 12, p.getY() - 8);
    }
  }

  private void drawCameras(GraphicsContext g, double width, double height) {
    MapPoint northWest = baseMap.getMapPosition(0, 0);
    MapPoint southEast = baseMap.getMapPosition(width, height);
    Envelope viewport =
        new Envelope(northWest.getLongitude(), southEast.getLongitude(), southEast.getLatitude(), northWest.getLatitude());
    viewport.expandBy(viewport.getWidth() * 0.05, viewport.getHeight() * 0.05);
    int level = (int) Math.floor(baseMap.getZoom());
    List<Camera> singles = new ArrayList<>();
    if (level >= INDIVIDUAL_ZOOM) {
      for (Object item : cameraIndex().query(viewport)) {
        singles.add((Camera) item);
      }
    } else {
      for (Object item : clusterIndex(Math.max(0, level)).query(viewport)) {
        Cluster cluster = (Cluster) item;
        if (cluster.single() != null) {
          singles.add(cluster.single());
        } else {
          drawCluster(g, cluster);
        }
      }
    }
    for (Camera camera : singles) {
      drawCone(g, camera);
    }
    for (Camera camera : singles) {
      drawMarker(g, camera);
    }
  }

  private void drawCluster(GraphicsContext g, Cluster cluster) {
    Point2D p = getMapPoint(cluster.latitude(), cluster.longitude());
    double x = p.getX();
    double y = p.getY();
    double radius = 12 + Math.min(14, Math.log10(cluster.count()) * 7);
    Color color = CameraStyle.color(cluster.dominant());
    g.setFill(color.deriveColor(0, 1, 0.55, 0.92));
    g.fillOval(x - radius, y - radius, radius * 2, radius * 2);
    g.setStroke(color);
    g.setLineWidth(2);
    g.strokeOval(x - radius, y - radius, radius * 2, radius * 2);
    g.setFill(Color.WHITE);
    g.setFont(CLUSTER_FONT);
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText(Integer.toString(cluster.count()), x, y + 4);
    drawn.add(new Drawn(x, y, radius, cluster.count(), null));
  }

  private void drawCone(GraphicsContext g, Camera camera) {
    Point2D p = getMapPoint(camera.latitude(), camera.longitude());
    Color color = CameraStyle.color(camera.type());
    for (Camera.ViewCone cone : camera.cones()) {
      double reach = Math.max(8, cone.rangeMeters() / metersPerPixel(camera.latitude()));
      g.setFill(color.deriveColor(0, 1, 1, 0.22));
      g.setStroke(color.deriveColor(0, 1, 1, 0.55));
      g.setLineWidth(1);
      if (!cone.hasHeading() || cone.fieldOfViewDegrees() >= 360) {
        g.fillOval(p.getX() - reach, p.getY() - reach, reach * 2, reach * 2);
        continue;
      }
      // JavaFX arcs start at 3 o'clock and turn counter-clockwise; headings start north and turn clockwise.
      double start = 90 - cone.headingDegrees() - cone.fieldOfViewDegrees() / 2;
      g.fillArc(p.getX() - reach, p.getY() - reach, reach * 2, reach * 2, start, cone.fieldOfViewDegrees(), ArcType.ROUND);
      g.strokeArc(p.getX() - reach, p.getY() - reach, reach * 2, reach * 2, start, cone.fieldOfViewDegrees(), ArcType.ROUND);
    }
  }

  private void drawMarker(GraphicsContext g, Camera camera) {
    Point2D p = getMapPoint(camera.latitude(), camera.longitude());
    boolean selected = model.selectedProperty().get() != null && model.selectedProperty().get().id().equals(camera.id());
    double r = selected ? MARKER_RADIUS + 3 : MARKER_RADIUS;
    if (nearOpenIncident(camera)) {
      g.setStroke(Color.web("#f85149"));
      g.setLineWidth(2);
      g.strokeOval(p.getX() - r - 4, p.getY() - r - 4, (r + 4) * 2, (r + 4) * 2);
    }
    g.setFill(camera.online() ? CameraStyle.color(camera.type()) : Color.web("#6e7681"));
    g.fillOval(p.getX() - r, p.getY() - r, r * 2, r * 2);
    g.setStroke(selected ? Color.WHITE : Color.web("#0d1117"));
    g.setLineWidth(selected ? 2.5 : 1.5);
    g.strokeOval(p.getX() - r, p.getY() - r, r * 2, r * 2);
    g.setFill(Color.web("#0d1117"));
    g.setFont(Font.font("DejaVu Sans", FontWeight.BOLD, 8));
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText(CameraStyle.letter(camera.type()), p.getX(), p.getY() + 3);
    if (camera.badge() != ConsentBadge.NONE) {
      g.setFill(CameraStyle.badgeColor(camera.badge(), camera.online()));
      g.fillOval(p.getX() + r - 3, p.getY() - r - 3, 7, 7);
      g.setStroke(Color.web("#0d1117"));
      g.setLineWidth(1);
      g.strokeOval(p.getX() + r - 3, p.getY() - r - 3, 7, 7);
    }
    drawn.add(new Drawn(p.getX(), p.getY(), r, 1, camera));
  }

  private boolean nearOpenIncident(Camera camera) {
    for (Incident incident : model.incidents().values()) {
      if (incident.open() && distanceMeters(incident.latitude(), incident.longitude(), camera.latitude(), camera.longitude()) <= INCIDENT_RADIUS_METERS) {
        return true;
      }
    }
    return false;
  }

  private STRtree cameraIndex() {
    if (cameraIndex == null) {
      STRtree tree = new STRtree();
      for (Camera camera : model.cameras().values()) {
        if (model.isVisible(camera)) {
          tree.insert(point(camera.latitude(), camera.longitude()), camera);
        }
      }
      tree.build();
      cameraIndex = tree;
    }
    return cameraIndex;
  }

  /**
   * The clusters of zoom {@code level}: visible cameras grouped by a grid of
   * {@link #CLUSTER_CELL_PIXELS} in that level's world pixels (Web Mercator), so a cluster's
   * membership does not change as the map pans.
   */
  private STRtree clusterIndex(int level) {
    if (clusterIndex[level] == null) {
      double worldPixels = 256 * Math.pow(2, level);
      Map<Long, List<Camera>> cells = new HashMap<>();
      for (Camera camera : model.cameras().values()) {
        if (!model.isVisible(camera)) {
          continue;
        }
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
    Map<CameraType, Integer> byType = new java.util.EnumMap<>(CameraType.class);
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

  /** Web Mercator ground resolution at this latitude and the map's zoom. */
  private double metersPerPixel(double latitude) {
    return 156_543.03392 * Math.cos(Math.toRadians(latitude)) / Math.pow(2, baseMap.getZoom());
  }

  static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** The county outline shipped with the client (U.S. Census via us-atlas, ISC), as lon/lat pairs. */
  private static List<double[]> countyOutline() {
    try (InputStream in = CameraCanvasLayer.class.getResourceAsStream("fayette-county.geojson")) {
      JsonNode root = new ObjectMapper().readTree(in);
      JsonNode geometry = root.has("features") ? root.get("features").get(0).get("geometry") : root.get("geometry");
      JsonNode ring = geometry.get("type").asText().equals("MultiPolygon")
          ? geometry.get("coordinates").get(0).get(0)
          : geometry.get("coordinates").get(0);
      List<double[]> points = new ArrayList<>();
      ring.forEach(point -> points.add(new double[] {point.get(0).asDouble(), point.get(1).asDouble()}));
      return points;
    } catch (IOException e) {
      throw new UncheckedIOException("the county outline is missing from the client build", e);
    }
  }
}
