package org.watchfloor.client.admin;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.watchfloor.client.net.BrokerRefusal;

/**
 * An admin screen's calls to the broker: each runs off the FX thread, its answer comes back on it,
 * and the screen's message line says what happened or why the broker refused.
 */
public final class BrokerTasks {

  private final SimpleStringProperty message = new SimpleStringProperty("");
  private final SimpleBooleanProperty failed = new SimpleBooleanProperty(false);
  private final SimpleBooleanProperty busy = new SimpleBooleanProperty(false);

  /** What the last action did, or the broker's reason it was refused. */
  public ReadOnlyStringProperty messageProperty() {
    return message;
  }

  /** True when {@link #messageProperty()} reports a refusal or a failure. */
  public ReadOnlyBooleanProperty failedProperty() {
    return failed;
  }

  /** True while a call is under way. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy;
  }

  /** Calls the broker off the FX thread; {@code onAnswer} runs on the FX thread, a refusal becomes the message. */
  public <T> void run(Supplier<T> call, Consumer<T> onAnswer) {
    busy.set(true);
    CompletableFuture.supplyAsync(call).whenComplete((answer, error) -> Platform.runLater(() -> {
      busy.set(false);
      if (error == null) {
        onAnswer.accept(answer);
      } else {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        report(true, cause instanceof BrokerRefusal ? "Refused: " + cause.getMessage() : "Failed: " + cause);
      }
    }));
  }

  public void report(boolean refusal, String text) {
    failed.set(refusal);
    message.set(text);
  }
}
