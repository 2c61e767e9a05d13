package org.watchfloor.client.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gluonhq.maps.MapPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.util.Duration;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraSummary;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.ui.YieldingThreads;

/**
 * The cameras over the map: markers by type, view cones, consent badges, clusters with their
 * count, the county outline and the open incidents. They are painted off the FX thread into one
 * image a margin larger than the window ({@link CameraPainter}) and placed as {@link PaintedLayer}
 * says; during a gesture it is repainted when the window leaves it or the zoom has moved on to
 * other clusters, and new content is painted at most every 150 ms and a third of the time.
 */
public final class CameraLayer extends PaintedLayer {

  /** New content is painted at most this often. */
  private static final Duration CONTENT_REPAINT = Duration.millis(150);
  /** Camera changes wait this many times the last paint's duration: their paints take at most a third of the painter. */
  private static final long CONTENT_PAINT_SHARE_INVERSE = 3;
  /** During a gesture, a zoom this far from the painted one is repainted even within the same clusters. */
  private static final double REPAINT_ZOOM_STEP = 0.5;
  /** During a gesture, repaints start at most this often: the painter shares two cores with rendering. */
  private static final long GESTURE_REPAINT_NANOS = 150_000_000;
  /** One painter thread for the client: paints are short and only the newest view matters. */
  private static final ExecutorService PAINTER = YieldingThreads.single("map-painter");

  private final CameraMapModel model;
  private final MapSprites sprites = new MapSprites();
  private final PauseTransition contentPause = new PauseTransition();
  /** Owned by the painter thread: the model's changes reach it there, in order with the paints. */
  private final CameraPainter painter = new CameraPainter(countyOutline(), sprites);
  /** The open incidents as painted, made on the FX thread when the incidents change. */
  private List<CameraPainter.ShownIncident> incidents = List.of();
  private List<EvidenceMarks> evidence = List.of();
  /** Gluon's base map kept from laying out tiles, when it is hidden; else null. */
  private HiddenBaseMap hiddenBaseMap;

  /** A marker ({@code camera} set, count 1) or a cluster of {@code count} cameras on screen. */
  public record Drawn(double x, double y, double radius, int count, Camera camera) {}

  public CameraLayer(CameraMapModel model) {
    super(PAINTER, GESTURE_REPAINT_NANOS);
    this.model = model;
    contentPause.setOnFinished(event -> repaint());
    // The painter thread applies a batch between paints and says whether the image on screen shows
    // any of it: a burst of changes nothing on screen shows (a layer edit, health inside clusters)
    // costs no paint. Later paints draw the newest states either way.
    model.onCameraChanges(changes -> PAINTER.execute(() -> {
      if (painter.apply(changes)) {
        Platform.runLater(() -> contentChanged(CONTENT_PAINT_SHARE_INVERSE));
      }
    }));
    refilter();
    model.hiddenTypes().addListener((SetChangeListener<CameraType>) change -> refilter());
    model.hiddenLayers().addListener((SetChangeListener<String>) change -> refilter());
    model.incidents().addListener((MapChangeListener<String, Incident>) change -> {
      incidents = shownIncidents();
      contentChanged();
    });
    model.evidenceMarks().addListener((MapChangeListener<String, EvidenceMarks>) change -> {
      evidence = List.copyOf(model.evidenceMarks().values());
      contentChanged();
    });
    model.selectedProperty().addListener((observable, before, after) -> contentChanged());
    model.summaryProperty().addListener((observable, before, after) -> contentChanged());
  }

  /**
   * Without a tile source every tile would be the same plain image, and Gluon's dozens of tile
   * views cost most of a software-rendered frame; the map pane's background is that ground.
   */
  @Override
  protected void initialize() {
    boolean tiles = ConfiguredTileRetriever.hasSource();
    baseMap.setVisible(tiles);
    if (!tiles) {
      hiddenBaseMap = HiddenBaseMap.withoutTiles(baseMap);
    }
  }

  /** Also keeps the hidden base map from laying out tiles in this pass: the map view lays out its layers before it. */
  @Override
  protected void layoutLayer() {
    super.layoutLayer();
    if (hiddenBaseMap != null) {
      hiddenBaseMap.skipTiles();
    }
  }

  /**
   * Markers and clusters as shown now, in the layer's coordinates, topmost last; each marker's camera
   * in its newest state (a change nothing on screen shows, such as a rename, is not painted).
   */
  public List<Drawn> drawn() {
    CameraPainter.View now = currentView();
    if (!(shown() instanceof CameraPainter.Painted shown) || now == null) {
      return List.of();
    }
    Placement at = Placement.of(shown.view(), now);
    List<Drawn> onScreen = new ArrayList<>(shown.drawn().size());
    for (Drawn item : shown.drawn()) {
      Camera camera = item.camera() == null ? null : model.camera(item.camera().id()).orElse(item.camera());
      onScreen.add(new Drawn(at.x() + at.scale() * item.x(), at.y() + at.scale() * item.y(), at.scale() * item.radius(), item.count(), camera));
    }
    return onScreen;
  }

