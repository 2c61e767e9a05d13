package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.watchfloor.client.net.HotlistHit;
import org.watchfloor.client.net.RequestedFootage;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.Track;

/**
 * The replay's time axis: a ruler in the center's time zone; rows for CAD events, LPR hits,
 * bookmarks, owner-shared clips, footage requests with their state and (supervisors) who viewed
 * which camera; one row per track; and one row per tile showing where its camera recorded and where
 * it has gaps (and its bookmarks), with the clock's cursor across them. Pointing at a mark shows its
 * details, clicking it moves the cursor there. The wheel zooms about the pointer (from days down to
 * single frames), Shift+wheel or dragging the ruler scrolls, clicking or dragging below the ruler
 * moves the cursor (seeks on release).
 */
public final class TimeAxis extends Region {

  private static final double LABELS = 150;
  private static final double RULER = 30;
  private static final double MARK_ROW = 18;
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
  /** The marks as last drawn, for pointing and clicking. */
  private final List<Mark> marks = new ArrayList<>();
  private final Label details = new Label();

  /** A mark where it was drawn: what it is about and when. */
  private record Mark(String id, double x0, double y0, double x1, double y1, Instant at, String details) {

    boolean contains(double x, double y) {
      return x >= x0 - 3 && x <= x1 + 3 && y >= y0 && y <= y1;
    }
  }

  /** The rows of marks above the tiles', in order. */
  private enum Row {
    CAD("CAD"), LPR("LPR hits"), BOOKMARKS("Bookmarks"), SHARED("Shared clips"), REQUESTS("Footage requests"), VIEWS("Viewed (audit)");

    private final String label;

    Row(String label) {
      this.label = label;
    }
  }

