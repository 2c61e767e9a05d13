package org.watchfloor.server.incident;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Recording;
import org.watchfloor.proto.v1.RecordingSource;
import org.watchfloor.proto.v1.Timeline;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.Geo;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.IncidentStore;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.Transaction;

/**
 * Incidents as CAD reports them, with their timelines (CAD notes, plate reads, bookmarks) and the
 * recordings of the cameras near them, for replay; and the audited plate-read search.
 */
public final class IncidentBoard extends StoredWatchSource<Incident> {

  public static final double DEFAULT_RADIUS_METERS = 500;
  private static final Duration LEAD_IN = Duration.ofMinutes(30);
  private static final Pattern PLATE_QUERY = Pattern.compile("[A-Za-z0-9* -]{1,16}");

  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final Clock clock;
  private final HotlistHits hotlistHits;

  public IncidentBoard(Database database, AuditLog audit, CameraDirectory cameras, Clock clock) {
    super(database, Collection.INCIDENTS, IncidentStore::all, IncidentStore::find);
    this.hotlistHits = new HotlistHits(database, clock);
    this.audit = audit;
    this.cameras = cameras;
    this.clock = clock;
  }

  /** Records an incident as CAD reports it (new or changed). */
  public Incident report(Incident incident) {
    return write(incident.toBuilder().setId(incident.getId().isEmpty() ? "inc-" + UUID.randomUUID().toString().substring(0, 12) : incident.getId()).build(), List.of());
  }

  /**
   * Adds a timeline entry from CAD or a plate reader; the incident, if any, takes a new revision, and
   * a hotlist hit goes out to the hits' watchers.
   */
  public TimelineEvent addEvent(TimelineEvent draft) {
    TimelineEvent event = draft.toBuilder().setId(draft.getId().isEmpty() ? "evt-" + UUID.randomUUID().toString().substring(0, 12) : draft.getId()).build();
    // Lock order: hits, then incidents (write takes the incidents' lock).
    synchronized (hotlistHits.writeLock()) {
      if (event.getIncidentId().isEmpty()) {
        List<Change<LprHit>> hits = database.inTransaction("record plate read", transaction -> storeEvents(transaction, List.of(event)));
        hotlistHits.published(hits);
      } else {
        Incident incident = get(event.getIncidentId()).orElseThrow(() -> Rejection.notFound("no incident with id '" + event.getIncidentId() + "'"));
        write(incident, List.of(event));
      }
    }
    return event;
  }

  /** The hotlist hits, watched apart from the incidents. */
  public HotlistHits hotlistHits() {
    return hotlistHits;
  }

  /** A bookmark by a user on an incident's timeline (recorded with author and time, not audited). */
  public TimelineEvent addBookmark(Actor author, String incidentId, Instant at, String cameraId, String note) {
    if (note.length() > 2000) {
      throw Rejection.invalid("note", "must be at most 2000 characters");
    }
    if (!cameraId.isEmpty() && cameras.get(cameraId).isEmpty()) {
      throw Rejection.notFound("no camera with id '" + cameraId + "'");
    }
    return addEvent(
        TimelineEvent.newBuilder()
            .setIncidentId(incidentId)
            .setAt(ProtoTime.toTimestamp(at))
            .setType(TimelineEventType.TIMELINE_EVENT_TYPE_BOOKMARK)
            .setText(note)
            .setCameraId(cameraId)
            .setAuthor(author.name())
            .setAuthorUserId(author.id())
            .build());
  }

  public Optional<Incident> get(String id) {
    return database.inTransaction("find incident", transaction -> IncidentStore.find(transaction, id));
  }

  /** Incidents newest first, with {@code status} (UNSPECIFIED: any) inside {@code bbox} (if given). */
  public List<Incident> list(IncidentStatus status, Optional<BoundingBox> bbox) {
    return database.inTransaction("list incidents", IncidentStore::all).stream()
        .filter(incident -> status == IncidentStatus.INCIDENT_STATUS_UNSPECIFIED || incident.getStatus() == status)
        .filter(incident -> bbox.map(box -> inside(box, incident)).orElse(true))
        .toList();
  }

  /** The longest window a timeline covers (the contract's limit). */
  private static final Duration LONGEST_TIMELINE = Duration.ofHours(48);

