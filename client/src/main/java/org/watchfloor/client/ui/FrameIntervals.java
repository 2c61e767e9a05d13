package org.watchfloor.client.ui;

import javafx.animation.AnimationTimer;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * Records the time between JavaFX pulses as flight-recorder events, when a recording started with
 * the application asks for them (a benchmark, or a workstation being diagnosed). Otherwise it does
 * nothing: a timer that runs always would make JavaFX pulse 60 times a second for nothing.
 */
public final class FrameIntervals {

  @Name("org.watchfloor.ui.Frame")
  @Label("Frame interval")
  @Category("Watchfloor")
  static final class FrameEvent extends Event {
    @Label("Since the previous pulse")
    @Timespan(Timespan.NANOSECONDS)
    long interval;
  }

  private FrameIntervals() {}

  /** Starts recording frame intervals if a running recording has the event enabled; call on the FX thread. */
  public static void recordIfAsked() {
    if (!new FrameEvent().isEnabled()) {
      return;
    }
    new AnimationTimer() {
      private long previous;

      @Override
      public void handle(long now) {
        if (previous != 0) {
          FrameEvent event = new FrameEvent();
          event.interval = now - previous;
          event.commit();
        }
        previous = now;
      }
    }.start();
  }
}
