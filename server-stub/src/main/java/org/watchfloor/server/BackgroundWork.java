package org.watchfloor.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Stops the broker's periodic work so that nothing of it outlives the broker: a sweep or a purge
 * still running when the database closes would fail there (and H2 would write its failure into the
 * data folder after the broker said it was closed).
 */
public final class BackgroundWork {

  /** How long a running task may take to end; a database call in flight ends well within it. */
  private static final long AWAIT_SECONDS = 10;
  private static final Logger LOG = Logger.getLogger(BackgroundWork.class.getName());

  private BackgroundWork() {}

  /**
   * Cancels {@code executor}'s periodic tasks and waits for the running one to end. It is not
   * interrupted: an interrupt inside an H2 file operation closes the database's file for everyone.
   */
  public static void stop(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(AWAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warning(() -> "a background task did not end within " + AWAIT_SECONDS + " s of the broker closing; interrupting it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