  /** The marker or cluster shown at a position of the layer, if any. */
  public Optional<Drawn> hit(double x, double y) {
    List<Drawn> onScreen = drawn();
    for (int i = onScreen.size() - 1; i >= 0; i--) {
      Drawn item = onScreen.get(i);
      if (Math.hypot(item.x() - x, item.y() - y) <= item.radius() + 3) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }

  /**
   * The shown cameras (not hidden by type or layer) inside {@code box}, from the painter's spatial
   * index on its thread: one query, however many cameras the map holds.
   */
  public CompletableFuture<List<Camera>> camerasIn(GeoBox box) {
    return CompletableFuture.supplyAsync(() -> painter.camerasIn(box), PAINTER);
  }

  public double zoom() {
    return baseMap.zoom().get();
  }

  /** The area the layer paints now (the window and its margin), or empty before it is laid out. */
  public Optional<GeoBox> paintedArea() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return Optional.empty();
    }
    return Optional.of(new GeoBox(view.latitude(view.rasterHeight()), view.longitude(0), view.latitude(0), view.longitude(view.rasterWidth())));
  }

  /** The zoom level whose clusters the layer draws (the whole zoom, up to the level of single cameras). */
  public int clusterLevel() {
    CameraPainter.View view = currentView();
    return view == null ? 0 : view.level();
  }

  public MapPoint positionAt(double x, double y) {
    return baseMap.getMapPosition(x, y);
  }

  @Override
  boolean zoomNeedsRepaint(CameraPainter.View painted, CameraPainter.View now) {
    return painted.level() != now.level() || Math.abs(now.zoom() - painted.zoom()) >= REPAINT_ZOOM_STEP;
  }

  /** Hiding a type or a layer passes over every camera once, on the painter thread. */
  private void refilter() {
    CameraMapModel.Visibility visibility = model.visibility();
    PAINTER.execute(() -> painter.filter(visibility));
    contentChanged();
  }

  /**
   * Repaints for new content at most every {@link #CONTENT_REPAINT}.
   */
  private void contentChanged() {
    contentChanged(0);
  }

  /**
   * As above, and waiting at least {@code paintsOfWait} times the last paint's duration: while a
   * city's cameras arrive batch after batch, a paint per batch (100 to 200 ms each at 100,000
   * cameras) would keep the painters on the cores the feed needs.
   */
  private void contentChanged(long paintsOfWait) {
    contentOutdated();
    long wait = Math.max((long) CONTENT_REPAINT.toMillis() * 1_000_000, paintsOfWait * lastPaintNanos())
        - (System.nanoTime() - lastPaintStarted());
    Duration due = Duration.millis(wait / 1e6);
    boolean waiting = contentPause.getStatus() == javafx.animation.Animation.Status.RUNNING;
    if (wait <= 0) {
      contentPause.stop();
      repaint();
    } else if (!waiting || contentPause.getDuration().subtract(contentPause.getCurrentTime()).greaterThan(due)) {
      // A selection does not wait behind a pause set for a stream of camera batches.
      contentPause.setDuration(due);
      contentPause.playFromStart();
    }
  }

  /** New roads below count as new content: painted at most as often as camera changes are. */
  @Override
  void belowRepainted() {
    contentChanged();
  }

  @Override
  Supplier<Painting> paintTask(CameraPainter.View view, int[] reuse, Painting below) {
    List<CameraPainter.ShownIncident> open = incidents;
    List<EvidenceMarks> marks = evidence;
    Camera selected = model.selectedProperty().get();
    String selectedId = selected == null ? null : selected.id();
    CameraSummary summary = model.summaryProperty().get();
    List<CameraSummary.Cluster> brokerClusters = summary == null ? null : summary.clusters();
    return () -> painter.paint(view, open, marks, selectedId, brokerClusters, reuse, below);
  }

  /** The open incidents with their label glyphs (drawn on the FX thread). */
  private List<CameraPainter.ShownIncident> shownIncidents() {
    List<CameraPainter.ShownIncident> open = new ArrayList<>();
    for (Incident incident : model.incidents().values()) {
      if (incident.open()) {
        open.add(new CameraPainter.ShownIncident(incident,
            sprites.incidentLabel(incident.type() + " · " + incident.cadNumber(), incident.emergency())));
      }
    }
    return open;
  }

  /** The county outline shipped with the client (U.S. Census via us-atlas, ISC), as lon/lat pairs. */
  private static double[][] countyOutline() {
    try (InputStream in = CameraLayer.class.getResourceAsStream("fayette-county.geojson")) {
      JsonNode root = new ObjectMapper().readTree(in);
      JsonNode geometry = root.has("features") ? root.get("features").get(0).get("geometry") : root.get("geometry");
      JsonNode ring = geometry.get("type").asText().equals("MultiPolygon")
          ? geometry.get("coordinates").get(0).get(0)
          : geometry.get("coordinates").get(0);
      double[][] points = new double[ring.size()][];
      for (int i = 0; i < ring.size(); i++) {
        points[i] = new double[] {ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble()};
      }
      return points;
    } catch (IOException e) {
      throw new UncheckedIOException("the county outline is missing from the client build", e);
    }
  }
}
