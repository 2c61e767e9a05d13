package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.watchfloor.client.net.TimelineEntry;

/**
 * The replay's time axis: a ruler in the center's time zone, a row of the incident's timeline
 * entries, and one row per tile showing where its camera recorded and where it has gaps, with the
 * clock's cursor across them. The wheel zooms about the pointer (from days down to single frames),
 * Shift+wheel or dragging the ruler scrolls, clicking or dragging below the ruler moves the cursor
 * (seeks on release).
 */
public final class TimeAxis extends Region {

  private static final double LABELS = 150;
  private static final double RULER = 30;
  private static final double EVENT_ROW = 20;
  private static final double TILE_ROW = 15;
  /** Zoom limits: a second (15 frames) to three days across. */
  private static final Duration SHORTEST = Duration.ofSeconds(1);
  private static final Duration LONGEST = Duration.ofDays(3);
  private static final Font SMALL = Font.font(11);

  private final Replay replay;
  private final Canvas canvas = new Canvas();
  private Instant viewStart;
  private Duration viewSpan;
  /** While the cursor is dragged: where it would seek to. */
  private Instant dragged;
  private double panFromX = Double.NaN;
  private Instant panFromStart;

  public TimeAxis(Replay replay) {
    this.replay = replay;
    getStyleClass().add("replay-axis");
    getChildren().add(canvas);
    viewStart = replay.clock().earliest();
    viewSpan = Duration.between(replay.clock().earliest(), replay.clock().latest());
    InvalidationListener redraw = observable -> draw();
    replay.clock().positionProperty().addListener(observable -> {
      follow();
      draw();
    });
    for (ReplayTile tile : replay.tiles()) {
      tile.spansProperty().addListener(redraw);
      tile.stateProperty().addListener(redraw);
    }
    setOnScroll(this::scrolled);
    canvas.setOnMousePressed(this::pressed);
    canvas.setOnMouseDragged(this::dragged);
    canvas.setOnMouseReleased(this::released);
    setMinHeight(USE_PREF_SIZE);
  }

  /** The visible range: its start and length. */
  public Instant viewStart() {
    return viewStart;
  }

  public Duration viewSpan() {
    return viewSpan;
  }

  /** Zooms by {@code factor} (below 1: in) about {@code center}. */
  public void zoom(double factor, Instant center) {
    long nanos = Math.round(viewSpan.toNanos() * factor);
    nanos = Math.max(SHORTEST.toNanos(), Math.min(LONGEST.toNanos(), nanos));
    double share = Duration.between(viewStart, center).toNanos() / (double) viewSpan.toNanos();
    viewSpan = Duration.ofNanos(nanos);
    viewStart = center.minusNanos(Math.round(nanos * share));
    draw();
  }

  /** Zooms about the cursor. */
  public void zoomAtCursor(double factor) {
    zoom(factor, replay.clock().now());
  }

  /** Keeps the playing cursor in view: when it leaves, the view pages on. */
  private void follow() {
    Instant cursor = replay.clock().positionProperty().get();
    if (dragged == null && (cursor.isBefore(viewStart) || cursor.isAfter(viewStart.plus(viewSpan)))) {
      viewStart = cursor.minusNanos(viewSpan.toNanos() / 10);
    }
  }

  private double pixelsPerSecond() {
    return Math.max(1, getWidth() - LABELS) / (viewSpan.toNanos() / 1e9);
  }

  private double x(Instant at) {
    return LABELS + Duration.between(viewStart, at).toNanos() / 1e9 * pixelsPerSecond();
  }

  private Instant at(double x) {
    return viewStart.plusNanos(Math.round((x - LABELS) / pixelsPerSecond() * 1e9));
  }

  private void scrolled(ScrollEvent event) {
    if (event.isShiftDown() || Math.abs(event.getDeltaX()) > Math.abs(event.getDeltaY())) {
      double delta = event.isShiftDown() ? event.getDeltaY() + event.getDeltaX() : event.getDeltaX();
      viewStart = viewStart.minusNanos(Math.round(delta / pixelsPerSecond() * 1e9));
      draw();
    } else if (event.getDeltaY() != 0) {
      zoom(event.getDeltaY() > 0 ? 0.8 : 1.25, at(Math.max(LABELS, event.getX())));
    }
    event.consume();
  }

  private void pressed(MouseEvent event) {
    if (event.getY() < RULER) {
      panFromX = event.getX();
      panFromStart = viewStart;
    } else if (event.getX() >= LABELS) {
      dragged = at(event.getX());
      draw();
    }
  }

  private void dragged(MouseEvent event) {
    if (!Double.isNaN(panFromX)) {
      viewStart = panFromStart.minusNanos(Math.round((event.getX() - panFromX) / pixelsPerSecond() * 1e9));
      draw();
    } else if (dragged != null) {
      dragged = at(Math.max(LABELS, event.getX()));
      draw();
    }
  }

