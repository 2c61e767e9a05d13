package org.watchfloor.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** Calls into the JavaFX thread from a benchmark's main thread. */
final class Fx {

  private Fx() {}

  /** Runs {@code read} on the FX thread and returns its result. */
  static <T> T call(Callable<T> read) throws Exception {
    FutureTask<T> task = new FutureTask<>(read);
    Platform.runLater(task);
    return task.get(30, TimeUnit.SECONDS);
  }

  /** Waits up to 60 s until {@code condition}, checked on the FX thread, holds. */
  static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!call(condition)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after 60 s waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
