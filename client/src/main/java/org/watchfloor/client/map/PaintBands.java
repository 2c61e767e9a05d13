package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.watchfloor.client.ui.YieldingThreads;

/** Paints a raster in bands of rows at once, one per core, for the roads' and the cameras' painters alike. */
final class PaintBands {

  /** Bands of rows painted at once: one per core. */
  private static final int BANDS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  /** The thread asking for a paint in bands paints the first band; these the others. */
  private static final ExecutorService BAND_PAINTERS = YieldingThreads.pool("map-band-painter", Math.max(1, BANDS - 1));

  private PaintBands() {}

  /**
   * Paints {@code raster} in bands: the calling thread the first, the band painters the others;
   * returns when all are painted. Bands painted by separate threads with the same calls make the
   * same picture as one ({@link MapRaster#band}).
   */
  static void paint(MapRaster raster, Consumer<MapRaster> paint) {
    int bands = Math.min(BANDS, Math.max(1, raster.height / 64));
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int band = 1; band < bands; band++) {
      MapRaster rows = raster.band(band * raster.height / bands, (band + 1) * raster.height / bands);
      others.add(CompletableFuture.runAsync(() -> paint.accept(rows), BAND_PAINTERS));
    }
    paint.accept(raster.band(0, raster.height / bands));
    others.forEach(CompletableFuture::join);
  }
}
