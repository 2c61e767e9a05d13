package org.watchfloor.server.consent;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentState;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.ScheduleWindow;
import org.watchfloor.proto.v1.TerminationReason;
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
import org.watchfloor.server.store.GrantStore;
import org.watchfloor.server.store.ProtoTime;

/**
 * Live-share grants (Level 2): owners give, pause, resume and revoke them; the center only reads
 * them. Decides whether a grant covers a camera at a moment for a purpose, and tells listeners the
 * moment consent for a camera is lost, so that its live sessions end.
 */
public final class GrantBook extends StoredWatchSource<LiveShareGrant> {

  /** Consent for live view of a camera was lost (revoked, paused, expired). */
  public record ConsentLoss(String cameraId, String grantId, TerminationReason reason, String message) {}

  /** The grant that covers a view, or why none does (a sentence naming the missing consent). */
  public record Coverage(Optional<LiveShareGrant> grant, String refusal) {}

  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final Function<String, Optional<Incident>> incidents;
  private final Clock clock;
  private final List<Consumer<ConsentLoss>> lossListeners = new CopyOnWriteArrayList<>();

  public GrantBook(
      Database database, AuditLog audit, CameraDirectory cameras, Function<String, Optional<Incident>> incidents, Clock clock) {
    super(database, Collection.GRANTS, GrantStore::all, GrantStore::find);
    this.audit = audit;
    this.cameras = cameras;
    this.incidents = incidents;
    this.clock = clock;
  }

  public void onConsentLost(Consumer<ConsentLoss> listener) {
    lossListeners.add(listener);
  }

  /** An owner grants live access to one of their Level 2 cameras. Audited as GRANT_CREATED. */
  public LiveShareGrant grant(Actor owner, String ownerId, LiveShareGrant draft) {
    Camera camera =
        cameras.get(draft.getCameraId()).orElseThrow(() -> Rejection.notFound("no camera with id '" + draft.getCameraId() + "'"));
    if (camera.getKind() != CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
      throw Rejection.invalid("camera_id", "only a live-sharing (Level 2) camera can be shared live; this one is " + camera.getKind().name());
    }
    if (!camera.getOwnerId().equals(ownerId)) {
      throw Rejection.denied("consent: camera " + camera.getId() + " belongs to another owner");
    }
    validate(draft);
    Instant now = clock.instant();
    LiveShareGrant grant =
        draft.toBuilder()
            .setId(draft.getId().isEmpty() ? "grt-" + UUID.randomUUID().toString().substring(0, 12) : draft.getId())
            .setOwnerId(ownerId)
            .setStatus(GrantStatus.GRANT_STATUS_ACTIVE)
            .setGrantedAt(ProtoTime.toTimestamp(now))
            .setChangedAt(ProtoTime.toTimestamp(now))
            .build();
    return write(owner, grant, "GRANT_CREATED", grant.getScope().name() + " for camera " + camera.getId());
  }

  public LiveShareGrant pause(Actor owner, String ownerId, String grantId) {
    return change(owner, ownerId, grantId, GrantStatus.GRANT_STATUS_PAUSED, "GRANT_PAUSED",
        TerminationReason.TERMINATION_REASON_CONSENT_PAUSED, "the owner paused live sharing");
  }

  public LiveShareGrant resume(Actor owner, String ownerId, String grantId) {
    return change(owner, ownerId, grantId, GrantStatus.GRANT_STATUS_ACTIVE, "GRANT_RESUMED", null, "");
  }

  public LiveShareGrant revoke(Actor owner, String ownerId, String grantId) {
    return change(owner, ownerId, grantId, GrantStatus.GRANT_STATUS_REVOKED, "GRANT_REVOKED",
        TerminationReason.TERMINATION_REASON_CONSENT_REVOKED, "sharing ended by owner");
  }