  private void released(MouseEvent event) {
    panFromX = Double.NaN;
    if (dragged != null) {
      Instant target = dragged;
      dragged = null;
      replay.seek(target);
    }
  }

  @Override
  protected void layoutChildren() {
    canvas.setWidth(getWidth());
    canvas.setHeight(getHeight());
    draw();
  }

  @Override
  protected double computePrefHeight(double width) {
    return RULER + EVENT_ROW + TILE_ROW * replay.tiles().size() + 6;
  }

  @Override
  protected double computePrefWidth(double height) {
    return 960;
  }

  private void draw() {
    double width = canvas.getWidth();
    double height = canvas.getHeight();
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.setFill(Color.web("#15181d"));
    g.fillRect(0, 0, width, height);
    if (width <= LABELS) {
      return;
    }
    g.setFont(SMALL);
    g.setTextBaseline(VPos.CENTER);
    Instant viewEnd = viewStart.plus(viewSpan);

    // Outside the replay's window nothing can play.
    g.setFill(Color.web("#0c0d10"));
    double windowStart = Math.max(LABELS, x(replay.clock().earliest()));
    double windowEnd = Math.min(width, x(replay.clock().latest()));
    g.fillRect(LABELS, 0, Math.max(0, windowStart - LABELS), height);
    g.fillRect(windowEnd, 0, Math.max(0, width - windowEnd), height);

    for (TimeScale.Tick tick : TimeScale.ticks(viewStart, viewEnd, pixelsPerSecond(), replay.zone())) {
      double x = Math.round(x(tick.at())) + 0.5;
      g.setStroke(tick.dayStart() ? Color.web("#8a94a6") : Color.web("#3a404b"));
      g.strokeLine(x, tick.dayStart() ? 2 : RULER - 10, x, height);
      g.setFill(Color.web(tick.dayStart() ? "#e6e9ef" : "#aab2c0"));
      g.setTextAlign(TextAlignment.LEFT);
      g.fillText(tick.label(), x + 3, RULER / 2 - 3);
    }

    g.setTextAlign(TextAlignment.LEFT);
    g.setFill(Color.web("#aab2c0"));
    g.fillText("Events", 6, RULER + EVENT_ROW / 2);
    for (TimelineEntry entry : replay.timeline().entries()) {
      if (entry.at().isBefore(viewStart) || entry.at().isAfter(viewEnd)) {
        continue;
      }
      double x = x(entry.at());
      g.setFill(color(entry.kind()));
      g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {RULER + 3, RULER + 3, RULER + EVENT_ROW - 4}, 3);
    }

    List<ReplayTile> tiles = replay.tiles();
    for (int i = 0; i < tiles.size(); i++) {
      ReplayTile tile = tiles.get(i);
      double y = RULER + EVENT_ROW + i * TILE_ROW;
      g.setFill(Color.web(tile.state() == ReplayTileState.REFUSED ? "#7b8190" : "#d5dae3"));
      g.fillText(clip(tile.cameraName()), 6, y + TILE_ROW / 2);
      g.setFill(Color.web("#23272e"));
      g.fillRect(LABELS, y + 3, width - LABELS, TILE_ROW - 6);
      RecordedSpans spans = tile.spansProperty().get();
      if (spans == null) {
        continue;
      }
      g.setFill(tile.ownerShared() ? Color.web("#c9a227") : Color.web("#3d8bd9"));
      for (RecordedSpans.Span span : spans.spans()) {
        if (span.end().isBefore(viewStart) || span.start().isAfter(viewEnd)) {
          continue;
        }
        double from = Math.max(LABELS, x(span.start()));
        double to = Math.min(width, x(span.end()));
        g.fillRect(from, y + 3, Math.max(1, to - from), TILE_ROW - 6);
      }
    }

    drawCursor(g, replay.clock().positionProperty().get(), Color.web("#ff5a4f"), height);
    if (dragged != null) {
      drawCursor(g, dragged, Color.web("#ffb0aa"), height);
    }
  }

  private void drawCursor(GraphicsContext g, Instant at, Color color, double height) {
    double x = x(at);
    if (x < LABELS || x > canvas.getWidth()) {
      return;
    }
    g.setStroke(color);
    g.setLineWidth(2);
    g.strokeLine(x, 0, x, height);
    g.setLineWidth(1);
  }

  private static String clip(String name) {
    return name.length() > 22 ? name.substring(0, 21) + "…" : name;
  }

  private static Color color(TimelineEntry.Kind kind) {
    return switch (kind) {
      case CAD_NOTE -> Color.web("#e6e9ef");
      case LPR_HIT -> Color.web("#f28c28");
      case BOOKMARK -> Color.web("#5ec27a");
      case FOOTAGE_SHARED -> Color.web("#c9a227");
      case STATUS_CHANGE -> Color.web("#b07cff");
    };
  }
}
