package org.watchfloor.client.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gluonhq.maps.MapLayer;
import com.gluonhq.maps.MapPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraSummary;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.net.Incident;

/**
 * The cameras over the map: markers by type, view cones, consent badges, clusters with their
 * count, the county outline and the open incidents. They are painted off the FX thread into one
 * image a margin larger than the window ({@link CameraPainter}); while the map pans or zooms, the
 * image is only moved and scaled, and it is repainted when the view settles, when the window
 * leaves it, or when the zoom has moved on to other clusters.
 */
public final class CameraLayer extends MapLayer {

  /** Painted around the window on each side, so a pan can move the image before it runs out. */
  static final double MARGIN = 256;
  /** A view that has not changed for this long is repainted as it is. */
  private static final Duration SETTLE = Duration.millis(100);
  /** New content is painted at most this often. */
  private static final Duration CONTENT_REPAINT = Duration.millis(150);
  /** During a gesture, a zoom this far from the painted one is repainted even within the same clusters. */
  private static final double REPAINT_ZOOM_STEP = 0.5;
  /** During a gesture, repaints start at most this often: the painter shares two cores with rendering. */
  private static final long GESTURE_REPAINT_NANOS = 150_000_000;
  /** One painter thread for the client: paints are short and only the newest view matters. */
  private static final ExecutorService PAINTER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "map-painter");
    thread.setDaemon(true);
    return thread;
  });

  private final CameraMapModel model;
  private final MapSprites sprites = new MapSprites();
  private final ImageView image = new ImageView();
  private final PauseTransition settle = new PauseTransition(SETTLE);
  private final PauseTransition contentPause = new PauseTransition(CONTENT_REPAINT);
  private final ReadOnlyBooleanWrapper upToDate = new ReadOnlyBooleanWrapper(false);
  private final List<Runnable> settledListeners = new ArrayList<>();
  /** Owned by the painter thread: the model's changes reach it there, in order with the paints. */
  private final CameraPainter painter = new CameraPainter(countyOutline(), sprites);
  /** The open incidents as painted, made on the FX thread when the incidents change. */
  private List<CameraPainter.ShownIncident> incidents = List.of();
  /** The newest paint: what {@link #drawn()} and hit tests see. */
  private CameraPainter.Painted shown;
  private LayerImage shownImage;
  /** The image of the paint before, whose pixels the next paint reuses. */
  private LayerImage spareImage;
  /** The view of the image on screen: the newest paint's, or a frame scaled from it to the zoom of the moment. */
  private CameraPainter.View displayed;
  private final ScaledFrame[] scaledFrames = new ScaledFrame[2];
  private int nextScaledFrame;
  private boolean painting;
  private boolean paintAgain;
  private long lastPaintStarted;

  /**
   * An image over a raster's pixels, kept for later frames drawn into the same pixels: in software
   * every new image costs a texture of its size (15 MB for a paint), a garbage collection soon.
   */
  private record LayerImage(PixelBuffer<IntBuffer> buffer, WritableImage image) {
    static LayerImage of(MapRaster raster) {
      PixelBuffer<IntBuffer> buffer = new PixelBuffer<>(raster.width, raster.height, IntBuffer.wrap(raster.pixels), PixelFormat.getIntArgbPreInstance());
      return new LayerImage(buffer, new WritableImage(buffer));
    }

    int[] pixels() {
      return buffer.getBuffer().array();
    }

    /** Tells the renderer the pixels changed: it copies them into the texture it has. */
    void changed() {
      buffer.updateBuffer(unused -> null);
    }
  }

  /**
   * A window-sized raster the newest paint is scaled into while the zoom differs from the paint's;
   * two alternate, so the one being filled is never the one the renderer is still reading.
   */
  private record ScaledFrame(MapRaster raster, LayerImage image) {}

  /** Where raster pixels land in the layer: scaled by {@code scale}, then moved by ({@code x}, {@code y}). */
  private record Placement(double scale, double x, double y) {
    /**
     * For a raster painted for {@code painted} shown in {@code now}: Web Mercator pixels scale by
     * 2^(zoom change), and the base map's translation says where the world's origin is now and was
     * when painted.
     */
    static Placement of(CameraPainter.View painted, CameraPainter.View now) {
      double scale = Math.pow(2, now.zoom() - painted.zoom());
      return new Placement(scale, now.translateX() - scale * (painted.margin() + painted.translateX()),
          now.translateY() - scale * (painted.margin() + painted.translateY()));
    }
  }

  /** A marker ({@code camera} set, count 1) or a cluster of {@code count} cameras on screen. */
  public record Drawn(double x, double y, double radius, int count, Camera camera) {}

  public CameraLayer(CameraMapModel model) {
    this.model = model;
    image.setMouseTransparent(true);
    getChildren().add(image);
    contentPause.setOnFinished(event -> repaint());
    settle.setOnFinished(event -> {
      if (!showsCurrentView()) {
        repaint();
      }
      settledListeners.forEach(Runnable::run);
    });
    model.onCameraChanges(changes -> {
      PAINTER.execute(() -> painter.apply(changes));
      contentChanged();
    });
    refilter();
    model.hiddenTypes().addListener((SetChangeListener<CameraType>) change -> refilter());
    model.hiddenLayers().addListener((SetChangeListener<String>) change -> refilter());
    model.incidents().addListener((MapChangeListener<String, Incident>) change -> {
      incidents = shownIncidents();
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
    baseMap.setVisible(ConfiguredTileRetriever.hasSource());
  }

  /** True once what is shown was painted for the map's current view and content. */
  public ReadOnlyBooleanProperty upToDateProperty() {
    return upToDate.getReadOnlyProperty();
  }

  /** Markers and clusters as shown now, in the layer's coordinates, topmost last. */
  public List<Drawn> drawn() {
    CameraPainter.View now = currentView();
    if (shown == null || now == null) {
      return List.of();
    }
    Placement at = Placement.of(shown.view(), now);
    List<Drawn> onScreen = new ArrayList<>(shown.drawn().size());
    for (Drawn item : shown.drawn()) {
      onScreen.add(new Drawn(at.x() + at.scale() * item.x(), at.y() + at.scale() * item.y(), at.scale() * item.radius(), item.count(), item.camera()));
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

  public double zoom() {
    return baseMap.zoom().get();
  }

  /** {@code listener} runs on the FX thread each time the view has rested after a pan or zoom. */
  public void onViewSettled(Runnable listener) {
    settledListeners.add(listener);
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

  /** Called on every change of the map's view: moves the image, and repaints only when it must. */
  @Override
  protected void layoutLayer() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return;
    }
    place(view);
    if (shown != null && shown.view().equals(view)) {
      return;
    }
    upToDate.set(false);
    settle.playFromStart();
    if (shown == null || mustRepaintDuringGesture(shown.view(), view)) {
      repaint();
    }
  }

  private boolean mustRepaintDuringGesture(CameraPainter.View painted, CameraPainter.View now) {
    if (painted.width() != now.width() || painted.height() != now.height()) {
      return true;
    }
    if (System.nanoTime() - lastPaintStarted < GESTURE_REPAINT_NANOS) {
      return false;
    }
    Placement at = Placement.of(painted, now);
    boolean windowCovered = at.x() <= 0 && at.y() <= 0
        && at.x() + at.scale() * painted.rasterWidth() >= now.width()
        && at.y() + at.scale() * painted.rasterHeight() >= now.height();
    return !windowCovered || painted.level() != now.level() || Math.abs(now.zoom() - painted.zoom()) >= REPAINT_ZOOM_STEP;
  }

  /** Hiding a type or a layer passes over every camera once, on the painter thread. */
  private void refilter() {
    CameraMapModel.Visibility visibility = model.visibility();
    PAINTER.execute(() -> painter.filter(visibility));
    contentChanged();
  }

  /**
   * Repaints for new content at most every {@link #CONTENT_REPAINT}: while a city's cameras arrive
   * batch after batch, a paint per batch would keep the painter busy on a core the feed needs.
   */
  private void contentChanged() {
    upToDate.set(false);
    if (System.nanoTime() - lastPaintStarted >= CONTENT_REPAINT.toMillis() * 1_000_000) {
      repaint();
    } else if (contentPause.getStatus() != javafx.animation.Animation.Status.RUNNING) {
      contentPause.playFromStart();
    }
  }

  /** Starts a paint of the current view, or, while one runs, asks for another when it is done. */
  private void repaint() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return;
    }
    if (painting) {
      paintAgain = true;
      return;
    }
    painting = true;
    lastPaintStarted = System.nanoTime();
    List<CameraPainter.ShownIncident> open = incidents;
    Camera selected = model.selectedProperty().get();
    String selectedId = selected == null ? null : selected.id();
    int[] reuse = spareImage == null ? null : spareImage.pixels();
    CameraSummary summary = model.summaryProperty().get();
    List<CameraSummary.Cluster> brokerClusters = summary == null ? null : summary.clusters();
    CompletableFuture.supplyAsync(() -> painter.paint(view, open, selectedId, brokerClusters, reuse), PAINTER)
        .whenComplete((painted, error) -> Platform.runLater(() -> {
          painting = false;
          if (error != null) {
            throw new IllegalStateException("painting the camera layer failed", error);
          }
          show(painted);
        }));
  }

  private void show(CameraPainter.Painted painted) {
    LayerImage next;
    if (spareImage != null && spareImage.pixels() == painted.raster().pixels) {
      next = spareImage;
      next.changed();
    } else {
      next = LayerImage.of(painted.raster());
    }
    spareImage = shownImage;
    shownImage = next;
    shown = painted;
    image.setImage(next.image());
    displayed = painted.view();
    CameraPainter.View view = currentView();
    if (view != null) {
      place(view);
    }
    if (paintAgain) {
      paintAgain = false;
      repaint();
    } else {
      upToDate.set(showsCurrentView());
    }
  }

  private boolean showsCurrentView() {
    CameraPainter.View view = currentView();
    return shown != null && view != null && shown.view().equals(view);
  }

  /**
   * Puts the newest paint on the current view, always at whole pixels and never scaled by the
   * renderer: in software, an image drawn at a fractional offset or a scale costs tens of
   * milliseconds a frame, one drawn 1:1 at whole pixels next to nothing. At another zoom than the
   * paint's, the paint is scaled here into a window-sized frame instead.
   */
  private void place(CameraPainter.View now) {
    if (shown == null) {
      return;
    }
    if (now.zoom() != shown.view().zoom()) {
      CameraPainter.View window = new CameraPainter.View(now.zoom(), now.translateX(), now.translateY(), now.width(), now.height(), 0);
      if (!window.equals(displayed)) {
        showScaled(window);
      }
    } else if (displayed != shown.view()) {
      image.setImage(shownImage.image());
      displayed = shown.view();
    }
    Placement at = Placement.of(displayed, now);
    image.setTranslateX(Math.round(at.x()));
    image.setTranslateY(Math.round(at.y()));
  }

  private void showScaled(CameraPainter.View window) {
    int width = window.rasterWidth();
    int height = window.rasterHeight();
    ScaledFrame frame = scaledFrames[nextScaledFrame];
    if (frame == null || frame.raster().width != width || frame.raster().height != height) {
      MapRaster raster = new MapRaster(width, height, null);
      frame = new ScaledFrame(raster, LayerImage.of(raster));
      scaledFrames[nextScaledFrame] = frame;
    } else {
      frame.raster().clear();
    }
    nextScaledFrame = 1 - nextScaledFrame;
    CameraPainter.View painted = shown.view();
    double scale = Math.pow(2, window.zoom() - painted.zoom());
    frame.raster().drawScaled(shown.raster(), scale, painted.translateX() + painted.margin() - window.translateX() / scale,
        painted.translateY() + painted.margin() - window.translateY() / scale);
    frame.image().changed();
    image.setImage(frame.image().image());
    displayed = window;
  }

  private CameraPainter.View currentView() {
    if (baseMap == null || baseMap.getScene() == null || !(getParent() instanceof Region region)
        || region.getWidth() <= 0 || region.getHeight() <= 0) {
      return null;
    }
    return new CameraPainter.View(baseMap.zoom().get(), baseMap.getTranslateX(), baseMap.getTranslateY(),
        region.getWidth(), region.getHeight(), MARGIN);
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
