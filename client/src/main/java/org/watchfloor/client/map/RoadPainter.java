package org.watchfloor.client.map;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.watchfloor.mapdata.RoadNetwork;

/**
 * Paints the county's roads (OpenStreetMap, {@link RoadNetwork}) for one view into a premultiplied
 * ARGB image, off the FX thread, by class: motorways and trunk roads (New Circle Road) wide and
 * warm from the county view on, main roads from zoom 10 to 12, residential streets fading in at 13.
 * Each zoom level's geometry is prepared once: the classes it shows, their ends snapped to a
 * quarter pixel of that level, and segments that shrink to a point or repeat another dropped, so a
 * county view draws a few thousand lines and a street view only what is near it. Used by one thread.
 */
final class RoadPainter {

  /** Road classes in drawing order (small under big), with the zoom they appear at, colour and width at zoom 12. */
  enum RoadClass {
    MINOR(13, 0x3a4450, 0.9),
    TERTIARY(12, 0x4a5562, 1.2),
    SECONDARY(11, 0x66717e, 1.5),
    PRIMARY(10, 0x7d8894, 1.9),
    TRUNK(0, 0xa99c78, 2.6),
    MOTORWAY(0, 0xd2b86a, 3.2);

    final int fromLevel;
    final int rgb;
    final double widthAtTwelve;

    RoadClass(int fromLevel, int rgb, double widthAtTwelve) {
      this.fromLevel = fromLevel;
      this.rgb = rgb;
      this.widthAtTwelve = widthAtTwelve;
    }

    /** The class an OpenStreetMap {@code highway} value is drawn as; links as their road. */
    static RoadClass of(String highway) {
      return switch (highway.replace("_link", "")) {
        case "motorway" -> MOTORWAY;
        case "trunk" -> TRUNK;
        case "primary" -> PRIMARY;
        case "secondary" -> SECONDARY;
        case "tertiary" -> TERTIARY;
        default -> MINOR;
      };
    }

    /** Line width in pixels at {@code zoom}: a quarter wider each zoom in, within readable bounds. */
    float width(double zoom) {
      return (float) Math.max(0.6, Math.min(widthAtTwelve * 4, widthAtTwelve * Math.pow(1.25, zoom - 12)));
    }

    /** Opacity at {@code zoom}: a class fades in over the zoom level it appears at. */
    double opacity(double zoom) {
      return Math.max(0.45, Math.min(1, zoom - fromLevel));
    }
  }

  /** Deepest level prepared; deeper zooms scale its geometry, which is exact there already. */
  private static final int MAX_LEVEL = 17;
  /** Ends are snapped to this fraction of a pixel of their level. */
  private static final double SNAP = 4;

  /** Web Mercator world pixels at zoom 0 of each segment's ends: x1, y1, x2, y2, per class. */
  private final double[][] world = new double[RoadClass.values().length][];
  /** Prepared lines per level and class, in world pixels of that level; filled when a level is first painted. */
  private final double[][][] levels = new double[MAX_LEVEL + 1][][];

  RoadPainter(List<RoadNetwork.Segment> segments) {
    List<List<RoadNetwork.Segment>> byClass = new ArrayList<>();
    for (int i = 0; i < RoadClass.values().length; i++) {
      byClass.add(new ArrayList<>());
    }
    for (RoadNetwork.Segment segment : segments) {
      byClass.get(RoadClass.of(segment.highway().toLowerCase(Locale.ROOT)).ordinal()).add(segment);
    }
    for (RoadClass roadClass : RoadClass.values()) {
      List<RoadNetwork.Segment> ofClass = byClass.get(roadClass.ordinal());
      double[] ends = new double[ofClass.size() * 4];
      for (int i = 0; i < ofClass.size(); i++) {
        RoadNetwork.Segment segment = ofClass.get(i);
        ends[i * 4] = worldX(segment.lon1());
        ends[i * 4 + 1] = worldY(segment.lat1());
        ends[i * 4 + 2] = worldX(segment.lon2());
        ends[i * 4 + 3] = worldY(segment.lat2());
      }
      world[roadClass.ordinal()] = ends;
    }
  }

