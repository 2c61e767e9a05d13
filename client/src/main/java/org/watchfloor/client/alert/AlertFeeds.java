package org.watchfloor.client.alert;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.application.Platform;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.HotlistHit;
import org.watchfloor.client.net.Incident;

/**
 * Turns the broker's live incidents and hotlist hits into alerts: an incident that opens, or whose
 * priority rises, while the client watches (the first snapshot is what was already known); every
 * hotlist hit, those of the day's snapshot as already seen. Hands them to the list on the FX thread.
 */
public final class AlertFeeds {

  private final AlertList list;
  private final Function<String, Optional<Camera>> readers;
  private final Map<String, Optional<Camera>> readerCache = new ConcurrentHashMap<>();

  /** {@code readers} finds a plate reader by id (a broker call: it runs on the feed's thread). */
  public AlertFeeds(AlertList list, Function<String, Optional<Camera>> readers) {
    this.list = list;
    this.readers = readers;
  }

  /** Hears the incidents: feed it WatchIncidents. */
  public FeedListener<Incident> incidents() {
    return new FeedListener<>() {
      private final Map<String, Incident> known = new HashMap<>();
      /** While true, incidents arriving are the snapshot of what already was, not news. */
      private boolean baseline = true;

      @Override
      public synchronized void reset() {
        baseline = true;
      }

      @Override
      public synchronized void upsert(String id, Incident incident) {
        Incident before = known.put(id, incident);
        if (baseline || !incident.open()) {
          return;
        }
        if (before == null || !before.open()) {
          deliver(Alert.of(Alert.Kind.NEW_INCIDENT, incident), true);
        } else if (urgency(incident) > urgency(before)) {
          deliver(Alert.of(Alert.Kind.ESCALATED_INCIDENT, incident), true);
        }
      }

      @Override
      public synchronized void remove(String id) {
        known.remove(id);
      }

      @Override
      public synchronized void synced() {
        baseline = false;
      }

      @Override
      public void stale() {}
    };
  }

  /** Hears the hotlist hits: feed it WatchHotlistHits. */
  public FeedListener<HotlistHit> hotlistHits() {
    return new FeedListener<>() {
      private boolean snapshot = true;

      @Override
      public synchronized void reset() {
        snapshot = true;
      }

      @Override
      public synchronized void upsert(String id, HotlistHit hit) {
        deliver(Alert.of(hit, reader(hit.readerId())), !snapshot);
      }

      @Override
      public void remove(String id) {
        // A hit removed by retention stays in the analyst's list of what happened this session.
      }

      @Override
      public synchronized void synced() {
        snapshot = false;
      }

      @Override
      public void stale() {}
    };
  }

  private Optional<Camera> reader(String id) {
    Optional<Camera> cached = readerCache.get(id);
    if (cached != null) {
      return cached;
    }
    try {
      Optional<Camera> found = readers.apply(id);
      readerCache.put(id, found);
      return found;
    } catch (BrokerRefusal unreachable) {
      return Optional.empty(); // shown as an unknown reader; looked up again with the next hit
    }
  }

  private static int urgency(Incident incident) {
    return switch (incident.priority()) {
      case "EMERGENCY" -> 3;
      case "URGENT" -> 2;
      case "ROUTINE" -> 1;
      default -> 0;
    };
  }

  private void deliver(Alert alert, boolean fresh) {
    Platform.runLater(() -> list.add(alert, fresh));
  }
}
