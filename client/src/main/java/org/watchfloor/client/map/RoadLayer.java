package org.watchfloor.client.map;

import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.watchfloor.mapdata.RoadNetwork;
import org.watchfloor.client.ui.YieldingThreads;

/**
 * The county's roads under the cameras, drawn by the client itself when no tile source is
 * configured (OpenStreetMap data, shipped with the client), painted by {@link RoadPainter}; during
 * a gesture they are painted again at most every 300 ms, when the window leaves them or the zoom is
 * two levels away.
 */
final class RoadLayer extends PaintedLayer {

  /** During a gesture, paints start at most this often: the road painter shares two cores with rendering. */
  private static final long GESTURE_REPAINT_NANOS = 300_000_000;
  /** One thread for every map of the client; it loads the roads on its first paint. */
  private static final ExecutorService PAINTER = YieldingThreads.single("road-painter");
  /** Owned by the painter thread. */
  private static RoadPainter painter;

  /** The roads as painted for one view. */
  private record PaintedRoads(CameraPainter.View view, MapRaster raster) implements Painting {
    @Override
    public Painting onPixels(MapRaster same) {
      return new PaintedRoads(view, same);
    }
  }

  RoadLayer() {
    super(PAINTER, GESTURE_REPAINT_NANOS);
  }

  @Override
  Supplier<Painting> paintTask(CameraPainter.View view, int[] reuse, Painting below) {
    return () -> {
      if (painter == null) {
        painter = new RoadPainter(RoadNetwork.segments());
      }
      return new PaintedRoads(view, painter.paint(view, reuse));
    };
  }

  @Override
  boolean zoomNeedsRepaint(CameraPainter.View painted, CameraPainter.View now) {
    return Math.abs(now.zoom() - painted.zoom()) >= 2;
  }
}
