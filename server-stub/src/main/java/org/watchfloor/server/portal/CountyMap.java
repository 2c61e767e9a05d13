package org.watchfloor.server.portal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.watchfloor.mapdata.RoadNetwork;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.server.enrollment.ServiceArea;

/**
 * The registration page's map: a picture of the center's area (county outline and roads) that an
 * owner clicks to place a camera. It is an {@code <input type="image">}, so the browser sends the
 * click's position with the form and no JavaScript is needed; each click zooms closer around the
 * point, up to a few metres a pixel.
 */
final class CountyMap {

  /** The picture's size on the page, in CSS pixels: clicks arrive in these units. */
  static final int WIDTH = 320;
  static final int HEIGHT = 260;
  /** Drawn at twice the size, so it stays sharp on phones. */
  private static final int SCALE = 2;
  /** Metres per CSS pixel at zoom 1 and 2 (zoom 0 shows the whole area). */
  private static final double[] METERS_PER_PIXEL = {0, 14, 3.5};
  static final int MAX_ZOOM = METERS_PER_PIXEL.length - 1;
  private static final double METERS_PER_DEGREE = 111_320;
  private static final int CACHED_PICTURES = 64;

  /** What the picture shows: its centre and scale. */
  record View(double latitude, double longitude, int zoom) {}

