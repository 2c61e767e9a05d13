package org.watchfloor.client.map;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Threads for the map's painters that yield the processor to the FX and render threads: a paint
 * may take a core for a few hundred milliseconds, a frame needs both threads within 16 ms. On Linux
 * each painter thread raises its own nice value (a thread's own, which needs no privilege; Java's
 * thread priorities are ignored there); elsewhere the lowest Java priority stands in.
 */
final class PainterThreads implements ThreadFactory {

  /**
   * Nice value of a painter thread: under contention it gets about a third of the share of a
   * normal thread (weights 335 against 1024), enough for frames to win without starving the paints
   * when something else loads the machine.
   */
  private static final int NICENESS = 5;
  private static final Logger LOG = Logger.getLogger(PainterThreads.class.getName());

  /** The C library calls used: the calling thread's id and setting a thread's nice value. */
  private interface CLibrary extends Library {
    int gettid();

    int setpriority(int which, int who, int priority);
  }

  private static final int PRIO_PROCESS = 0;
  private static final CLibrary C = loadCLibrary();

  /** Bands of rows painted at once: one per core. */
  private static final int BANDS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  /** The thread asking for a paint in bands paints the first band; these the others. */
  private static final ExecutorService BAND_PAINTERS = pool("map-band-painter", Math.max(1, BANDS - 1));

  private final String name;

  private PainterThreads(String name) {
    this.name = name;
  }

  /** One painter thread of this name. */
  static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(new PainterThreads(name));
  }

  /** A pool of {@code count} painter threads of this name. */
  static ExecutorService pool(String name, int count) {
    return Executors.newFixedThreadPool(count, new PainterThreads(name));
  }

  /**
   * Paints {@code raster} in bands of rows at once, one per core: the calling thread the first,
   * the band painters the others; returns when all are painted. Bands painted by separate threads
   * with the same calls make the same picture as one ({@link MapRaster#band}).
   */
  static void inBands(MapRaster raster, Consumer<MapRaster> paint) {
    int bands = Math.min(BANDS, Math.max(1, raster.height / 64));
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int band = 1; band < bands; band++) {
      MapRaster rows = raster.band(band * raster.height / bands, (band + 1) * raster.height / bands);
      others.add(CompletableFuture.runAsync(() -> paint.accept(rows), BAND_PAINTERS));
    }
    paint.accept(raster.band(0, raster.height / bands));
    others.forEach(CompletableFuture::join);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(() -> {
      yieldToFrames();
      task.run();
    }, name);
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    return thread;
  }

  private static void yieldToFrames() {
    if (C == null) {
      return;
    }
    try {
      if (C.setpriority(PRIO_PROCESS, C.gettid(), NICENESS) != 0) {
        LOG.fine(() -> "the map painter keeps its priority (setpriority failed, errno " + Native.getLastError() + ")");
      }
    } catch (UnsatisfiedLinkError e) {
      LOG.log(Level.FINE, "the map painter keeps its priority (no gettid in this C library)", e);
    }
  }

  private static CLibrary loadCLibrary() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      LOG.log(Level.FINE, "the map painters keep their priority (no C library through JNA)", e);
      return null;
    }
  }
}
