package org.watchfloor.client.map;

import java.util.HashMap;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;

/**
 * The map's glyphs drawn once by JavaFX and kept as premultiplied pixels, so the raster can stamp
 * them from any thread: every marker variant, the cluster discs by type and radius, the digits of
 * cluster counts, and incident labels. Built and asked for incident labels on the FX thread only.
 */
final class MapSprites {

  /** Pixels of one glyph; (anchorX, anchorY) is the point that lands on the map position. */
  record Sprite(int width, int height, int[] pixels, double anchorX, double anchorY) {}

  static final double MARKER_RADIUS = 6;
  static final int SMALLEST_CLUSTER_RADIUS = 12;
  static final int LARGEST_CLUSTER_RADIUS = 26;
  private static final Font CLUSTER_FONT = Font.font("DejaVu Sans", FontWeight.BOLD, 12);
  private static final Font MARKER_FONT = Font.font("DejaVu Sans", FontWeight.BOLD, 8);
  private static final Font INCIDENT_FONT = Font.font("DejaVu Sans", FontWeight.BOLD, 11);
  private static final Color OUTLINE = Color.web("#0d1117");
  private static final int MARKER_CELL = 32;
  private static final int DISC_CELL = 2 * LARGEST_CLUSTER_RADIUS + 4;
  private static final int DIGIT_WIDTH = 12;
  private static final int DIGIT_HEIGHT = 16;
  private static final int DIGIT_BASELINE = 12;

  private static final CameraType[] TYPES = CameraType.values();
  private static final ConsentBadge[] BADGES = ConsentBadge.values();

  private final Sprite[] markers;
  private final Sprite[] discs;
  private final Sprite[] digits;
  /** Horizontal advance of one digit of a cluster count (the font's digits share one width). */
  final double digitAdvance;
  private final Map<String, Sprite> incidentLabels = new HashMap<>();

  MapSprites() {
    markers = markerSprites();
    discs = discSprites();
    digits = digitSprites();
    Text zero = new Text("0");
    zero.setFont(CLUSTER_FONT);
    digitAdvance = zero.getLayoutBounds().getWidth();
  }

  Sprite marker(CameraType type, boolean online, boolean selected, boolean nearIncident, ConsentBadge badge) {
    return markers[markerIndex(type, online, selected, nearIncident, badge)];
  }

  /** Marker radius on screen, as drawn: selected markers are larger. */
  static double markerRadius(boolean selected) {
    return selected ? MARKER_RADIUS + 3 : MARKER_RADIUS;
  }

  /** Cluster radius on screen: grows with the count's order of magnitude. */
  static int clusterRadius(int count) {
    return (int) Math.round(SMALLEST_CLUSTER_RADIUS + Math.min(LARGEST_CLUSTER_RADIUS - SMALLEST_CLUSTER_RADIUS, Math.log10(count) * 7));
  }

  Sprite clusterDisc(CameraType dominant, int radius) {
    return discs[dominant.ordinal() * (LARGEST_CLUSTER_RADIUS - SMALLEST_CLUSTER_RADIUS + 1) + radius - SMALLEST_CLUSTER_RADIUS];
  }

  Sprite digit(char digit) {
    return digits[digit - '0'];
  }

  /** An incident's diamond and its "type · CAD number" label, anchored at the diamond's centre. */
  Sprite incidentLabel(String label, boolean emergency) {
    return incidentLabels.computeIfAbsent((emergency ? "!" : " ") + label, key -> {
      Text text = new Text(label);
      text.setFont(INCIDENT_FONT);
      int width = (int) Math.ceil(22 + text.getLayoutBounds().getWidth() + 2);
      int height = 36;
      Canvas canvas = new Canvas(width, height);
      GraphicsContext g = canvas.getGraphicsContext2D();
      double x = 10;
      double y = 23;
      g.setFill(incidentColor(emergency));
      g.fillPolygon(new double[] {x, x + 9, x, x - 9}, new double[] {y - 11, y, y + 11, y}, 4);
      g.setFill(Color.WHITE);
      g.setFont(INCIDENT_FONT);
      g.setTextAlign(TextAlignment.LEFT);
      g.fillText(label, x + 12, y - 8);
      return sliced(canvas, width, height, 1, x, y)[0];
    });
  }

  static Color incidentColor(boolean emergency) {
    return emergency ? Color.web("#f85149") : Color.web("#d29922");
  }

  private static int markerIndex(CameraType type, boolean online, boolean selected, boolean nearIncident, ConsentBadge badge) {
    int index = type.ordinal();
    index = index * 2 + (online ? 1 : 0);
    index = index * 2 + (selected ? 1 : 0);
    index = index * 2 + (nearIncident ? 1 : 0);
    return index * BADGES.length + badge.ordinal();
  }

  private static Sprite[] markerSprites() {
    int count = TYPES.length * 8 * BADGES.length;
    Canvas atlas = new Canvas(count * MARKER_CELL, MARKER_CELL);
    GraphicsContext g = atlas.getGraphicsContext2D();
    for (CameraType type : TYPES) {
      for (boolean online : new boolean[] {false, true}) {
        for (boolean selected : new boolean[] {false, true}) {
          for (boolean nearIncident : new boolean[] {false, true}) {
            for (ConsentBadge badge : BADGES) {
              double x = markerIndex(type, online, selected, nearIncident, badge) * MARKER_CELL + MARKER_CELL / 2.0;
              drawMarker(g, x, MARKER_CELL / 2.0, type, online, selected, nearIncident, badge);
            }
          }
        }
      }
    }
    return sliced(atlas, MARKER_CELL, MARKER_CELL, count, MARKER_CELL / 2.0, MARKER_CELL / 2.0);
  }

