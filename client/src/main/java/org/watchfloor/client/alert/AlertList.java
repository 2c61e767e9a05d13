package org.watchfloor.client.alert;

import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The alerts panel's model: alerts newest first, how many the analyst has not seen yet, which one
 * is open, and whether a new one sounds (off until the analyst turns it on). FX thread only.
 */
public final class AlertList {

  private final ObservableList<Alert> alerts = FXCollections.observableArrayList();
  private final Set<String> unseenIds = new HashSet<>();
  private final ReadOnlyIntegerWrapper unseen = new ReadOnlyIntegerWrapper(0);
  private final BooleanProperty soundOn = new SimpleBooleanProperty(false);
  private final ObjectProperty<Alert> selected = new SimpleObjectProperty<>();
  private final Runnable sound;

  /** {@code sound} is played for each new alert while the sound is on. */
  public AlertList(Runnable sound) {
    this.sound = sound;
    selected.addListener((observable, before, alert) -> {
      if (alert != null) {
        markSeen(alert);
      }
    });
  }

  /**
   * Adds an alert in its place by time (newest first); a {@code fresh} one (it happened while the
   * client watched) counts as unseen and sounds. An alert already listed is not added again.
   */
  public void add(Alert alert, boolean fresh) {
    if (alerts.stream().anyMatch(listed -> listed.id().equals(alert.id()))) {
      return;
    }
    int index = 0;
    while (index < alerts.size() && !alerts.get(index).at().isBefore(alert.at())) {
      index++;
    }
    alerts.add(index, alert);
    if (fresh) {
      unseenIds.add(alert.id());
      unseen.set(unseenIds.size());
      if (soundOn.get()) {
        sound.run();
      }
    }
  }

  public void markSeen(Alert alert) {
    if (unseenIds.remove(alert.id())) {
      unseen.set(unseenIds.size());
    }
  }

  public void markAllSeen() {
    unseenIds.clear();
    unseen.set(0);
  }

  public boolean isUnseen(Alert alert) {
    return unseenIds.contains(alert.id());
  }

  public ObservableList<Alert> alerts() {
    return FXCollections.unmodifiableObservableList(alerts);
  }

  public ReadOnlyIntegerProperty unseenProperty() {
    return unseen.getReadOnlyProperty();
  }

  public BooleanProperty soundOnProperty() {
    return soundOn;
  }

  public ObjectProperty<Alert> selectedProperty() {
    return selected;
  }
}