  /**
   * The incident's timeline between {@code from} and {@code to} (defaults: 30 minutes before it
   * opened until it closed or now), and the recordings of cameras within {@code radiusMeters}.
   */
  public Timeline timeline(String incidentId, double radiusMeters, Optional<Instant> from, Optional<Instant> to) {
    Incident incident = get(incidentId).orElseThrow(() -> Rejection.notFound("no incident with id '" + incidentId + "'"));
    double radius = radiusMeters == 0 ? DEFAULT_RADIUS_METERS : radiusMeters;
    Instant start = from.orElse(ProtoTime.toInstant(incident.getOpenedAt()).minus(LEAD_IN));
    Instant end = to.orElse(incident.hasClosedAt() ? ProtoTime.toInstant(incident.getClosedAt()) : clock.instant());
    if (!start.isBefore(end)) {
      throw Rejection.invalid("window_end", "must be after window_start");
    }
    if (Duration.between(start, end).compareTo(LONGEST_TIMELINE) > 0) {
      throw Rejection.invalid("window_end", "the window is at most 48 h, not " + Duration.between(start, end).toHours() + " h");
    }
    List<TimelineEvent> events =
        database.inTransaction("read timeline", transaction -> IncidentStore.timeline(transaction, incidentId, start, end));
    List<Recording> recordings = new ArrayList<>();
    for (CameraDirectory.Match match : cameras.search("", Optional.of(incident.getLocation()), radius, EnumSet.noneOf(CameraKind.class))) {
      if (match.camera().getContinuousRecording()) {
        Instant retainedFrom =
            match.camera().hasRecordingRetention()
                ? clock.instant().minusSeconds(match.camera().getRecordingRetention().getSeconds())
                : start;
        Instant recordingStart = retainedFrom.isAfter(start) ? retainedFrom : start;
        if (recordingStart.isBefore(end)) {
          recordings.add(
              Recording.newBuilder()
                  .setCameraId(match.camera().getId())
                  .setCameraName(match.camera().getName())
                  .setDistanceMeters(match.distanceMeters().orElseThrow())
                  .setStart(ProtoTime.toTimestamp(recordingStart))
                  .setEnd(ProtoTime.toTimestamp(end))
                  .setSource(RecordingSource.RECORDING_SOURCE_CONTINUOUS)
                  .build());
        }
      }
    }
    return Timeline.newBuilder()
        .setIncident(incident)
        .addAllEvents(events)
        .addAllRecordings(recordings)
        .setWindowStart(ProtoTime.toTimestamp(start))
        .setWindowEnd(ProtoTime.toTimestamp(end))
        .setRadiusMeters(radius)
        .build();
  }

  /**
   * Plate reads matching {@code plate} ('*' for any run of characters), audited as LPR_SEARCH with
   * the purpose, the window and the number found.
   */
  public List<TimelineEvent> searchPlates(
      Actor actor, String plate, Instant from, Instant to, Optional<BoundingBox> bbox, Set<String> cameraIds,
      String caseNumber, String reason, int limit) {
    if (!PLATE_QUERY.matcher(plate).matches() || plate.replace("*", "").replaceAll("[ -]", "").length() < 3) {
      throw Rejection.invalid("plate", "1 to 16 of letters, digits, '*', space and '-', with at least 3 letters or digits; got '" + plate + "'");
    }
    if (caseNumber.isBlank()) {
      throw Rejection.invalid("purpose.case_number", "a plate search needs the case it serves");
    }
    if (!from.isBefore(to)) {
      throw Rejection.invalid("window_end", "must be after window_start");
    }
    String pattern = plate.toUpperCase(Locale.ROOT).replaceAll("[ -]", "").replace("%", "").replace("_", "").replace('*', '%');
    List<TimelineEvent> hits =
        database.inTransaction("search plate reads", transaction -> IncidentStore.plateReads(transaction, pattern, from, to, 10_000)).stream()
            .filter(read -> cameraIds.isEmpty() || cameraIds.contains(read.getLprHit().getCameraId()))
            .filter(read -> bbox.isEmpty() || cameras.get(read.getLprHit().getCameraId()).map(camera -> Geo.contains(bbox.get(), camera.getLocation())).orElse(false))
            .limit(limit)
            .toList();
    audit.append(
        new AuditEntry(actor, "LPR_SEARCH", "lpr:" + plate, caseNumber, reason, "",
            "window " + from + " to " + to + bbox.map(box -> " within a box").orElse("") + ", " + hits.size() + " reads"));
    return hits;
  }

  private Incident write(Incident incident, List<TimelineEvent> events) {
    record Written(Incident incident, List<Change<LprHit>> hits) {}
    synchronized (writeLock) {
      Written written =
          database.inTransaction(
              "record incident " + incident.getId(),
              transaction -> {
                long revision = ChangeLog.append(transaction, Collection.INCIDENTS, incident.getId(), false, clock.instant());
                Incident revised = incident.toBuilder().setRevision(revision).setUpdatedAt(ProtoTime.toTimestamp(clock.instant())).build();
                IncidentStore.put(transaction, revised);
                return new Written(revised, storeEvents(transaction, events));
              });
      Incident stored = written.incident();
      publish(new Change<>(stored.getRevision(), stored.getId(), Optional.of(stored)));
      hotlistHits.published(written.hits());
      return stored;
    }
  }

  /** Stores timeline entries; each hotlist hit among them takes a revision of the hits. */
  private List<Change<LprHit>> storeEvents(Transaction transaction, List<TimelineEvent> events) throws SQLException {
    List<Change<LprHit>> hits = new ArrayList<>();
    for (TimelineEvent event : events) {
      IncidentStore.addEvent(transaction, event, normalisedPlate(event));
      if (IncidentStore.isHotlistHit(event)) {
        long revision = ChangeLog.append(transaction, Collection.HOTLIST_HITS, event.getLprHit().getId(), false, clock.instant());
        hits.add(HotlistHits.change(revision, event.getLprHit()));
      }
    }
    return hits;
  }

  private static String normalisedPlate(TimelineEvent event) {
    return event.hasLprHit() ? event.getLprHit().getPlate().toUpperCase(Locale.ROOT).replaceAll("[ -]", "") : "";
  }

  private static boolean inside(BoundingBox box, Incident incident) {
    return Geo.contains(box, incident.getLocation());
  }
}