  /**
   * The roads of {@code view} (its window and margin) on a clear image, {@code reuse}d when it has
   * the right size; the image's pixels are premultiplied ARGB, for a JavaFX PixelBuffer.
   */
  BufferedImage paint(CameraPainter.View view, BufferedImage reuse) {
    int width = view.rasterWidth();
    int height = view.rasterHeight();
    BufferedImage image = reuse != null && reuse.getWidth() == width && reuse.getHeight() == height
        ? reuse
        : new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
    Arrays.fill(pixels(image), 0);
    int level = Math.max(0, Math.min(MAX_LEVEL, (int) Math.floor(view.zoom())));
    double[][] lines = prepared(level);
    double scale = view.worldPixels() / (256 * Math.pow(2, level));
    // Where the world's top-left corner is on the raster (exact, unlike y at the Mercator limit).
    double originX = view.x(-180);
    double originY = view.y(0) - view.worldPixels() / 2;
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      for (RoadClass roadClass : RoadClass.values()) {
        double[] ends = lines[roadClass.ordinal()];
        if (ends.length == 0) {
          continue;
        }
        float lineWidth = roadClass.width(view.zoom());
        double reach = lineWidth;
        Path2D.Float path = new Path2D.Float(Path2D.WIND_NON_ZERO, ends.length / 2);
        for (int i = 0; i < ends.length; i += 4) {
          double x1 = originX + ends[i] * scale;
          double y1 = originY + ends[i + 1] * scale;
          double x2 = originX + ends[i + 2] * scale;
          double y2 = originY + ends[i + 3] * scale;
          if (Math.max(x1, x2) < -reach || Math.min(x1, x2) > width + reach
              || Math.max(y1, y2) < -reach || Math.min(y1, y2) > height + reach) {
            continue;
          }
          path.moveTo(x1, y1);
          path.lineTo(x2, y2);
        }
        int alpha = (int) Math.round(255 * roadClass.opacity(view.zoom()));
        g.setColor(new Color(alpha << 24 | roadClass.rgb, true));
        g.setStroke(new BasicStroke(lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The image's pixel array, for a JavaFX PixelBuffer over the same memory. */
  static int[] pixels(BufferedImage image) {
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
  }

  /** How many lines of {@code roadClass} {@code level} draws (after snapping and dropping). */
  int lineCount(int level, RoadClass roadClass) {
    return prepared(level)[roadClass.ordinal()].length / 4;
  }

  private double[][] prepared(int level) {
    if (levels[level] == null) {
      double[][] lines = new double[RoadClass.values().length][];
      double scale = Math.pow(2, level);
      for (RoadClass roadClass : RoadClass.values()) {
        lines[roadClass.ordinal()] = level < roadClass.fromLevel ? new double[0] : snapped(world[roadClass.ordinal()], scale);
      }
      levels[level] = lines;
    }
    return levels[level];
  }

  /** Ends scaled to a level and snapped to its quarter pixels; points and repeats dropped. */
  private static double[] snapped(double[] ends, double scale) {
    double[] kept = new double[ends.length];
    Set<String> seen = new HashSet<>();
    int count = 0;
    for (int i = 0; i < ends.length; i += 4) {
      double x1 = snap(ends[i] * scale);
      double y1 = snap(ends[i + 1] * scale);
      double x2 = snap(ends[i + 2] * scale);
      double y2 = snap(ends[i + 3] * scale);
      if (x1 == x2 && y1 == y2) {
        continue;
      }
      boolean forward = x1 < x2 || (x1 == x2 && y1 < y2);
      String key = forward ? x1 + "," + y1 + "," + x2 + "," + y2 : x2 + "," + y2 + "," + x1 + "," + y1;
      if (!seen.add(key)) {
        continue;
      }
      kept[count++] = x1;
      kept[count++] = y1;
      kept[count++] = x2;
      kept[count++] = y2;
    }
    return Arrays.copyOf(kept, count);
  }

  private static double snap(double pixels) {
    return Math.round(pixels * SNAP) / SNAP;
  }

  private static double worldX(double longitude) {
    return (longitude + 180) / 360 * 256;
  }

  private static double worldY(double latitude) {
    double radians = Math.toRadians(latitude);
    return (1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2 * 256;
  }
}
