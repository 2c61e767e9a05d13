package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.watchfloor.mapdata.RoadNetwork;

/**
 * Paints the county's roads (OpenStreetMap, {@link RoadNetwork}) for one view into a
 * {@link MapRaster}, off the FX thread, by class: motorways and trunk roads (New Circle Road) wide and
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
    double width(double zoom) {
      return Math.max(0.6, Math.min(widthAtTwelve * 4, widthAtTwelve * Math.pow(1.25, zoom - 12)));
    }

    /**
     * Opaque ARGB at {@code zoom}: a class fades in from the ground over the zoom level it appears
     * at (mixed, not translucent, so lines meeting at a crossing do not darken it).
     */
    int color(double zoom) {
      double strength = Math.max(0.45, Math.min(1, zoom - fromLevel));
      int mixed = 0xff000000;
      for (int shift = 0; shift <= 16; shift += 8) {
        int ground = GROUND >> shift & 0xff;
        mixed |= (int) Math.round(ground + ((rgb >> shift & 0xff) - ground) * strength) << shift;
      }
      return mixed;
    }
  }

  /** The map's own ground (the map pane's background) that faint roads are mixed with. */
  private static final int GROUND = 0x161b22;
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
      byClass.get(RoadClass.of(segment.highway()).ordinal()).add(segment);
    }
    for (RoadClass roadClass : RoadClass.values()) {
      List<RoadNetwork.Segment> ofClass = byClass.get(roadClass.ordinal());
      double[] ends = new double[ofClass.size() * 4];
      for (int i = 0; i < ofClass.size(); i++) {
        RoadNetwork.Segment segment = ofClass.get(i);
        ends[i * 4] = CameraPainter.View.worldX(segment.lon1(), 256);
        ends[i * 4 + 1] = CameraPainter.View.worldY(segment.lat1(), 256);
        ends[i * 4 + 2] = CameraPainter.View.worldX(segment.lon2(), 256);
        ends[i * 4 + 3] = CameraPainter.View.worldY(segment.lat2(), 256);
      }
      world[roadClass.ordinal()] = ends;
    }
  }

  /**
   * The roads of {@code view} (its window and margin), on a clear raster ({@code reuse}d when it has
   * the right size), in bands of rows at once: the roads are most of the wait for a view at rest.
   */
  MapRaster paint(CameraPainter.View view, int[] reuse) {
    MapRaster raster = new MapRaster(view.rasterWidth(), view.rasterHeight(), reuse);
    int level = Math.max(0, Math.min(MAX_LEVEL, (int) Math.floor(view.zoom())));
    double[][] lines = prepared(level);
    PaintBands.paint(raster, rows -> paintBand(rows, view, level, lines));
    return raster;
  }

  private static void paintBand(MapRaster band, CameraPainter.View view, int level, double[][] lines) {
    band.clear();
    double scale = view.worldPixels() / (256 * Math.pow(2, level));
    // Where the world's top-left corner is on the raster (exact, unlike y at the Mercator limit).
    double originX = view.x(-180);
    double originY = view.y(0) - view.worldPixels() / 2;
    for (RoadClass roadClass : RoadClass.values()) {
      double[] ends = lines[roadClass.ordinal()];
      double lineWidth = roadClass.width(view.zoom());
      int color = roadClass.color(view.zoom());
      for (int i = 0; i < ends.length; i += 4) {
        double x1 = originX + ends[i] * scale;
        double y1 = originY + ends[i + 1] * scale;
        double x2 = originX + ends[i + 2] * scale;
        double y2 = originY + ends[i + 3] * scale;
        if (Math.max(x1, x2) < -lineWidth || Math.min(x1, x2) > band.width + lineWidth
            || Math.max(y1, y2) < band.firstRow() - lineWidth || Math.min(y1, y2) > band.endRow() + lineWidth) {
          continue;
        }
        band.line(x1, y1, x2, y2, lineWidth, color);
      }
    }
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
}
