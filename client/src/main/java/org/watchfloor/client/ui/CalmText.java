package org.watchfloor.client.ui;

import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

/**
 * Shows a text that changes with every batch of a live list (a count while 100,000 cameras arrive)
 * at most four times a second: each new text of a label or check box makes its skin rebuild its
 * parts and match them against every stylesheet rule, milliseconds apiece on the FX thread.
 */
public final class CalmText {

  private static final Duration QUIET = Duration.millis(250);

  private CalmText() {}

  /** Keeps {@code target} showing {@code text}, made anew at most a quarter of a second after {@code dependencies} change. */
  public static void follow(StringProperty target, Supplier<String> text, Observable... dependencies) {
    target.set(text.get());
    PauseTransition wait = new PauseTransition(QUIET);
    wait.setOnFinished(event -> target.set(text.get()));
    InvalidationListener changed = observable -> {
      if (wait.getStatus() != Animation.Status.RUNNING) {
        wait.playFromStart();
      }
    };
    for (Observable dependency : dependencies) {
      dependency.addListener(changed);
    }
  }
}
