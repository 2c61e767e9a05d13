package org.watchfloor.client.map;

import com.gluonhq.maps.MapLayer;
import java.nio.IntBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.transform.Affine;
import javafx.util.Duration;
import org.watchfloor.mapdata.RoadNetwork;

/**
 * The county's roads under the cameras, drawn by the client itself when no tile source is
 * configured (OpenStreetMap data, shipped with the client). The roads of the window and a margin
 * are painted off the FX thread into one image ({@link RoadPainter}); while the map pans or zooms
 * that image is only moved and scaled, and it is painted again when the view has settled, or
 * during a gesture (at most every 300 ms) when the window leaves it or the zoom is two levels away.
 */
final class RoadLayer extends MapLayer {

  /** A view that has not changed for this long is painted as it is. */
  private static final Duration SETTLE = Duration.millis(100);
  /** During a gesture, paints start at most this often: the road painter shares two cores with rendering. */
  private static final long GESTURE_REPAINT_NANOS = 300_000_000;
  /** One thread for every map of the client; it loads the roads on its first paint. */
  private static final ExecutorService PAINTER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "road-painter");
    thread.setDaemon(true);
    return thread;
  });
  /** Owned by the painter thread. */
  private static RoadPainter painter;

  private final ImageView image = new ImageView();
  private final Affine placement = new Affine();
  private final PauseTransition settle = new PauseTransition(SETTLE);
  private final ReadOnlyBooleanWrapper upToDate = new ReadOnlyBooleanWrapper(false);
  private CameraPainter.View shownView;
  private MapRaster shown;
  /** The pixels of the image shown before, for the next paint to reuse. */
  private int[] spare;
  private boolean painting;
  private boolean paintAgain;
  private long lastPaintStarted;

  RoadLayer() {
    image.setMouseTransparent(true);
    image.getTransforms().add(placement);
    getChildren().add(image);
    settle.setOnFinished(event -> {
      if (!showsCurrentView()) {
        repaint();
      }
    });
  }

  /** True once the roads shown were painted for the map's current view. */
  ReadOnlyBooleanProperty upToDateProperty() {
    return upToDate.getReadOnlyProperty();
  }

  /** Called on every change of the map's view: moves the image, and repaints only when it must. */
  @Override
  protected void layoutLayer() {
    CameraPainter.View view = currentView();
    if (view == null) {
      return;
    }
    place(view);
    if (view.equals(shownView)) {
      return;
    }
    upToDate.set(false);
    settle.playFromStart();
    if (shownView == null || mustRepaintDuringGesture(shownView, view)) {
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
    double scale = placement.getMxx();
    boolean windowCovered = placement.getTx() <= 0 && placement.getTy() <= 0
        && placement.getTx() + scale * painted.rasterWidth() >= now.width()
        && placement.getTy() + scale * painted.rasterHeight() >= now.height();
    return !windowCovered || Math.abs(now.zoom() - painted.zoom()) >= 2;
  }

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
    int[] reuse = spare;
    spare = null;
    CompletableFuture.supplyAsync(() -> {
      if (painter == null) {
        painter = new RoadPainter(RoadNetwork.segments());
      }
      return painter.paint(view, reuse);
    }, PAINTER).whenComplete((painted, error) -> Platform.runLater(() -> {
      painting = false;
      if (error != null) {
        throw new IllegalStateException("painting the roads failed", error);
      }
      show(view, painted);
    }));
  }

  private void show(CameraPainter.View view, MapRaster painted) {
    PixelBuffer<IntBuffer> pixels =
        new PixelBuffer<>(painted.width, painted.height, IntBuffer.wrap(painted.pixels), PixelFormat.getIntArgbPreInstance());
    image.setImage(new WritableImage(pixels));
    spare = shown == null ? null : shown.pixels;
    shown = painted;
    shownView = view;
    CameraPainter.View now = currentView();
    if (now != null) {
      place(now);
    }
    if (paintAgain) {
      paintAgain = false;
      repaint();
    } else {
      upToDate.set(showsCurrentView());
    }
  }

  private boolean showsCurrentView() {
    return shownView != null && shownView.equals(currentView());
  }

  /** Maps the painted image onto the current view (see {@link CameraLayer}: the same Web Mercator placement). */
  private void place(CameraPainter.View now) {
    if (shownView == null) {
      return;
    }
    double scale = Math.pow(2, now.zoom() - shownView.zoom());
    placement.setToTransform(scale, 0, now.translateX() - scale * (shownView.margin() + shownView.translateX()),
        0, scale, now.translateY() - scale * (shownView.margin() + shownView.translateY()));
  }

  private CameraPainter.View currentView() {
    if (baseMap == null || baseMap.getScene() == null || !(getParent() instanceof Region region)
        || region.getWidth() <= 0 || region.getHeight() <= 0) {
      return null;
    }
    return new CameraPainter.View(baseMap.zoom().get(), baseMap.getTranslateX(), baseMap.getTranslateY(),
        region.getWidth(), region.getHeight(), CameraLayer.MARGIN);
  }
}
