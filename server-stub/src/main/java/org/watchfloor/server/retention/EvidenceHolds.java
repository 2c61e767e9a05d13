package org.watchfloor.server.retention;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.PlaceEvidenceHoldRequest;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.RetentionStore;
import org.watchfloor.server.store.Transaction;

/**
 * Evidence holds: a supervisor places one on an incident or on a camera's time window, and the
 * purge keeps what it covers until the hold is lifted. Placing and lifting are audited.
 */
public final class EvidenceHolds {

  private static final Pattern CASE_NUMBER = Pattern.compile("[A-Za-z0-9 ._/:#-]{1,64}");
  private static final Duration LONGEST_WINDOW = Duration.ofDays(366);

  private final Database database;
  private final AuditLog audit;
  private final Predicate<String> incidentExists;
  private final Predicate<String> cameraExists;
  private final Clock clock;

  public EvidenceHolds(Database database, AuditLog audit, Predicate<String> incidentExists, Predicate<String> cameraExists, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.incidentExists = incidentExists;
    this.cameraExists = cameraExists;
    this.clock = clock;
  }

  /** Checks {@code request} as the contract says and places the hold. */
  public EvidenceHold place(Actor supervisor, PlaceEvidenceHoldRequest request) {
    boolean onIncident = !request.getIncidentId().isEmpty();
    boolean onCamera = !request.getCameraId().isEmpty();
    if (onIncident == onCamera) {
      throw Rejection.invalid("incident_id", "give an incident or a camera window, not both and not neither");
    }
    if (!CASE_NUMBER.matcher(request.getPurpose().getCaseNumber()).matches() || request.getPurpose().getCaseNumber().isBlank()) {
      throw Rejection.invalid("purpose.case_number", "required: 1 to 64 characters of letters, digits, space and ._/:#-");
    }
    if (request.getPurpose().getReason().isBlank() || request.getPurpose().getReason().length() > 500) {
      throw Rejection.invalid("purpose.reason", "required, at most 500 characters");
    }
    EvidenceHold.Builder hold =
        EvidenceHold.newBuilder()
            .setId(newId())
            .setPurpose(request.getPurpose().toBuilder().clearIncidentId())
            .setPlacedByUserId(supervisor.id())
            .setPlacedAt(ProtoTime.toTimestamp(clock.instant()));
    if (onIncident) {
      if (request.hasWindowStart() || request.hasWindowEnd()) {
        throw Rejection.invalid("window_start", "an incident hold covers the whole incident; give no window");
      }
      if (!incidentExists.test(request.getIncidentId())) {
        throw Rejection.notFound("incident_id: incident " + request.getIncidentId() + " not found");
      }
      hold.setIncidentId(request.getIncidentId());
    } else {
      if (!request.hasWindowStart() || !request.hasWindowEnd()) {
        throw Rejection.invalid(request.hasWindowStart() ? "window_end" : "window_start", "required for a camera-window hold");
      }
      Instant start = ProtoTime.toInstant(request.getWindowStart());
      Instant end = ProtoTime.toInstant(request.getWindowEnd());
      if (!end.isAfter(start) || Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
        throw Rejection.invalid("window_end", "must be after window_start and at most 366 days after it");
      }
      if (!cameraExists.test(request.getCameraId())) {
        throw Rejection.notFound("camera_id: camera " + request.getCameraId() + " not found");
      }
      hold.setCameraId(request.getCameraId()).setWindowStart(request.getWindowStart()).setWindowEnd(request.getWindowEnd());
    }
    EvidenceHold placed = hold.build();
    return database.inTransaction("place evidence hold", transaction -> {
      insert(transaction, audit, supervisor, placed, placed.getIncidentId());
      return placed;
    });
  }

  public static String newId() {
    return "hold-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /**
   * Stores a checked hold and audits it as HOLD_PLACED by {@code actor}, in {@code transaction}
   * (a bookmark places its window's hold with the bookmark); {@code incidentId} links the audit
   * row to the incident it serves, if any.
   */
  public static void insert(Transaction transaction, AuditLog audit, Actor actor, EvidenceHold hold, String incidentId) throws SQLException {
    RetentionStore.insertHold(transaction, hold);
    audit.append(transaction, new AuditEntry(actor, "HOLD_PLACED", "hold:" + hold.getId(), hold.getPurpose().getCaseNumber(),
        hold.getPurpose().getReason(), incidentId, describe(hold)));
  }

  public EvidenceHold lift(Actor supervisor, String holdId, String reason) {
    if (reason.isBlank() || reason.length() > 500) {
      throw Rejection.invalid("reason", "say why the hold is lifted, at most 500 characters");
    }
    return database.inTransaction("lift evidence hold", transaction -> {
      EvidenceHold hold = RetentionStore.findHold(transaction, holdId)
          .orElseThrow(() -> Rejection.notFound("hold_id: no hold " + holdId));
      if (!RetentionStore.liftHold(transaction, holdId, clock.instant(), supervisor.id(), reason.strip())) {
        throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "hold_id: " + holdId + " is already lifted");
      }
      audit.append(transaction, new AuditEntry(supervisor, "HOLD_LIFTED", "hold:" + holdId, hold.getPurpose().getCaseNumber(),
          reason.strip(), hold.getIncidentId(), describe(hold)));
      return RetentionStore.findHold(transaction, holdId).orElseThrow();
    });
  }

  public List<EvidenceHold> list(boolean includeLifted) {
    return database.inTransaction("list evidence holds", transaction -> RetentionStore.holds(transaction, includeLifted));
  }

  public Optional<EvidenceHold> find(String holdId) {
    return database.inTransaction("find evidence hold", transaction -> RetentionStore.findHold(transaction, holdId));
  }

  /**
   * Whether an active hold in {@code active} covers an owner's clip: a hold on the incident its
   * request serves, or on its camera over a window that overlaps the clip's footage (the request's
   * window when the clip's own is unknown).
   */
  static boolean coversClip(List<EvidenceHold> active, FootageRequest request, SharedClip clip) {
    Instant start = ProtoTime.toInstant(clip.hasFootageStart() ? clip.getFootageStart() : request.getWindowStart());
    Instant end = ProtoTime.toInstant(clip.hasFootageEnd() ? clip.getFootageEnd() : request.getWindowEnd());
    for (EvidenceHold hold : active) {
      if (!hold.getIncidentId().isEmpty() && hold.getIncidentId().equals(request.getPurpose().getIncidentId())) {
        return true;
      }
      if (hold.getCameraId().equals(clip.getCameraId())
          && start.isBefore(ProtoTime.toInstant(hold.getWindowEnd()))
          && !end.isBefore(ProtoTime.toInstant(hold.getWindowStart()))) {
        return true;
      }
    }
    return false;
  }

  private static String describe(EvidenceHold hold) {
    return hold.getIncidentId().isEmpty()
        ? "camera " + hold.getCameraId() + " from " + ProtoTime.toInstant(hold.getWindowStart()) + " to " + ProtoTime.toInstant(hold.getWindowEnd())
        : "incident " + hold.getIncidentId();
  }
}
