package org.watchfloor.client.admin;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.watchfloor.client.net.BrokerRefusal;

/**
 * Changes an admin screen sends based on an object as read (a user, a layer): when the broker
 * refuses one because another admin changed the object first, the object is read again and the
 * conflict shown ({@link ConflictPane}); the admin then keeps theirs or applies the change again
 * on top of it. Nothing is retried on its own.
 */
public final class StaleEdits<T> {

  private final BrokerTasks tasks;
  private final Function<T, Optional<T>> reread;
  private final Consumer<T> show;
  private final Function<T, String> name;
  private final ObjectProperty<EditConflict<T>> conflict = new SimpleObjectProperty<>();

  /**
   * @param reread the object as it is now at the broker (a blocking call, run off the FX thread)
   * @param show puts an object as stored into the screen's list and forms, on the FX thread
   * @param name what to call the object in messages
   */
  public StaleEdits(BrokerTasks tasks, Function<T, Optional<T>> reread, Consumer<T> show, Function<T, String> name) {
    this.tasks = tasks;
    this.reread = reread;
    this.show = show;
    this.name = name;
  }

  /** Set when another admin's change came between this admin's reading an object and changing it. */
  public ReadOnlyObjectProperty<EditConflict<T>> conflictProperty() {
    return conflict;
  }

  /** The answer to a change: the object as changed, or, when someone else changed it first, as it is now. */
  private record Outcome<T>(T stored, boolean conflicting) {}

  /**
   * Sends one change based on {@code read}; when the broker refuses it as stale, reads the object
   * again and shows the conflict instead of retrying on its own.
   *
   * @param done what to say once the change is stored
   */
  public void change(T read, String yourChange, Function<T, T> call, Function<T, String> done) {
    tasks.run(() -> {
      try {
        return new Outcome<>(call.apply(read), false);
      } catch (BrokerRefusal refusal) {
        if (refusal.reason() != BrokerRefusal.Reason.CHANGED_SINCE_READ) {
          throw refusal;
        }
        return new Outcome<>(reread.apply(read).orElseThrow(() -> refusal), true);
      }
    }, outcome -> {
      if (outcome.conflicting()) {
        conflict.set(new EditConflict<>(read, outcome.stored(), yourChange, call));
        tasks.report(true, "Another admin changed " + name.apply(read) + " since you read it; nothing of yours was saved yet.");
      } else {
        show.accept(outcome.stored());
        tasks.report(false, done.apply(outcome.stored()));
      }
    });
  }

  /** Keeps the other admin's version: the conflict closes and the screen shows their values. */
  public void keepTheirs() {
    EditConflict<T> current = conflict.get();
    if (current != null) {
      conflict.set(null);
      show.accept(current.theirs());
      tasks.report(false, "Kept the other admin's change to " + name.apply(current.theirs()) + ".");
    }
  }

  /** Sends this admin's change again, now based on the other admin's version. */
  public void applyMineAgain() {
    EditConflict<T> current = conflict.get();
    if (current != null) {
      conflict.set(null);
      show.accept(current.theirs());
      change(current.theirs(), current.yourChange(), current.applyAgain(),
          stored -> "Applied your change again on top of the other admin's: " + current.yourChange() + ".");
    }
  }
}
