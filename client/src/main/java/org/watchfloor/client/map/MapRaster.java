package org.watchfloor.client.map;

import java.util.Arrays;

/**
 * A premultiplied ARGB pixel buffer the camera layer paints into off the FX thread: sprites drawn
 * once by JavaFX, plus the few shapes that vary continuously with zoom (view cones, incident
 * areas, the county outline), with a one-pixel soft edge. Painting here costs well under a
 * microsecond a marker, where a software-rendered canvas call costs tens of microseconds.
 */
final class MapRaster {

  final int width;
  final int height;
  final int[] pixels;
  /** The rows this raster draws on, from {@code firstRow} up to (without) {@code endRow}: all, or a band of them. */
  private final int firstRow;
  private final int endRow;

  MapRaster(int width, int height, int[] reuse) {
    this(width, height, reuse != null && reuse.length == width * height ? reuse : new int[width * height], 0, height);
  }

  private MapRaster(int width, int height, int[] pixels, int firstRow, int endRow) {
    this.width = width;
    this.height = height;
    this.pixels = pixels;
    this.firstRow = firstRow;
    this.endRow = endRow;
  }

  /**
   * The same pixels, drawing only on rows {@code firstRow} up to {@code endRow}: bands drawn by
   * separate threads with the same calls make the same picture as one raster drawn by one.
   */
  MapRaster band(int firstRow, int endRow) {
    return new MapRaster(width, height, pixels, Math.max(0, firstRow), Math.min(height, endRow));
  }

  /** The first row this raster draws on. */
  int firstRow() {
    return firstRow;
  }

  /** The row after the last this raster draws on. */
  int endRow() {
    return endRow;
  }

  /** Makes this raster's rows transparent. */
  void clear() {
    Arrays.fill(pixels, firstRow * width, endRow * width, 0);
  }

  /**
   * Fills this raster's rows with {@code source} scaled by {@code scale}, nearest pixel: this raster's
   * pixel (x, y) shows the source's at ({@code sourceLeft} + x / scale, {@code sourceTop} + y /
   * scale), transparent beyond the source. A software renderer draws a scaled image at a cost of
   * tens of milliseconds a frame; this costs a few, once per view. Every pixel of the rows is
   * written, so they need no clearing first; a row that shows the same source row as the one above
   * (zoomed in) is a copy of it, and a row at scale 1 one copy of the source's.
   */
  void drawScaled(MapRaster source, double scale, double sourceLeft, double sourceTop) {
    int[] columns = new int[width];
    for (int x = 0; x < width; x++) {
      columns[x] = (int) Math.floor(sourceLeft + (x + 0.5) / scale);
    }
    int first = 0;
    while (first < width && columns[first] < 0) {
      first++;
    }
    int last = width;
    while (last > first && columns[last - 1] >= source.width) {
      last--;
    }
    boolean oneToOne = last > first && columns[last - 1] - columns[first] == last - 1 - first;
    int previousSourceY = -1;
    for (int y = firstRow; y < endRow; y++) {
      int row = y * width;
      int sourceY = (int) Math.floor(sourceTop + (y + 0.5) / scale);
      if (sourceY < 0 || sourceY >= source.height || first == last) {
        Arrays.fill(pixels, row, row + width, 0);
        previousSourceY = -1;
        continue;
      }
      if (sourceY == previousSourceY) {
        System.arraycopy(pixels, row - width, pixels, row, width);
        continue;
      }
      previousSourceY = sourceY;
      Arrays.fill(pixels, row, row + first, 0);
      int sourceRow = sourceY * source.width;
      if (oneToOne) {
        System.arraycopy(source.pixels, sourceRow + columns[first], pixels, row + first, last - first);
      } else {
        for (int x = first; x < last; x++) {
          pixels[row + x] = source.pixels[sourceRow + columns[x]];
        }
      }
      Arrays.fill(pixels, row + last, row + width, 0);
    }
  }

  /** A sprite with its anchor at (x, y), snapped to whole pixels so it stays as crisp as drawn. */
  void blit(MapSprites.Sprite sprite, double x, double y) {
    int left = (int) Math.round(x - sprite.anchorX());
    int top = (int) Math.round(y - sprite.anchorY());
    int fromX = Math.max(0, -left);
    int toX = Math.min(sprite.width(), width - left);
    int fromY = Math.max(0, firstRow - top);
    int toY = Math.min(sprite.height(), endRow - top);
    for (int sy = fromY; sy < toY; sy++) {
      int source = sy * sprite.width();
      int target = (top + sy) * width + left;
      for (int sx = fromX; sx < toX; sx++) {
        int pixel = sprite.pixels()[source + sx];
        if (pixel != 0) {
          pixels[target + sx] = over(pixel, pixels[target + sx]);
        }
      }
    }
  }