  private LiveShareGrant change(
      Actor owner, String ownerId, String grantId, GrantStatus status, String action, TerminationReason loss, String message) {
    LiveShareGrant current = get(grantId).orElseThrow(() -> Rejection.notFound("no grant with id '" + grantId + "'"));
    if (!current.getOwnerId().equals(ownerId)) {
      throw Rejection.denied("consent: grant " + grantId + " belongs to another owner");
    }
    if (current.getStatus() == GrantStatus.GRANT_STATUS_REVOKED || current.getStatus() == GrantStatus.GRANT_STATUS_EXPIRED) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "grant " + grantId + " has ended (" + current.getStatus().name() + "); give a new one");
    }
    if (current.getStatus() == status) {
      return current;
    }
    LiveShareGrant changed =
        current.toBuilder().setStatus(status).setChangedAt(ProtoTime.toTimestamp(clock.instant())).build();
    LiveShareGrant stored = write(owner, changed, action, "camera " + current.getCameraId());
    if (loss != null) {
      ConsentLoss event = new ConsentLoss(current.getCameraId(), grantId, loss, message);
      lossListeners.forEach(listener -> listener.accept(event));
    }
    return stored;
  }

  /** Marks ACTIVE or PAUSED grants past their expiry as EXPIRED; run every second by the streams' clock. */
  public void expireDue() {
    Instant now = clock.instant();
    for (LiveShareGrant grant : all()) {
      boolean live = grant.getStatus() == GrantStatus.GRANT_STATUS_ACTIVE || grant.getStatus() == GrantStatus.GRANT_STATUS_PAUSED;
      if (live && grant.hasExpiresAt() && !ProtoTime.toInstant(grant.getExpiresAt()).isAfter(now)) {
        write(Actor.SYSTEM, grant.toBuilder().setStatus(GrantStatus.GRANT_STATUS_EXPIRED).setChangedAt(ProtoTime.toTimestamp(now)).build(),
            "GRANT_EXPIRED", "expired at " + ProtoTime.toInstant(grant.getExpiresAt()));
        ConsentLoss event = new ConsentLoss(grant.getCameraId(), grant.getId(), TerminationReason.TERMINATION_REASON_GRANT_EXPIRED, "the owner's grant expired");
        lossListeners.forEach(listener -> listener.accept(event));
      }
    }
  }

  /**
   * The ACTIVE grant that lets the center view {@code cameraId} live at {@code moment} for
   * {@code purpose}, or a sentence naming the consent that is missing.
   */
  public Coverage covering(String cameraId, Instant moment, Purpose purpose) {
    List<LiveShareGrant> grants = database.inTransaction("grants of camera", transaction -> GrantStore.forCamera(transaction, cameraId));
    String refusal = "consent: the owner has not granted live sharing of camera " + cameraId;
    for (LiveShareGrant grant : grants) {
      if (grant.getStatus() == GrantStatus.GRANT_STATUS_PAUSED) {
        refusal = "consent: the owner has paused live sharing of camera " + cameraId;
        continue;
      }
      if (grant.getStatus() != GrantStatus.GRANT_STATUS_ACTIVE) {
        continue;
      }
      if (grant.hasExpiresAt() && !ProtoTime.toInstant(grant.getExpiresAt()).isAfter(moment)) {
        refusal = "consent: the owner's grant for camera " + cameraId + " has expired";
        continue;
      }
      Optional<String> outside = outsideScope(grant, moment, purpose);
      if (outside.isEmpty()) {
        return new Coverage(Optional.of(grant), "");
      }
      refusal = outside.get();
    }
    return new Coverage(Optional.empty(), refusal);
  }

  private Optional<String> outsideScope(LiveShareGrant grant, Instant moment, Purpose purpose) {
    return switch (grant.getScope()) {
      case GRANT_SCOPE_ALWAYS -> Optional.empty();
      case GRANT_SCOPE_SCHEDULE ->
          inSchedule(grant, moment)
              ? Optional.empty()
              : Optional.of("consent: camera " + grant.getCameraId() + " is shared only on the owner's schedule, and this is outside it");
      case GRANT_SCOPE_EMERGENCY_ONLY -> emergencyRefusal(grant, purpose);
      default -> Optional.of("consent: grant " + grant.getId() + " has no scope");
    };
  }

  private Optional<String> emergencyRefusal(LiveShareGrant grant, Purpose purpose) {
    String needed = "consent: camera " + grant.getCameraId() + " is shared only during an open emergency within "
        + Math.round(grant.getEmergencyRadiusMeters()) + " m";
    if (purpose.getIncidentId().isEmpty()) {
      return Optional.of(needed + "; name that incident in purpose.incident_id");
    }
    Optional<Incident> incident = incidents.apply(purpose.getIncidentId());
    Optional<Camera> camera = cameras.get(grant.getCameraId());
    boolean qualifies =
        incident.isPresent() && camera.isPresent()
            && incident.get().getStatus() == IncidentStatus.INCIDENT_STATUS_OPEN
            && incident.get().getPriority() == Priority.PRIORITY_EMERGENCY
            && Geo.distanceMeters(incident.get().getLocation(), camera.get().getLocation()) <= grant.getEmergencyRadiusMeters();
    return qualifies ? Optional.empty() : Optional.of(needed + "; incident '" + purpose.getIncidentId() + "' is not one");
  }

  static boolean inSchedule(LiveShareGrant grant, Instant moment) {
    ZonedDateTime local = moment.atZone(ZoneId.of(grant.getTimeZone()));
    LocalTime time = local.toLocalTime();
    for (ScheduleWindow window : grant.getScheduleList()) {
      if (DayOfWeek.of(window.getDayOfWeekValue()) == local.getDayOfWeek()
          && !time.isBefore(LocalTime.parse(window.getStartLocalTime()))
          && (window.getEndLocalTime().equals("24:00") || time.isBefore(LocalTime.parse(window.getEndLocalTime())))) {
        return true;
      }
    }
    return false;
  }

  private static void validate(LiveShareGrant grant) {
    if (grant.getScope() == GrantScope.GRANT_SCOPE_UNSPECIFIED || grant.getScope() == GrantScope.UNRECOGNIZED) {
      throw Rejection.invalid("scope", "name ALWAYS, EMERGENCY_ONLY or SCHEDULE");
    }
    try {
      ZoneId.of(grant.getTimeZone());
    } catch (java.time.DateTimeException e) {
      throw Rejection.invalid("time_zone", "must be an IANA zone such as America/New_York, got '" + grant.getTimeZone() + "'");
    }
    if (grant.getScope() == GrantScope.GRANT_SCOPE_SCHEDULE && grant.getScheduleCount() == 0) {
      throw Rejection.invalid("schedule", "a SCHEDULE grant needs at least one window");
    }
    if (grant.getScope() == GrantScope.GRANT_SCOPE_EMERGENCY_ONLY
        && !(grant.getEmergencyRadiusMeters() > 0 && grant.getEmergencyRadiusMeters() <= 10_000)) {
      throw Rejection.invalid("emergency_radius_meters", "must be above 0 and at most 10000 for EMERGENCY_ONLY");
    }
    for (int i = 0; i < grant.getScheduleCount(); i++) {
      ScheduleWindow window = grant.getSchedule(i);
      if (window.getDayOfWeekValue() < 1 || window.getDayOfWeekValue() > 7) {
        throw Rejection.invalid("schedule[" + i + "].day_of_week", "name a day MONDAY..SUNDAY");
      }
      try {
        LocalTime start = LocalTime.parse(window.getStartLocalTime());
        if (!window.getEndLocalTime().equals("24:00") && !LocalTime.parse(window.getEndLocalTime()).isAfter(start)) {
          throw Rejection.invalid("schedule[" + i + "].end_local_time", "must be after start_local_time (use 24:00 for midnight)");
        }
      } catch (DateTimeParseException e) {
        throw Rejection.invalid("schedule[" + i + "]", "times must be HH:MM, got '" + window.getStartLocalTime() + "'-'" + window.getEndLocalTime() + "'");
      }
    }
  }

  public Optional<LiveShareGrant> get(String id) {
    return database.inTransaction("find grant", transaction -> GrantStore.find(transaction, id));
  }

  public List<LiveShareGrant> all() {
    return database.inTransaction("list grants", GrantStore::all);
  }

  private LiveShareGrant write(Actor actor, LiveShareGrant grant, String action, String detail) {
    synchronized (writeLock) {
      LiveShareGrant stored =
          database.inTransaction(
              action.toLowerCase(java.util.Locale.ROOT) + " " + grant.getId(),
              transaction -> {
                long revision = ChangeLog.append(transaction, Collection.GRANTS, grant.getId(), false, clock.instant());
                LiveShareGrant revised = grant.toBuilder().setRevision(revision).build();
                GrantStore.put(transaction, revised);
                audit.append(transaction, AuditEntry.of(actor, action, "grant:" + grant.getId(), detail));
                return revised;
              });
      publish(new Change<>(stored.getRevision(), stored.getId(), Optional.of(stored)));
      updateBadge(stored.getCameraId());
      return stored;
    }
  }

  /** The camera's consent badge follows its grants: live shared, sharing paused, or not shared. */
  private void updateBadge(String cameraId) {
    List<LiveShareGrant> grants = database.inTransaction("grants of camera", transaction -> GrantStore.forCamera(transaction, cameraId));
    ConsentState state =
        grants.stream().anyMatch(g -> g.getStatus() == GrantStatus.GRANT_STATUS_ACTIVE)
            ? ConsentState.CONSENT_STATE_LIVE_SHARED
            : grants.stream().anyMatch(g -> g.getStatus() == GrantStatus.GRANT_STATUS_PAUSED)
                ? ConsentState.CONSENT_STATE_SHARING_PAUSED
                : ConsentState.CONSENT_STATE_NOT_SHARED;
    cameras.get(cameraId).filter(camera -> camera.getConsentState() != state).ifPresent(camera ->
        cameras.editMany("consent badge of " + cameraId, List.of(cameraId),
            current -> current.toBuilder().setConsentState(state).build(), transaction -> {}));
  }
}