  public TimeAxis(Replay replay) {
    this.replay = replay;
    getStyleClass().add("replay-axis");
    details.getStyleClass().add("replay-mark-details");
    details.setManaged(false);
    details.setVisible(false);
    details.setMouseTransparent(true);
    getChildren().addAll(canvas, details);
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
    replay.marks().shownProperty().addListener(observable -> {
      requestLayout();
      draw();
    });
    replay.marks().supervisorProperty().addListener(observable -> requestLayout());
    setOnScroll(this::scrolled);
    canvas.setOnMouseMoved(this::pointed);
    canvas.setOnMouseExited(event -> details.setVisible(false));
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
      dragged = markAt(event.getX(), event.getY()).map(Mark::at).orElse(at(event.getX()));
      draw();
    }
  }

  private Optional<Mark> markAt(double x, double y) {
    for (int i = marks.size() - 1; i >= 0; i--) {
      if (marks.get(i).contains(x, y)) {
        return Optional.of(marks.get(i));
      }
    }
    return Optional.empty();
  }

  private void pointed(MouseEvent event) {
    Optional<Mark> mark = markAt(event.getX(), event.getY());
    details.setVisible(mark.isPresent());
    mark.ifPresent(shown -> {
      details.setText(shown.details());
      // Unmanaged, the label is sized here: with its style applied, else its first showing has no size.
      details.applyCss();
      details.autosize();
      double x = Math.min(event.getX() + 14, getWidth() - details.getWidth() - 4);
      double y = event.getY() + 16 + details.getHeight() > getHeight() ? event.getY() - details.getHeight() - 6 : event.getY() + 16;
      details.relocate(Math.max(0, x), Math.max(0, y));
    });
  }

  /** The details shown while pointing at a mark; empty when none is pointed at. */
  public Optional<String> pointedDetails() {
    return details.isVisible() ? Optional.of(details.getText()) : Optional.empty();
  }

  /** Where the mark of entry, request or view {@code id} was drawn last (its middle, in this node's coordinates). */
  public Optional<Point2D> markPosition(String id) {
    return marks.stream().filter(mark -> mark.id().equals(id)).findFirst()
        .map(mark -> new Point2D((mark.x0() + mark.x1()) / 2, (mark.y0() + mark.y1()) / 2));
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
    return RULER + MARK_ROW * (rows().size() + replay.marks().shown().tracks().size()) + TILE_ROW * replay.tiles().size() + 6;
  }

  private List<Row> rows() {
    return replay.marks().supervisorProperty().get() ? List.of(Row.values())
        : List.of(Row.CAD, Row.LPR, Row.BOOKMARKS, Row.SHARED, Row.REQUESTS);
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

    marks.clear();
    IncidentMarks.Shown shown = replay.marks().shown();
    List<Row> rows = rows();
    g.setTextAlign(TextAlignment.LEFT);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double y = RULER + i * MARK_ROW;
      g.setFill(Color.web("#aab2c0"));
      g.fillText(row.label, 6, y + MARK_ROW / 2);
      g.setStroke(Color.web("#23272e"));
      g.strokeLine(LABELS, y + MARK_ROW - 0.5, width, y + MARK_ROW - 0.5);
      switch (row) {
        case REQUESTS -> {
          for (RequestedFootage request : shown.requests()) {
            drawSpan(g, request.id(), request.windowStart(), request.windowEnd(), y, requestColor(request.status()), request.status(), requestDetails(request));
          }
        }
        case VIEWS -> {
          for (IncidentMarks.CameraView view : shown.views()) {
            String id = "view:" + view.cameraId() + "@" + view.at();
            drawTick(g, id, view.at(), y, MARK_ROW, Color.web(view.live() ? "#4fc3f7" : "#9575cd"), viewDetails(view));
          }
        }
        default -> {
          for (TimelineEntry entry : shown.entries()) {
            if (row(entry.kind()) == row) {
              entry.window().ifPresent(window -> {
                g.setFill(color(entry.kind()).deriveColor(0, 1, 1, 0.3));
                double from = Math.max(LABELS, x(window.start()));
                g.fillRect(from, y + 4, Math.max(0, Math.min(width, x(window.end())) - from), MARK_ROW - 8);
              });
              drawTriangle(g, entry.id(), entry.at(), y, color(entry.kind()), entryDetails(entry));
            }
          }
        }
      }
    }

    double tracksTop = RULER + rows.size() * MARK_ROW;
    List<Track> tracks = shown.tracks();
    for (int i = 0; i < tracks.size(); i++) {
      drawTrack(g, shown, tracks.get(i), tracksTop + i * MARK_ROW);
    }

    List<ReplayTile> tiles = replay.tiles();
    for (int i = 0; i < tiles.size(); i++) {
      ReplayTile tile = tiles.get(i);
      double y = tracksTop + tracks.size() * MARK_ROW + i * TILE_ROW;
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
      for (TimelineEntry bookmark : shown.cameraBookmarks()) {
        if (bookmark.cameraId().equals(tile.cameraId())) {
          drawTick(g, "tile-bookmark:" + bookmark.id(), bookmark.at(), y, TILE_ROW, color(TimelineEntry.Kind.BOOKMARK), entryDetails(bookmark));
        }
      }
    }

    drawCursor(g, replay.clock().positionProperty().get(), Color.web("#ff5a4f"), height);
    if (dragged != null) {
      drawCursor(g, dragged, Color.web("#ffb0aa"), height);
    }
  }

  private void drawTriangle(GraphicsContext g, String id, Instant at, double y, Color color, String text) {
    double x = x(at);
    if (x < LABELS - 5 || x > canvas.getWidth() + 5) {
      return;
    }
    g.setFill(color);
    g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {y + 3, y + 3, y + MARK_ROW - 4}, 3);
    marks.add(new Mark(id, x - 5, y, x + 5, y + MARK_ROW, at, text));
  }

  private void drawTick(GraphicsContext g, String id, Instant at, double y, double rowHeight, Color color, String text) {
    double x = x(at);
    if (x < LABELS || x > canvas.getWidth()) {
      return;
    }
    g.setFill(color);
    g.fillRect(x - 1.5, y + 2, 3, rowHeight - 4);
    marks.add(new Mark(id, x - 2, y, x + 2, y + rowHeight, at, text));
  }

  private void drawSpan(GraphicsContext g, String id, Instant start, Instant end, double y, Color color, String label, String text) {
    double from = Math.max(LABELS, x(start));
    double to = Math.min(canvas.getWidth(), x(end));
    if (to < LABELS || from > canvas.getWidth()) {
      return;
    }
    double w = Math.max(3, to - from);
    g.setFill(color.deriveColor(0, 1, 1, 0.45));
    g.fillRect(from, y + 3, w, MARK_ROW - 6);
    g.setStroke(color);
    g.strokeRect(from + 0.5, y + 3.5, w - 1, MARK_ROW - 7);
    if (w > 60) {
      g.setFill(Color.web("#e6e9ef"));
      g.fillText(label, from + 4, y + MARK_ROW / 2);
    }
    marks.add(new Mark(id, from, y, from + w, y + MARK_ROW, start, text));
  }

  /** A track's steps at their bookmarks' moments, joined in the order followed. */
  private void drawTrack(GraphicsContext g, IncidentMarks.Shown shown, Track track, double y) {
    g.setFill(Color.web("#e0c070"));
    g.fillText(clip(track.name()), 6, y + MARK_ROW / 2);
    List<TimelineEntry> steps = shown.steps(track);
    g.setStroke(Color.web("#e0c070"));
    g.setLineWidth(1.5);
    for (int i = 1; i < steps.size(); i++) {
      g.strokeLine(x(steps.get(i - 1).at()), y + MARK_ROW / 2, x(steps.get(i).at()), y + MARK_ROW / 2);
    }
    g.setLineWidth(1);
    for (int i = 0; i < steps.size(); i++) {
      TimelineEntry step = steps.get(i);
      double x = x(step.at());
      if (x < LABELS - 5 || x > canvas.getWidth() + 5) {
        continue;
      }
      g.setFill(Color.web("#e0c070"));
      g.fillOval(x - 5, y + MARK_ROW / 2 - 5, 10, 10);
      g.setFill(Color.web("#15181d"));
      g.setTextAlign(TextAlignment.CENTER);
      g.fillText(Integer.toString(i + 1), x, y + MARK_ROW / 2);
      g.setTextAlign(TextAlignment.LEFT);
      marks.add(new Mark(track.id() + "#" + (i + 1), x - 6, y, x + 6, y + MARK_ROW, step.at(),
          "Track " + track.name() + ", step " + (i + 1) + " of " + steps.size() + "\n" + entryDetails(step)));
    }
  }

  private String entryDetails(TimelineEntry entry) {
    StringBuilder text = new StringBuilder(entry.kind().label()).append("  ").append(replay.formatTime(entry.at()));
    if (!entry.cameraId().isEmpty()) {
      text.append("  on ").append(replay.cameraName(entry.cameraId()));
    }
    if (!entry.author().isEmpty()) {
      text.append("  by ").append(entry.author());
    }
    if (entry.lprHit().isPresent()) {
      HotlistHit hit = entry.lprHit().get();
      text.append("\nplate ").append(hit.plate()).append(hit.plateRegion().isEmpty() ? "" : " (" + hit.plateRegion() + ")")
          .append(" · reader ").append(replay.cameraName(hit.readerId()))
          .append(hit.hotlist().isEmpty() ? "" : " · hotlist " + hit.hotlist())
          .append(hit.vehicleDescription().isEmpty() ? "" : "\n" + hit.vehicleDescription());
    } else if (!entry.text().isEmpty()) {
      text.append("\n").append(entry.text());
    }
    entry.window().ifPresent(window -> text.append("\nkeeps ").append(replay.formatTime(window.start())).append(" – ").append(replay.formatTime(window.end())));
    return text.toString();
  }

  private String requestDetails(RequestedFootage request) {
    StringBuilder text = new StringBuilder("Footage request ").append(request.id()).append("  ").append(request.status())
        .append("\n").append(String.join(", ", request.cameraIds().stream().map(replay::cameraName).toList()))
        .append("\nwindow ").append(replay.formatTime(request.windowStart())).append(" – ").append(replay.formatTime(request.windowEnd()))
        .append("\nrequested ").append(replay.formatTime(request.createdAt()));
    request.decidedAt().ifPresent(at -> text.append(", ").append(request.status()).append(" ").append(replay.formatTime(at)));
    if (!request.reason().isEmpty()) {
      text.append("\n").append(request.reason());
    }
    return text.toString();
  }

  private String viewDetails(IncidentMarks.CameraView view) {
    return view.username() + " viewed " + replay.cameraName(view.cameraId()) + (view.live() ? " live" : " recorded") + "  "
        + replay.formatTime(view.at()) + (view.caseNumber().isEmpty() ? "" : "\ncase " + view.caseNumber() + ": " + view.reason());
  }

  private static Row row(TimelineEntry.Kind kind) {
    return switch (kind) {
      case CAD_NOTE, STATUS_CHANGE -> Row.CAD;
      case LPR_HIT -> Row.LPR;
      case BOOKMARK -> Row.BOOKMARKS;
      case FOOTAGE_SHARED -> Row.SHARED;
    };
  }

  private static Color requestColor(String status) {
    return switch (status) {
      case "fulfilled" -> Color.web("#5ec27a");
      case "declined", "expired", "withdrawn" -> Color.web("#7b8190");
      default -> Color.web("#c9a227");
    };
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
