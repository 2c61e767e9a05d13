package org.watchfloor.client.ui;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Threads for background work that yield the processor to the FX and render threads: the map's
 * painters (a paint may take a core for a few hundred milliseconds) and the broker's callbacks (a
 * burst of 10,000 camera changes keeps one decoding for about a second), while a frame needs both
 * threads within 16 ms. On Linux each thread raises its own nice value (a thread's own, which needs
 * no privilege; Java's thread priorities are ignored there); elsewhere the lowest Java priority
 * stands in.
 */
public final class YieldingThreads implements ThreadFactory {

  /**
   * Nice value of a yielding thread: under contention it gets about a third of the share of a
   * normal thread (weights 335 against 1024), enough for frames to win without starving the paints
   * when something else loads the machine.
   */
  private static final int NICENESS = 5;
  private static final Logger LOG = Logger.getLogger(YieldingThreads.class.getName());

  /** The C library calls used: the calling thread's id and setting a thread's nice value. */
  private interface CLibrary extends Library {
    int gettid();

    int setpriority(int which, int who, int priority);
  }

  private static final int PRIO_PROCESS = 0;
  private static final CLibrary C = loadCLibrary();

  private final String name;

  private YieldingThreads(String name) {
    this.name = name;
  }

  /** One yielding thread of this name. */
  public static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(new YieldingThreads(name));
  }

  /** A pool of {@code count} yielding threads of this name. */
  public static ExecutorService pool(String name, int count) {
    return Executors.newFixedThreadPool(count, new YieldingThreads(name));
  }

  /** As many yielding threads of this name as tasks wait, each kept a minute once idle. */
  public static ExecutorService cached(String name) {
    return Executors.newCachedThreadPool(new YieldingThreads(name));
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
        LOG.fine(() -> "a background thread keeps its priority (setpriority failed, errno " + Native.getLastError() + ")");
      }
    } catch (UnsatisfiedLinkError e) {
      LOG.log(Level.FINE, "a background thread keeps its priority (no gettid in this C library)", e);
    }
  }

  private static CLibrary loadCLibrary() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      LOG.log(Level.FINE, "background threads keep their priority (no C library through JNA)", e);
      return null;
    }
  }
}