  /**
   * A view cone: a circular sector around {@code heading} (degrees clockwise from north) filled
   * with {@code fill} and outlined one pixel wide with {@code stroke} (both non-premultiplied ARGB).
   */
  void sector(double cx, double cy, double radius, double heading, double fieldOfView, int fill, int stroke) {
    double from = Math.toRadians(heading - fieldOfView / 2);
    double to = Math.toRadians(heading + fieldOfView / 2);
    // Screen directions of the two edges (y grows downwards); the cone turns clockwise from a to b.
    double ax = Math.sin(from);
    double ay = -Math.cos(from);
    double bx = Math.sin(to);
    double by = -Math.cos(to);
    boolean wide = fieldOfView > 180;
    int solidFill = premultiply(fill, 1);
    double inner = (radius - 1) * (radius - 1);
    double outer = (radius + 1) * (radius + 1);
    // Only the box around the centre, both edge ends and the compass points the arc passes.
    double minX = Math.min(cx, Math.min(cx + ax * radius, cx + bx * radius));
    double maxX = Math.max(cx, Math.max(cx + ax * radius, cx + bx * radius));
    double minY = Math.min(cy, Math.min(cy + ay * radius, cy + by * radius));
    double maxY = Math.max(cy, Math.max(cy + ay * radius, cy + by * radius));
    double start = heading - fieldOfView / 2;
    for (int compass = 0; compass < 360; compass += 90) {
      if (((compass - start) % 360 + 360) % 360 <= fieldOfView) {
        minX = Math.min(minX, cx + Math.sin(Math.toRadians(compass)) * radius);
        maxX = Math.max(maxX, cx + Math.sin(Math.toRadians(compass)) * radius);
        minY = Math.min(minY, cy - Math.cos(Math.toRadians(compass)) * radius);
        maxY = Math.max(maxY, cy - Math.cos(Math.toRadians(compass)) * radius);
      }
    }
    int boxLeft = Math.max(0, (int) Math.floor(minX - 1));
    int boxRight = Math.min(width - 1, (int) Math.ceil(maxX + 1));
    for (int y = Math.max(firstRow, (int) Math.floor(minY - 1)); y <= Math.min(endRow - 1, (int) Math.ceil(maxY + 1)); y++) {
      double dy = y + 0.5 - cy;
      double span = Math.sqrt(Math.max(0, outer - dy * dy));
      int left = Math.max(boxLeft, (int) Math.floor(cx - span));
      int right = Math.min(boxRight, (int) Math.ceil(cx + span));
      for (int x = left; x <= right; x++) {
        double dx = x + 0.5 - cx;
        // Signed distances to the edge lines, positive on the cone's side.
        double sideA = ax * dy - ay * dx;
        double sideB = by * dx - bx * dy;
        double angle = wide ? Math.max(sideA, sideB) : Math.min(sideA, sideB);
        if (angle < -1) {
          continue;
        }
        double squared = dx * dx + dy * dy;
        int index = y * width + x;
        if (angle >= 1 && squared <= inner) {
          pixels[index] = over(solidFill, pixels[index]);
          continue;
        }
        double distance = Math.sqrt(squared);
        double inAngle = coverage(angle);
        double inside = Math.min(coverage(radius - distance), inAngle);
        double edge = Math.min(1, Math.max(inAngle * coverage(0.5 - Math.abs(distance - radius)),
            Math.max(alongEdge(dx, dy, ax, ay, sideA, radius), alongEdge(dx, dy, bx, by, sideB, radius))));
        if (inside > 0) {
          pixels[index] = over(premultiply(fill, inside), pixels[index]);
        }
        if (edge > 0) {
          pixels[index] = over(premultiply(stroke, edge), pixels[index]);
        }
      }
    }
  }

  /** A filled disc of non-premultiplied ARGB {@code fill}, and a ring {@code ringWidth} wide of {@code ring} on its edge. */
  void disc(double cx, double cy, double radius, int fill, double ringWidth, int ring) {
    int solidFill = premultiply(fill, 1);
    double reach = radius + ringWidth / 2 + 1;
    double inner = Math.max(0, radius - ringWidth / 2 - 1);
    for (int y = Math.max(firstRow, (int) Math.floor(cy - reach)); y <= Math.min(endRow - 1, (int) Math.ceil(cy + reach)); y++) {
      double dy = y + 0.5 - cy;
      double span = Math.sqrt(Math.max(0, reach * reach - dy * dy));
      double solidSpan = dy * dy < inner * inner ? Math.sqrt(inner * inner - dy * dy) : -1;
      int left = Math.max(0, (int) Math.floor(cx - span));
      int right = Math.min(width - 1, (int) Math.ceil(cx + span));
      for (int x = left; x <= right; x++) {
        double dx = x + 0.5 - cx;
        int index = y * width + x;
        if (Math.abs(dx) < solidSpan) {
          if (solidFill != 0) {
            pixels[index] = over(solidFill, pixels[index]);
          }
          continue;
        }
        double distance = Math.sqrt(dx * dx + dy * dy);
        double inside = coverage(radius - distance);
        if (inside > 0 && fill != 0) {
          pixels[index] = over(premultiply(fill, inside), pixels[index]);
        }
        double onRing = coverage(ringWidth / 2 - Math.abs(distance - radius));
        if (onRing > 0 && ringWidth > 0) {
          pixels[index] = over(premultiply(ring, onRing), pixels[index]);
        }
      }
    }
  }