  private final ServiceArea area;
  private final List<Road> roads;
  private final Map<String, byte[]> pictures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > CACHED_PICTURES;
        }
      };

  private record Road(int rank, float lon1, float lat1, float lon2, float lat2) {}

  CountyMap(ServiceArea area) {
    this.area = area;
    this.roads = loadRoads();
  }

  /** The whole area. */
  View overview() {
    BoundingBox box = area.bounds();
    return new View((box.getSouth() + box.getNorth()) / 2, (box.getWest() + box.getEast()) / 2, 0);
  }

  /** A view of zoom {@code zoom} around {@code point}, or the whole area at zoom 0. */
  View around(GeoPoint point, int zoom) {
    return zoom <= 0 ? overview() : new View(point.getLatitude(), point.getLongitude(), Math.min(zoom, MAX_ZOOM));
  }

  private double metersPerPixel(View view) {
    if (view.zoom() > 0) {
      return METERS_PER_PIXEL[view.zoom()];
    }
    BoundingBox box = area.bounds();
    double width = (box.getEast() - box.getWest()) * METERS_PER_DEGREE * Math.cos(Math.toRadians(view.latitude()));
    double height = (box.getNorth() - box.getSouth()) * METERS_PER_DEGREE;
    return Math.max(width / (WIDTH - 8), height / (HEIGHT - 8));
  }

  /** Where a click at ({@code x}, {@code y}) CSS pixels on the picture of {@code view} is. */
  GeoPoint pointAt(View view, int x, int y) {
    double mpp = metersPerPixel(view);
    double latitude = view.latitude() - (y - HEIGHT / 2.0) * mpp / METERS_PER_DEGREE;
    double longitude = view.longitude() + (x - WIDTH / 2.0) * mpp / (METERS_PER_DEGREE * Math.cos(Math.toRadians(view.latitude())));
    return GeoPoint.newBuilder().setLatitude(round(latitude)).setLongitude(round(longitude)).build();
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  /** The picture of {@code view} as PNG, with a marker at {@code marker} when given. */
  byte[] png(View view, Optional<GeoPoint> marker) {
    String key = view + "|" + marker.map(point -> point.getLatitude() + "," + point.getLongitude()).orElse("");
    synchronized (pictures) {
      byte[] cached = pictures.get(key);
      if (cached != null) {
        return cached;
      }
    }
    byte[] drawn = draw(view, marker);
    synchronized (pictures) {
      pictures.put(key, drawn);
    }
    return drawn;
  }

  private byte[] draw(View view, Optional<GeoPoint> marker) {
    BufferedImage image = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(SCALE, SCALE);
      g.setColor(new Color(0xdfe2e7));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Projection projection = new Projection(view, metersPerPixel(view));
      Path2D outline = new Path2D.Double(Path2D.WIND_EVEN_ODD);
      for (double[] ring : area.rings()) {
        for (int i = 0; i < ring.length; i += 2) {
          double x = projection.x(ring[i]);
          double y = projection.y(ring[i + 1]);
          if (i == 0) {
            outline.moveTo(x, y);
          } else {
            outline.lineTo(x, y);
          }
        }
        outline.closePath();
      }
      g.setColor(new Color(0xf7f5ef));
      g.fill(outline);
      drawRoads(g, projection, view.zoom());
      g.setColor(new Color(0x1f5fa8));
      g.setStroke(new BasicStroke(1.6f));
      g.draw(outline);
      marker.ifPresent(point -> drawMarker(g, projection.x(point.getLongitude()), projection.y(point.getLatitude())));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
      String attribution = RoadNetwork.ATTRIBUTION;
      int textWidth = g.getFontMetrics().stringWidth(attribution);
      g.setColor(new Color(255, 255, 255, 200));
      g.fillRect(WIDTH - textWidth - 6, HEIGHT - 13, textWidth + 6, 13);
      g.setColor(new Color(0x1d2430));
      g.drawString(attribution, WIDTH - textWidth - 3, HEIGHT - 3);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the registration map", e);
    }
    return png.toByteArray();
  }

  /** Big roads over small ones; small roads only where they are more than a smudge. */
  private void drawRoads(Graphics2D g, Projection projection, int zoom) {
    Color[] colours = {new Color(0xe8a33d), new Color(0xf2cf6b), new Color(0xffffff), new Color(0xffffff)};
    float[] widths = zoom == 0 ? new float[] {1.6f, 1.0f, 0.5f, 0.3f} : new float[] {4f, 3f, 2.2f, 1.6f};
    int lowestRank = zoom == 0 ? 2 : 3;
    for (int rank = lowestRank; rank >= 0; rank--) {
      Path2D lines = new Path2D.Float();
      for (Road road : roads) {
        if (road.rank() != rank) {
          continue;
        }
        double x1 = projection.x(road.lon1()), y1 = projection.y(road.lat1());
        double x2 = projection.x(road.lon2()), y2 = projection.y(road.lat2());
        if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > WIDTH || Math.max(y1, y2) < 0 || Math.min(y1, y2) > HEIGHT) {
          continue;
        }
        lines.moveTo(x1, y1);
        lines.lineTo(x2, y2);
      }
      if (zoom > 0) {
        g.setColor(new Color(0xc9ccd2));
        g.setStroke(new BasicStroke(widths[rank] + 1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(lines);
      }
      g.setColor(zoom == 0 && rank >= 2 ? new Color(0xb9bdc5) : colours[rank]);
      g.setStroke(new BasicStroke(widths[rank], BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(lines);
    }
  }

  private static void drawMarker(Graphics2D g, double x, double y) {
    g.setColor(Color.WHITE);
    g.fill(new java.awt.geom.Ellipse2D.Double(x - 7, y - 7, 14, 14));
    g.setColor(new Color(0xc0392b));
    g.fill(new java.awt.geom.Ellipse2D.Double(x - 5, y - 5, 10, 10));
  }

  /** Longitude and latitude to CSS pixels of one view (equirectangular at the view's latitude: exact enough for a county). */
  private record Projection(View view, double metersPerPixel) {
    double x(double longitude) {
      return WIDTH / 2.0 + (longitude - view.longitude()) * METERS_PER_DEGREE * Math.cos(Math.toRadians(view.latitude())) / metersPerPixel;
    }

    double y(double latitude) {
      return HEIGHT / 2.0 - (latitude - view.latitude()) * METERS_PER_DEGREE / metersPerPixel;
    }
  }

  /** Road classes by importance: 0 motorways and trunks, 1 primary and secondary, 2 tertiary, 3 the rest. */
  private static int rank(String highway) {
    String base = highway.replace("_link", "");
    return switch (base) {
      case "motorway", "trunk" -> 0;
      case "primary", "secondary" -> 1;
      case "tertiary" -> 2;
      default -> 3;
    };
  }

  private static List<Road> loadRoads() {
    List<Road> roads = new ArrayList<>();
    for (RoadNetwork.Segment segment : RoadNetwork.segments()) {
      roads.add(new Road(rank(segment.highway()), (float) segment.lon1(), (float) segment.lat1(), (float) segment.lon2(),
          (float) segment.lat2()));
    }
    return List.copyOf(roads);
  }
}
