package org.watchfloor.client.admin;

import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A small plain map of a few places (an import's records, an owner's cameras): each a dot at its
 * position in its colour, with its label when it has one, on a ground fitted to them (no tiles, so
 * it works without a tile server). It takes the size its layout gives it, from the preferred size
 * it was made with, and paints again at each new size.
 */
final class PlainMap extends Canvas {

  /** One place to show. */
  record Dot(double latitude, double longitude, String colour, String label) {}

  private static final double MARGIN = 12;
  private final String whenEmpty;
  private final double preferredWidth;
  private final double preferredHeight;
  private List<Dot> dots = List.of();

  PlainMap(double width, double height, String whenEmpty) {
    super(width, height);
    this.whenEmpty = whenEmpty;
    preferredWidth = width;
    preferredHeight = height;
    getStyleClass().add("plain-map");
    paint();
  }

  @Override
  public boolean isResizable() {
    return true;
  }

  @Override
  public double prefWidth(double height) {
    return preferredWidth;
  }

  @Override
  public double prefHeight(double width) {
    return preferredHeight;
  }

  @Override
  public double minWidth(double height) {
    return 120;
  }

  @Override
  public double minHeight(double width) {
    return 80;
  }

  @Override
  public double maxWidth(double height) {
    return Double.MAX_VALUE;
  }

  @Override
  public double maxHeight(double width) {
    return Double.MAX_VALUE;
  }

  @Override
  public void resize(double width, double height) {
    if (width != getWidth() || height != getHeight()) {
      setWidth(width);
      setHeight(height);
      paint();
    }
  }

  void show(List<Dot> shown) {
    dots = List.copyOf(shown);
    paint();
  }

  private void paint() {
    GraphicsContext g = getGraphicsContext2D();
    g.setFill(Color.web("#0d1117"));
    g.fillRect(0, 0, getWidth(), getHeight());
    g.setStroke(Color.web("#30363d"));
    g.strokeRect(0.5, 0.5, getWidth() - 1, getHeight() - 1);
    if (dots.isEmpty()) {
      g.setFill(Color.web("#8b949e"));
      g.fillText(whenEmpty, MARGIN, getHeight() / 2);
      return;
    }
    double south = dots.stream().mapToDouble(Dot::latitude).min().orElseThrow();
    double north = dots.stream().mapToDouble(Dot::latitude).max().orElseThrow();
    double west = dots.stream().mapToDouble(Dot::longitude).min().orElseThrow();
    double east = dots.stream().mapToDouble(Dot::longitude).max().orElseThrow();
    // Equirectangular with the longitude scaled at the middle latitude: shapes look right for a city.
    double xScale = Math.cos(Math.toRadians((south + north) / 2));
    double spanX = Math.max((east - west) * xScale, 1e-4);
    double spanY = Math.max(north - south, 1e-4);
    double scale = Math.min((getWidth() - 2 * MARGIN) / spanX, (getHeight() - 2 * MARGIN) / spanY);
    // Centred: a single place (or places closer than the smallest span) sits in the middle.
    double middleLongitude = (west + east) / 2;
    double middleLatitude = (south + north) / 2;
    for (Dot dot : dots) {
      double x = getWidth() / 2 + (dot.longitude() - middleLongitude) * xScale * scale;
      double y = getHeight() / 2 - (dot.latitude() - middleLatitude) * scale;
      g.setFill(Color.web(dot.colour()));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (!dot.label().isEmpty()) {
        // Beside the dot, kept inside the map at its edges.
        g.fillText(dot.label(), Math.min(x + 6, getWidth() - MARGIN - 80), Math.max(MARGIN, Math.min(y + 4, getHeight() - 4)));
      }
    }
    // How far the map reaches, so that a few dots without roads still say how close they are.
    double metresAcross = getWidth() / scale * METRES_PER_DEGREE;
    g.setFill(Color.web("#8b949e"));
    g.fillText(metresAcross < 2000 ? String.format("%.0f m across", metresAcross) : String.format("%.1f km across", metresAcross / 1000),
        MARGIN / 2, getHeight() - MARGIN / 2);
  }

  /** A degree of latitude, and of longitude scaled by the cosine of the latitude as above. */
  private static final double METRES_PER_DEGREE = 111_320;
}
