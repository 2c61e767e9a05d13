package org.watchfloor.client.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.watchfloor.client.map.EvidenceMarks;
import org.watchfloor.client.net.AuditRecord;
import org.watchfloor.client.net.AuditSearch;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.net.RequestedFootage;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.Track;
import org.watchfloor.client.net.UserRole;

/**
 * What the replay marks on its time axis besides recordings: the incident's timeline entries and
 * tracks, its footage requests with their state and, for supervisors, who viewed which nearby
 * camera when (from the audit log). Kept current while the replay is open: every change of the
 * incident (a bookmark or track saved on any client is one) refetches them.
 */
public final class IncidentMarks {

  /** Audit rows read per kind of view: the window's most recent. */
  private static final int VIEWS_READ = 500;

  /** The marks at one moment. {@code views} is empty for those who may not read the audit log. */
  public record Shown(List<TimelineEntry> entries, List<Track> tracks, List<RequestedFootage> requests, List<CameraView> views) {

    public Shown {
      entries = List.copyOf(entries);
      tracks = List.copyOf(tracks);
      requests = List.copyOf(requests);
      views = List.copyOf(views);
    }

    /** The camera bookmark with {@code id}, if it is among the entries. */
    public Optional<TimelineEntry> bookmark(String id) {
      return entries.stream().filter(entry -> entry.id().equals(id) && entry.kind() == TimelineEntry.Kind.BOOKMARK).findFirst();
    }

    /** The bookmarks {@code track} follows, in its order (those not among the entries left out). */
    public List<TimelineEntry> steps(Track track) {
      return track.bookmarkIds().stream().flatMap(id -> bookmark(id).stream()).toList();
    }

    /** Where the camera bookmarks and tracks are on the map, for cameras {@code places} knows. */
    public EvidenceMarks onMap(Function<String, Optional<EvidenceMarks.Place>> places) {
      List<EvidenceMarks.Place> bookmarked = cameraBookmarks().stream().flatMap(entry -> places.apply(entry.cameraId()).stream()).distinct().toList();
      List<List<EvidenceMarks.Place>> paths = tracks.stream()
          .map(track -> steps(track).stream().flatMap(step -> places.apply(step.cameraId()).stream()).toList()).toList();
      return new EvidenceMarks(bookmarked, paths);
    }

    /** The bookmarks on a camera, which tracks are made of, in time order. */
    public List<TimelineEntry> cameraBookmarks() {
      return entries.stream().filter(entry -> entry.kind() == TimelineEntry.Kind.BOOKMARK && entry.window().isPresent()).toList();
    }
  }

  /** One audited view of a camera: who opened it live or as a recording, when, and why. */
  public record CameraView(Instant at, String cameraId, String username, boolean live, String caseNumber, String reason) {}

  private final Replay replay;
  private final IncidentTimeline timeline;
  private final ObjectProperty<Shown> shown = new SimpleObjectProperty<>();
  private final BooleanProperty supervisor = new SimpleBooleanProperty();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private AutoCloseable following;

  IncidentMarks(Replay replay, IncidentTimeline timeline) {
    this.replay = replay;
    this.timeline = timeline;
    shown.set(new Shown(timeline.entries(), timeline.tracks(), List.of(), List.of()));
  }

  public ReadOnlyObjectProperty<Shown> shownProperty() {
    return shown;
  }

  public Shown shown() {
    return shown.get();
  }

  /** Whether the views row is shown: the user may read the audit log. */
  public ReadOnlyBooleanProperty supervisorProperty() {
    return supervisor;
  }

  /** Starts following the incident: a first read now, another on each change. FX thread. */
  void follow() {
    BrokerConnection broker = replay.broker().orElseThrow();
    following = broker.watchIncidents(new FeedListener<>() {
      @Override
      public void reset() {}

      @Override
      public void upsert(String id, Incident incident) {
        if (id.equals(timeline.incident().id())) {
          refresh();
        }
      }

      @Override
      public void remove(String id) {}

      @Override
      public void synced() {}

      @Override
      public void stale() {}
    });
  }

  /**
   * Reads the marks again off the FX thread. Calls while one runs are folded into one more read
   * after it, so a burst of changes costs at most two reads.
   */
  public void refresh() {
    if (refreshing.compareAndSet(false, true)) {
      replay.background(this::read);
    }
  }

  private void read() {
    refreshing.set(false);
    BrokerConnection broker = replay.broker().orElseThrow();
    try {
      boolean mayAudit = broker.me().holds(UserRole.SUPERVISOR);
      IncidentTimeline now = broker.timeline(timeline.incident().id(), timeline.radiusMeters(), timeline.windowStart(), timeline.windowEnd());
      List<RequestedFootage> requests = broker.footageRequests(timeline.incident().cadNumber());
      List<CameraView> views = mayAudit ? views(broker) : List.of();
      Shown read = new Shown(now.entries(), now.tracks(), requests, views);
      replay.fx(() -> {
        supervisor.set(mayAudit);
        shown.set(read);
      });
    } catch (BrokerRefusal refusal) {
      // the broker is away: the marks shown stay until the next change is heard
    }
  }

  /** Who opened a nearby camera, live or recorded, within the replay's window (the latest 500 of each kind), in time order. */
  private List<CameraView> views(BrokerConnection broker) {
    Set<String> nearby = timeline.recordings().stream().map(NearbyRecording::cameraId).collect(Collectors.toSet());
    List<CameraView> views = new ArrayList<>();
    for (String action : List.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED")) {
      AuditSearch search = new AuditSearch("", action, "", "", Optional.of(timeline.windowStart()), Optional.of(timeline.windowEnd()));
      for (AuditRecord row : broker.queryAudit(search, VIEWS_READ)) {
        String cameraId = row.target().startsWith("camera:") ? row.target().substring("camera:".length()) : "";
        if (nearby.contains(cameraId)) {
          views.add(new CameraView(row.at(), cameraId, row.username(), action.startsWith("LIVE"), row.caseNumber(), row.reason()));
        }
      }
    }
    views.sort(Comparator.comparing(CameraView::at));
    return views;
  }

  void close() {
    if (following != null) {
      try {
        following.close();
      } catch (Exception e) {
        // the stream ends with the connection anyway
      }
    }
  }
}
