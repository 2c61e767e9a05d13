package org.watchfloor.server.incident;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.Recording;
import org.watchfloor.proto.v1.RecordingSource;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.proto.v1.Timeline;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.proto.v1.Track;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.Geo;
import org.watchfloor.server.retention.EvidenceHolds;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.FootageRequestStore;
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
  private static final Duration LONGEST_ROLL = Duration.ofMinutes(10);
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

  /**
   * A bookmark by a user on an incident's timeline (recorded with author and time, not audited).
   * One on a camera marks the window from {@code preRoll} before {@code at} to {@code postRoll}
   * after it and places an evidence hold on it for the incident's CAD number, in the same
   * transaction, audited as HOLD_PLACED: the purge keeps what was bookmarked.
   */
  public TimelineEvent addBookmark(Actor author, String incidentId, Instant moment, String cameraId, String note, Duration preRoll, Duration postRoll) {
    // The hold's window is kept in columns to the microsecond: the bookmark says the same.
    Instant at = moment.truncatedTo(ChronoUnit.MICROS);
    if (note.isBlank() || note.length() > 1000) {
      throw Rejection.invalid("note", "required, at most 1000 characters");
    }
    if (at.isAfter(clock.instant())) {
      throw Rejection.invalid("at", "must not be in the future, got " + at);
    }
    requireRoll("pre_roll", preRoll);
    requireRoll("post_roll", postRoll);
    if (!cameraId.isEmpty() && cameras.get(cameraId).isEmpty()) {
      throw Rejection.notFound("camera_id: no camera with id '" + cameraId + "'");
    }
    Incident incident = get(incidentId).orElseThrow(() -> Rejection.notFound("incident_id: no incident with id '" + incidentId + "'"));
    TimelineEvent.Builder bookmark =
        TimelineEvent.newBuilder()
            .setId("evt-" + UUID.randomUUID().toString().substring(0, 12))
            .setIncidentId(incidentId)
            .setAt(ProtoTime.toTimestamp(at))
            .setType(TimelineEventType.TIMELINE_EVENT_TYPE_BOOKMARK)
            .setText(note)
            .setCameraId(cameraId)
            .setAuthor(author.name())
            .setAuthorUserId(author.id());
    if (cameraId.isEmpty()) {
      return revise(incident, (transaction, revision) -> store(transaction, bookmark.build())).result();
    }
    if (preRoll.plus(postRoll).isZero()) {
      throw Rejection.invalid("post_roll", "a bookmark on a camera keeps some video: pre_roll and post_roll are both 0");
    }
    EvidenceHold hold =
        EvidenceHold.newBuilder()
            .setId(EvidenceHolds.newId())
            .setCameraId(cameraId)
            .setWindowStart(ProtoTime.toTimestamp(at.minus(preRoll)))
            .setWindowEnd(ProtoTime.toTimestamp(at.plus(postRoll)))
            .setPurpose(Purpose.newBuilder().setCaseNumber(incident.getCadNumber()).setReason(holdReason(note)))
            .setPlacedByUserId(author.id())
            .setPlacedAt(ProtoTime.toTimestamp(clock.instant()))
            .build();
    TimelineEvent stored = bookmark.setWindowStart(hold.getWindowStart()).setWindowEnd(hold.getWindowEnd()).setHoldId(hold.getId()).build();
    return revise(incident, (transaction, revision) -> {
      EvidenceHolds.insert(transaction, audit, author, hold, incidentId);
      return store(transaction, stored);
    }).result();
  }

  private static void requireRoll(String field, Duration roll) {
    if (roll.isNegative() || roll.compareTo(LONGEST_ROLL) > 0) {
      throw Rejection.invalid(field, "must be 0 to 10 minutes, got " + roll.toSeconds() + " s");
    }
  }

  private static String holdReason(String note) {
    String reason = "bookmark: " + note.strip();
    return reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
  }

  private TimelineEvent store(Transaction transaction, TimelineEvent event) throws SQLException {
    storeEvents(transaction, List.of(event));
    return event;
  }

  /**
   * Creates ({@code trackId} empty) or changes one of an incident's tracks, based on
   * {@code expectedRevision} (ABORTED when stale).
   */
  public Track saveTrack(Actor author, String incidentId, String trackId, String name, List<String> bookmarkIds, long expectedRevision) {
    if (name.isBlank() || name.length() > 200) {
      throw Rejection.invalid("name", "required, at most 200 characters");
    }
    if (bookmarkIds.isEmpty() || bookmarkIds.size() > 100) {
      throw Rejection.invalid("bookmark_ids", "give 1 to 100 bookmarks in the order followed, got " + bookmarkIds.size());
    }
    if (new HashSet<>(bookmarkIds).size() < bookmarkIds.size()) {
      throw Rejection.invalid("bookmark_ids", "a bookmark is listed twice");
    }
    Incident incident = get(incidentId).orElseThrow(() -> Rejection.notFound("incident_id: no incident with id '" + incidentId + "'"));
    return revise(incident, (transaction, revision) -> {
      for (String id : bookmarkIds) {
        Optional<TimelineEvent> step = IncidentStore.findEvent(transaction, id);
        if (step.isEmpty() || !step.get().getIncidentId().equals(incidentId)
            || step.get().getType() != TimelineEventType.TIMELINE_EVENT_TYPE_BOOKMARK || step.get().getCameraId().isEmpty()) {
          throw Rejection.notFound("bookmark_ids: " + id + " is not a camera bookmark of incident " + incidentId);
        }
      }
      Track.Builder track = Track.newBuilder().setIncidentId(incidentId);
      if (trackId.isEmpty()) {
        track.setId("trk-" + UUID.randomUUID().toString().substring(0, 12));
      } else {
        Track current = IncidentStore.findTrack(transaction, incidentId, trackId)
            .orElseThrow(() -> Rejection.notFound("track_id: incident " + incidentId + " has no track " + trackId));
        Rejection.requireCurrent("track", trackId, expectedRevision, current.getRevision());
        track.setId(trackId);
      }
      Track saved = track.setName(name.strip()).addAllBookmarkIds(bookmarkIds).setAuthor(author.name()).setAuthorUserId(author.id())
          .setUpdatedAt(ProtoTime.toTimestamp(clock.instant()))
          .setRevision(revision)
          .build();
      IncidentStore.putTrack(transaction, saved);
      return saved;
    }).result();
  }

  /** Deletes one of an incident's tracks (its bookmarks stay), based on {@code expectedRevision}. */
  public void deleteTrack(String incidentId, String trackId, long expectedRevision) {
    Incident incident = get(incidentId).orElseThrow(() -> Rejection.notFound("incident_id: no incident with id '" + incidentId + "'"));
    revise(incident, (transaction, revision) -> {
      Track current = IncidentStore.findTrack(transaction, incidentId, trackId)
          .orElseThrow(() -> Rejection.notFound("track_id: incident " + incidentId + " has no track " + trackId));
      Rejection.requireCurrent("track", trackId, expectedRevision, current.getRevision());
      IncidentStore.deleteTrack(transaction, trackId);
      return current;
    });
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
  private static final Duration FUTURE_LEEWAY = Duration.ofSeconds(5);

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
    // A few seconds of leeway for a workstation clock slightly ahead of the broker's.
    Instant now = clock.instant();
    if (end.isAfter(now.plus(FUTURE_LEEWAY))) {
      throw Rejection.invalid("window_end", "is in the future (" + end.truncatedTo(ChronoUnit.SECONDS) + "); nothing is recorded after now ("
          + now.truncatedTo(ChronoUnit.SECONDS) + ")");
    }
    record Read(List<TimelineEvent> events, List<Track> tracks) {}
    Read read = database.inTransaction("read timeline", transaction -> {
      List<TimelineEvent> stored = new ArrayList<>(IncidentStore.timeline(transaction, incidentId, start, end));
      stored.addAll(sharedFootage(FootageRequestStore.page(transaction, new FootageRequestStore.Filter(
          List.of(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_FULFILLED), "", "", "", "", null, ""), Integer.MAX_VALUE), incidentId, start, end));
      stored.sort(Comparator.comparing((TimelineEvent event) -> ProtoTime.toInstant(event.getAt())).thenComparing(TimelineEvent::getId));
      return new Read(stored, IncidentStore.tracks(transaction, incidentId));
    });
    List<TimelineEvent> events = read.events();
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
        .addAllTracks(read.tracks())
        .setWindowStart(ProtoTime.toTimestamp(start))
        .setWindowEnd(ProtoTime.toTimestamp(end))
        .setRadiusMeters(radius)
        .build();
  }

  /**
   * One FOOTAGE_SHARED entry per clip an owner shared for a footage request made for the incident,
   * at the start of the window asked for, when that window meets [{@code start}, {@code end}]:
   * read from the requests themselves, so the timeline can never disagree with what was shared
   * (or removed by retention since).
   */
  private static List<TimelineEvent> sharedFootage(List<FootageRequest> requests, String incidentId, Instant start, Instant end) {
    List<TimelineEvent> shared = new ArrayList<>();
    for (FootageRequest request : requests) {
      Instant from = ProtoTime.toInstant(request.getWindowStart());
      if (!request.getPurpose().getIncidentId().equals(incidentId) || from.isAfter(end) || ProtoTime.toInstant(request.getWindowEnd()).isBefore(start)) {
        continue;
      }
      for (SharedClip clip : request.getClipsList()) {
        shared.add(TimelineEvent.newBuilder()
            .setId("evt-shared-" + clip.getId())
            .setIncidentId(incidentId)
            .setAt(request.getWindowStart())
            .setType(TimelineEventType.TIMELINE_EVENT_TYPE_FOOTAGE_SHARED)
            .setText("Clip " + clip.getFileName() + " shared by its owner")
            .setCameraId(clip.getCameraId())
            .setAuthor("camera owner")
            .setFootageRequestId(request.getId())
            .setClipId(clip.getId())
            .build());
      }
    }
    return shared;
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

  /** Callers that store plate reads hold the hits' write lock, so hits go out in revision order. */
  private Incident write(Incident incident, List<TimelineEvent> events) {
    Revised<List<Change<LprHit>>> revised = revise(incident, (transaction, revision) -> storeEvents(transaction, events));
    hotlistHits.published(revised.result());
    return revised.incident();
  }

  /** An incident with its new revision, and what the change that revised it returned. */
  private record Revised<T>(Incident incident, T result) {}

  /** A change to an incident's timeline or tracks, made in the transaction that gives it {@code revision}. */
  private interface Edit<T> {
    T apply(Transaction transaction, long revision) throws SQLException;
  }

  /**
   * Runs {@code change} and gives the incident a new revision in one transaction, then tells the
   * incident's watchers, who refetch its timeline.
   */
  private <T> Revised<T> revise(Incident incident, Edit<T> change) {
    synchronized (writeLock) {
      Revised<T> revised =
          database.inTransaction(
              "record incident " + incident.getId(),
              transaction -> {
                long revision = ChangeLog.append(transaction, Collection.INCIDENTS, incident.getId(), false, clock.instant());
                T result = change.apply(transaction, revision);
                Incident stored = incident.toBuilder().setRevision(revision).setUpdatedAt(ProtoTime.toTimestamp(clock.instant())).build();
                IncidentStore.put(transaction, stored);
                return new Revised<>(stored, result);
              });
      publish(new Change<>(revised.incident().getRevision(), revised.incident().getId(), Optional.of(revised.incident())));
      return revised;
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