  private static void drawMarker(GraphicsContext g, double x, double y, CameraType type, boolean online, boolean selected,
      boolean nearIncident, ConsentBadge badge) {
    double r = markerRadius(selected);
    if (nearIncident) {
      g.setStroke(Color.web("#f85149"));
      g.setLineWidth(2);
      g.strokeOval(x - r - 4, y - r - 4, (r + 4) * 2, (r + 4) * 2);
    }
    g.setFill(online ? CameraStyle.color(type) : Color.web("#6e7681"));
    g.fillOval(x - r, y - r, r * 2, r * 2);
    g.setStroke(selected ? Color.WHITE : OUTLINE);
    g.setLineWidth(selected ? 2.5 : 1.5);
    g.strokeOval(x - r, y - r, r * 2, r * 2);
    g.setFill(OUTLINE);
    g.setFont(MARKER_FONT);
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.BASELINE);
    g.fillText(CameraStyle.letter(type), x, y + 3);
    if (badge != ConsentBadge.NONE) {
      g.setFill(CameraStyle.badgeColor(badge, online));
      g.fillOval(x + r - 3, y - r - 3, 7, 7);
      g.setStroke(OUTLINE);
      g.setLineWidth(1);
      g.strokeOval(x + r - 3, y - r - 3, 7, 7);
    }
  }

  private static Sprite[] discSprites() {
    int radii = LARGEST_CLUSTER_RADIUS - SMALLEST_CLUSTER_RADIUS + 1;
    Canvas atlas = new Canvas(TYPES.length * radii * DISC_CELL, DISC_CELL);
    GraphicsContext g = atlas.getGraphicsContext2D();
    double centre = DISC_CELL / 2.0;
    for (CameraType type : TYPES) {
      Color color = CameraStyle.color(type);
      for (int radius = SMALLEST_CLUSTER_RADIUS; radius <= LARGEST_CLUSTER_RADIUS; radius++) {
        double x = (type.ordinal() * radii + radius - SMALLEST_CLUSTER_RADIUS) * DISC_CELL + centre;
        g.setFill(color.deriveColor(0, 1, 0.55, 0.92));
        g.fillOval(x - radius, centre - radius, radius * 2, radius * 2);
        g.setStroke(color);
        g.setLineWidth(2);
        g.strokeOval(x - radius, centre - radius, radius * 2, radius * 2);
      }
    }
    return sliced(atlas, DISC_CELL, DISC_CELL, TYPES.length * radii, centre, centre);
  }

  private static Sprite[] digitSprites() {
    Canvas atlas = new Canvas(10 * DIGIT_WIDTH, DIGIT_HEIGHT);
    GraphicsContext g = atlas.getGraphicsContext2D();
    g.setFill(Color.WHITE);
    g.setFont(CLUSTER_FONT);
    g.setTextAlign(TextAlignment.LEFT);
    for (int digit = 0; digit < 10; digit++) {
      g.fillText(Integer.toString(digit), digit * DIGIT_WIDTH + 1, DIGIT_BASELINE);
    }
    return sliced(atlas, DIGIT_WIDTH, DIGIT_HEIGHT, 10, 1, DIGIT_BASELINE);
  }

  /** Snapshots a row of {@code count} cells of a drawn atlas into sprites, each cut to its painted pixels. */
  private static Sprite[] sliced(Canvas atlas, int cellWidth, int cellHeight, int count, double anchorX, double anchorY) {
    SnapshotParameters transparent = new SnapshotParameters();
    transparent.setFill(Color.TRANSPARENT);
    WritableImage image = atlas.snapshot(transparent, null);
    Sprite[] sprites = new Sprite[count];
    int[] cell = new int[cellWidth * cellHeight];
    for (int i = 0; i < count; i++) {
      image.getPixelReader().getPixels(i * cellWidth, 0, cellWidth, cellHeight, PixelFormat.getIntArgbPreInstance(), cell, 0, cellWidth);
      sprites[i] = trimmed(cell, cellWidth, cellHeight, anchorX, anchorY);
    }
    return sprites;
  }

  /** The painted part of a cell: blitting skips no transparent border then. */
  private static Sprite trimmed(int[] cell, int cellWidth, int cellHeight, double anchorX, double anchorY) {
    int left = cellWidth;
    int right = -1;
    int top = cellHeight;
    int bottom = -1;
    for (int y = 0; y < cellHeight; y++) {
      for (int x = 0; x < cellWidth; x++) {
        if (cell[y * cellWidth + x] != 0) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    if (right < 0) {
      return new Sprite(0, 0, new int[0], 0, 0);
    }
    int width = right - left + 1;
    int height = bottom - top + 1;
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(cell, (top + y) * cellWidth + left, pixels, y * width, width);
    }
    return new Sprite(width, height, pixels, anchorX - left, anchorY - top);
  }
}
