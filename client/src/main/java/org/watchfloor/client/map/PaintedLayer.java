package org.watchfloor.client.map;

import com.gluonhq.maps.MapLayer;
import java.nio.IntBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * A map layer painted off the FX thread into one image a margin larger than the window. While the
 * map pans or zooms the image is only moved, always 1:1 and at whole pixels: in software an image
 * drawn at a fractional offset or a scale costs tens of milliseconds a frame, one drawn 1:1 next to
 * nothing. At another zoom than the paint's, the paint is scaled here, nearest pixel, into a
 * window-sized frame. The layer is painted again when the view rests, and during a gesture when the
 * window leaves the image or the zoom has gone too far ({@link #zoomNeedsRepaint}).
 *
 * <p>A layer may be painted over another ({@link #paintOver}): each of its paints starts from the
 * lower layer's newest paint instead of transparent pixels, and only its image is on screen. Every
 * frame then composites and, while zooming, scales one window of pixels instead of two, which in
 * software is most of a frame's time.
 */
abstract class PaintedLayer extends MapLayer {

  /** Painted around the window on each side, so a pan can move the image before it runs out. */
  static final double MARGIN = 256;
  /**
   * A view that has not changed for this long is repainted as it is: long enough to span the gaps
   * between a gesture's events, short because it is part of every wait for the view at rest.
   */
  private static final Duration SETTLE = Duration.millis(40);
  /**
   * Scales the lower half of a frame while the FX thread scales the upper (it would otherwise wait
   * on the renderer, which draws after it): a normal thread, unlike the painters, as frames wait on it.
   */
  private static final ExecutorService SCALER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "map-scaler");
    thread.setDaemon(true);
    return thread;
  });

  /** What a paint made: the pixels and the view they were painted for. */
  interface Painting {
    CameraPainter.View view();

    MapRaster raster();

    /** The same painting over {@code same}, a raster with the same pixels. */
    Painting onPixels(MapRaster same);
  }

  /** A paint, and whether its pixels are those on screen already (view and content alike). */
  private record Paint(Painting painting, boolean asOnScreen) {}

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
  record Placement(double scale, double x, double y) {
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

  private final ExecutorService painterThread;
  private final long gestureRepaintNanos;
  private final ImageView image = new ImageView();
  private final PauseTransition settle = new PauseTransition(SETTLE);
  private final ReadOnlyBooleanWrapper upToDate = new ReadOnlyBooleanWrapper(false);
  private final List<Runnable> settledListeners = new ArrayList<>();
  private Painting shown;
  private LayerImage shownImage;
  /**
   * Images of paints before, newest first, whose pixels the next paints reuse: one, and a second
   * while a paint of the layer above still reads the first (else each paint would take 15 MB anew).
   */
  private final Deque<LayerImage> spareImages = new ArrayDeque<>(2);
  /** The view of the image on screen: the newest paint's, or a frame scaled from it to the zoom of the moment. */
  private CameraPainter.View displayed;
  private final ScaledFrame[] scaledFrames = new ScaledFrame[2];
  private int nextScaledFrame;
  private boolean painting;
  /** The view of the paint running, if one is. */
  private CameraPainter.View paintingView;
  private boolean paintAgain;
  /** A paint put off until the layer below, painting the same view, shows it: one paint instead of two. */
  private boolean waitingForBelow;
  /** The layer this one's paints start from, or null; and the one whose paints start from this one's, or null. */
  private PaintedLayer below;
  private PaintedLayer above;
  /** The image whose pixels a paint of the layer above is reading: the next paint must not reuse them. */
  private LayerImage lent;
  private long lastPaintStarted;
  /**
   * Counts content changes ({@link #contentOutdated}); a paint carries the count it started at, so
   * a paint that began before a change does not make the layer up to date.
   */
  private long contentRevision;
  private long shownRevision = -1;
  /** How long the newest paint took, from its start to its image on the FX thread. */
  private long lastPaintNanos;

  /**
   * Paints on {@code painterThread}; during a gesture, repaints start at most every
   * {@code gestureRepaintNanos} (the painter shares two cores with rendering).
   */
  PaintedLayer(ExecutorService painterThread, long gestureRepaintNanos) {
    this.painterThread = painterThread;
    this.gestureRepaintNanos = gestureRepaintNanos;
    image.setMouseTransparent(true);
    getChildren().add(image);
    settle.setOnFinished(event -> {
      if (!showsCurrentView()) {
        repaint();
      }
      settledListeners.forEach(Runnable::run);
    });
  }

  /**
   * The paint of {@code view} into {@code reuse} (when its size fits), over {@code below} (the
   * lower layer's paint, or null for transparent pixels), to run on the painter thread; made on
   * the FX thread, so it may capture what the FX thread owns.
   */
  abstract Supplier<Painting> paintTask(CameraPainter.View view, int[] reuse, Painting below);

  /** During a gesture, whether the zoom has gone so far from the painted one that scaling it no longer shows the truth. */
  abstract boolean zoomNeedsRepaint(CameraPainter.View painted, CameraPainter.View now);

  /**
   * Paints this layer over {@code lower} from now on: {@code lower} keeps painting on its own
   * schedule but shows nothing itself, and each of its new paints brings a paint of this layer.
   */
  void paintOver(PaintedLayer lower) {
    below = lower;
    lower.above = this;
    lower.image.setVisible(false);
    lower.upToDate.addListener((observable, before, now) -> updateUpToDate());
  }

  /** The layer below showed a new paint: a change of this layer's content, painted when the layer's subclass sees fit. */
  void belowRepainted() {
    repaint();
  }

  /** The layer below showed a paint, with new pixels when {@code changed}. */
  private void belowShown(boolean changed) {
    if (waitingForBelow) {
      waitingForBelow = false;
      contentOutdated();
      repaint();
    } else if (changed) {
      contentOutdated();
      belowRepainted();
    }
  }

  /**
   * True once what is shown was painted for the map's current view, after the newest change of
   * content, over the layer below's newest paint when it is up to date itself.
   */
  public ReadOnlyBooleanProperty upToDateProperty() {
    return upToDate.getReadOnlyProperty();
  }

  /** {@code listener} runs on the FX thread each time the view has rested after a pan or zoom. */
  public void onViewSettled(Runnable listener) {
    settledListeners.add(listener);
  }

  /** The newest paint, or null before the first. */
  Painting shown() {
    return shown;
  }

  /** When the newest paint started, in {@link System#nanoTime()}. */
  long lastPaintStarted() {
    return lastPaintStarted;
  }

  /** How long the newest paint took, in nanoseconds (0 before the first). */
  long lastPaintNanos() {
    return lastPaintNanos;
  }

  /** Marks what is shown as out of date, for a subclass whose content changed. */
  void contentOutdated() {
    contentRevision++;
    upToDate.set(false);
  }

  private void updateUpToDate() {
    upToDate.set(showsCurrentView() && shownRevision == contentRevision && (below == null || below.upToDate.get()));
  }

  /** Called on every change of the map's view: moves the image, and repaints only when it must. */
  @Override
  protected void layoutLayer() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return;
    }
    if (above == null) {
      place(view);
    }
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
    if (System.nanoTime() - lastPaintStarted < gestureRepaintNanos) {
      return false;
    }
    Placement at = Placement.of(painted, now);
    boolean windowCovered = at.x() <= 0 && at.y() <= 0
        && at.x() + at.scale() * painted.rasterWidth() >= now.width()
        && at.y() + at.scale() * painted.rasterHeight() >= now.height();
    return !windowCovered || zoomNeedsRepaint(painted, now);
  }

  /** Starts a paint of the current view, or, while one runs, asks for another when it is done. */
  void repaint() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return;
    }
    if (painting) {
      paintAgain = true;
      return;
    }
    if (below != null && below.painting && view.equals(below.paintingView)) {
      waitingForBelow = true;
      return;
    }
    painting = true;
    paintingView = view;
    long revision = contentRevision;
    lastPaintStarted = System.nanoTime();
    Painting under = below == null ? null : below.lendShown();
    LayerImage reuse = spareImages.stream().filter(spare -> spare != lent).findFirst().orElse(null);
    Supplier<Painting> task = paintTask(view, reuse == null ? null : reuse.pixels(), under);
    // Nothing shows a new paint while this one runs: these stay on screen, unchanged, meanwhile.
    CameraPainter.View onScreenView = shown == null ? null : shown.view();
    int[] onScreen = shownImage == null ? null : shownImage.pixels();
    CompletableFuture.supplyAsync(() -> {
          Painting painted = task.get();
          return new Paint(painted, painted.view().equals(onScreenView) && Arrays.equals(painted.raster().pixels, onScreen));
        }, painterThread)
        .whenComplete((painted, error) -> Platform.runLater(() -> {
          painting = false;
          paintingView = null;
          if (below != null) {
            below.lent = null;
          }
          lastPaintNanos = System.nanoTime() - lastPaintStarted;
          if (error != null) {
            throw new IllegalStateException("painting a map layer failed", error);
          }
          shownRevision = revision;
          show(painted);
        }));
  }

  /** The newest paint, whose pixels stay as they are until the borrower's paint is done; null before the first. */
  private Painting lendShown() {
    lent = shownImage;
    return shown;
  }

  private void show(Paint paint) {
    if (paint.asOnScreen()) {
      // A change nothing on screen shows (a layer edit, a camera out of view): a new image would
      // cost a frame of the whole window; the one shown stays, with what was painted beside it.
      shown = paint.painting().onPixels(shown.raster());
      if (above != null) {
        above.belowShown(false);
      }
      repaintIfAskedOrSettle();
      return;
    }
    Painting painted = paint.painting();
    LayerImage next = spareImages.stream().filter(spare -> spare.pixels() == painted.raster().pixels).findFirst().orElse(null);
    if (next != null) {
      spareImages.remove(next);
      next.changed();
    } else {
      next = LayerImage.of(painted.raster());
    }
    if (shownImage != null) {
      spareImages.addFirst(shownImage);
      if (spareImages.size() > 2) {
        spareImages.removeLast();
      }
    }
    shownImage = next;
    shown = painted;
    if (above == null) {
      image.setImage(next.image());
      displayed = painted.view();
      CameraPainter.View view = currentView();
      if (view != null) {
        place(view);
      }
    } else {
      above.belowShown(true);
    }
    repaintIfAskedOrSettle();
  }

  private void repaintIfAskedOrSettle() {
    if (paintAgain) {
      paintAgain = false;
      repaint();
    } else {
      updateUpToDate();
    }
  }

  private boolean showsCurrentView() {
    CameraPainter.View view = currentView();
    return shown != null && view != null && shown.view().equals(view);
  }

  /** Puts the newest paint on the current view, 1:1 at whole pixels, scaled here at another zoom. */
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
    }
    nextScaledFrame = 1 - nextScaledFrame;
    CameraPainter.View painted = shown.view();
    double scale = Math.pow(2, window.zoom() - painted.zoom());
    double sourceLeft = painted.translateX() + painted.margin() - window.translateX() / scale;
    double sourceTop = painted.translateY() + painted.margin() - window.translateY() / scale;
    MapRaster source = shown.raster();
    MapRaster upper = frame.raster().band(0, height / 2);
    MapRaster lower = frame.raster().band(height / 2, height);
    // Whichever thread comes to the lower half first scales it: a busy scaler thread costs no wait.
    AtomicBoolean lowerTaken = new AtomicBoolean();
    Runnable scaleLower = () -> {
      if (lowerTaken.compareAndSet(false, true)) {
        lower.drawScaled(source, scale, sourceLeft, sourceTop);
      }
    };
    CompletableFuture<Void> helped = CompletableFuture.runAsync(scaleLower, SCALER);
    upper.drawScaled(source, scale, sourceLeft, sourceTop);
    if (lowerTaken.compareAndSet(false, true)) {
      lower.drawScaled(source, scale, sourceLeft, sourceTop);
    } else {
      helped.join();
    }
    frame.image().changed();
    image.setImage(frame.image().image());
    displayed = window;
  }

  /** The map's view now (the window and a margin), or null before the layer is laid out. */
  CameraPainter.View currentView() {
    if (baseMap == null || baseMap.getScene() == null || !(getParent() instanceof Region region)
        || region.getWidth() <= 0 || region.getHeight() <= 0) {
      return null;
    }
    return new CameraPainter.View(baseMap.zoom().get(), baseMap.getTranslateX(), baseMap.getTranslateY(),
        region.getWidth(), region.getHeight(), MARGIN);
  }
}
