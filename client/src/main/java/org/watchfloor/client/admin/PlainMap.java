package org.watchfloor.client.admin;

import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.watchfloor.client.net.ImportedRecord;

/**
 * A small plain map of a report's records: each a dot at its position, coloured by outcome, on a
 * ground fitted to the records (no tiles, so it works without a tile server).
 */
final class ImportPreview extends Canvas {

  private static final double MARGIN = 12;
  private List<ImportedRecord> records = List.of();

  ImportPreview(double width, double height) {
    super(width, height);
    getStyleClass().add("import-preview");
    paint();
  }

  void show(List<ImportedRecord> shown) {
    records = List.copyOf(shown);
    paint();
  }

  private void paint() {
    GraphicsContext g = getGraphicsContext2D();
    g.setFill(Color.web("#0d1117"));
    g.fillRect(0, 0, getWidth(), getHeight());
    g.setStroke(Color.web("#30363d"));
    g.strokeRect(0.5, 0.5, getWidth() - 1, getHeight() - 1);
    List<double[]> points = records.stream().flatMap(record -> record.position().stream()).toList();
    if (points.isEmpty()) {
      g.setFill(Color.web("#8b949e"));
      g.fillText("Run a dry run to see the records here", MARGIN, getHeight() / 2);
      return;
    }
    double south = points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
    double north = points.stream().mapToDouble(p -> p[0]).max().orElseThrow();
    double west = points.stream().mapToDouble(p -> p[1]).min().orElseThrow();
    double east = points.stream().mapToDouble(p -> p[1]).max().orElseThrow();
    // Equirectangular with the longitude scaled at the middle latitude: shapes look right for a city.
    double xScale = Math.cos(Math.toRadians((south + north) / 2));
    double spanX = Math.max((east - west) * xScale, 1e-4);
    double spanY = Math.max(north - south, 1e-4);
    double scale = Math.min((getWidth() - 2 * MARGIN) / spanX, (getHeight() - 2 * MARGIN) / spanY);
    double left = (getWidth() - spanX * scale) / 2;
    double top = (getHeight() - spanY * scale) / 2;
    for (ImportedRecord record : records) {
      record.position().ifPresent(p -> {
        double x = left + (p[1] - west) * xScale * scale;
        double y = top + (north - p[0]) * scale;
        g.setFill(Color.web(ImportWizard.colour(record)));
        g.fillOval(x - 3, y - 3, 6, 6);
      });
    }
  }
}