  /**
   * A closed dashed line two pixels wide through screen points {@code xs}/{@code ys}; the dash
   * pattern runs on across vertices, and segments off the raster only advance it.
   */
  void dashedOutline(double[] xs, double[] ys, double dash, double gap, int color) {
    int premultiplied = premultiply(color, 1);
    double phase = 0;
    for (int i = 0; i < xs.length; i++) {
      int next = (i + 1) % xs.length;
      double x0 = xs[i];
      double y0 = ys[i];
      double dx = xs[next] - x0;
      double dy = ys[next] - y0;
      double length = Math.hypot(dx, dy);
      boolean visible = Math.max(x0, x0 + dx) >= -2 && Math.min(x0, x0 + dx) <= width + 2
          && Math.max(y0, y0 + dy) >= -2 && Math.min(y0, y0 + dy) <= height + 2;
      if (visible) {
        for (double along = 0; along < length; along += 0.5) {
          if ((phase + along) % (dash + gap) < dash) {
            dot((int) Math.floor(x0 + dx * along / length - 1), (int) Math.floor(y0 + dy * along / length - 1), premultiplied);
          }
        }
      }
      phase += length;
    }
  }

  /**
   * A line {@code lineWidth} pixels wide with round ends from (x1, y1) to (x2, y2), of
   * non-premultiplied ARGB {@code color}, with a one-pixel soft edge; only the rows and spans it can
   * touch are visited.
   */
  void line(double x1, double y1, double x2, double y2, double lineWidth, int color) {
    double half = lineWidth / 2;
    double reach = half + 1;
    double dx = x2 - x1;
    double dy = y2 - y1;
    double lengthSquared = dx * dx + dy * dy;
    int solid = premultiply(color, 1);
    int top = Math.max(firstRow, (int) Math.floor(Math.min(y1, y2) - reach));
    int bottom = Math.min(endRow - 1, (int) Math.ceil(Math.max(y1, y2) + reach));
    for (int y = top; y <= bottom; y++) {
      double py = y + 0.5;
      // The part of the centre line within reach of this row, widened by the reach on both sides.
      double from = 0;
      double to = 1;
      if (dy != 0) {
        double a = (py - reach - y1) / dy;
        double b = (py + reach - y1) / dy;
        from = Math.max(0, Math.min(a, b));
        to = Math.min(1, Math.max(a, b));
        if (from > to) {
          continue;
        }
      }
      int left = Math.max(0, (int) Math.floor(Math.min(x1 + dx * from, x1 + dx * to) - reach));
      int right = Math.min(width - 1, (int) Math.ceil(Math.max(x1 + dx * from, x1 + dx * to) + reach));
      int row = y * width;
      for (int x = left; x <= right; x++) {
        double px = x + 0.5;
        double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / lengthSquared));
        double ox = px - (x1 + t * dx);
        double oy = py - (y1 + t * dy);
        double inside = coverage(half - Math.sqrt(ox * ox + oy * oy));
        if (inside >= 1) {
          pixels[row + x] = over(solid, pixels[row + x]);
        } else if (inside > 0) {
          pixels[row + x] = over(premultiply(color, inside), pixels[row + x]);
        }
      }
    }
  }

  private void dot(int x, int y, int color) {
    for (int py = Math.max(firstRow, y); py < Math.min(endRow, y + 2); py++) {
      for (int px = Math.max(0, x); px < Math.min(width, x + 2); px++) {
        pixels[py * width + px] = color;
      }
    }
  }

  /** How much of a pixel lies inside an edge whose signed distance from the pixel centre is {@code distance}. */
  private static double coverage(double distance) {
    return Math.max(0, Math.min(1, distance + 0.5));
  }

  /** Coverage of a one-pixel line along a cone edge from the centre out to the radius. */
  private static double alongEdge(double dx, double dy, double ex, double ey, double side, double radius) {
    double along = dx * ex + dy * ey;
    if (along < 0 || along > radius) {
      return 0;
    }
    return coverage(0.5 - Math.abs(side));
  }

  private static int premultiply(int argb, double coverage) {
    double alpha = (argb >>> 24) / 255.0 * coverage;
    int a = (int) Math.round(alpha * 255);
    int r = (int) Math.round(((argb >> 16) & 0xff) * alpha);
    int g = (int) Math.round(((argb >> 8) & 0xff) * alpha);
    int b = (int) Math.round((argb & 0xff) * alpha);
    return a << 24 | r << 16 | g << 8 | b;
  }

  /** Source over destination, both premultiplied. */
  private static int over(int source, int destination) {
    int alpha = source >>> 24;
    if (alpha == 255) {
      return source;
    }
    int keep = 255 - alpha;
    int a = alpha + scale(destination >>> 24, keep);
    int r = ((source >> 16) & 0xff) + scale((destination >> 16) & 0xff, keep);
    int g = ((source >> 8) & 0xff) + scale((destination >> 8) & 0xff, keep);
    int b = (source & 0xff) + scale(destination & 0xff, keep);
    return a << 24 | r << 16 | g << 8 | b;
  }

  private static int scale(int channel, int factor) {
    int product = channel * factor + 128;
    return (product + (product >> 8)) >> 8;
  }
}
