package org.watchfloor.server.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.HealthState;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.SessionEventType;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.proto.v1.TicketKind;
import org.watchfloor.server.BackgroundWork;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.ChangeFeed;
import org.watchfloor.server.consent.GrantBook;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.SessionStore;

/**
 * Stream tickets: decides whether a view may open (camera kind, owner consent, purpose), signs a
 * short-lived URL for it, keeps the session until it is closed, expires or loses consent, and tells
 * the viewer's clients when it ends. Every ticket issued or refused, and every end, is audited.
 */
public final class StreamBroker implements TicketValidator, AutoCloseable {

  /** Where a camera's profile is served, as a URL without the ticket. */
  public interface StreamLocator {
    String live(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls);

    String playback(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls, Instant start, Instant end);
  }

  static final Duration TICKET_LIFETIME = Duration.ofMinutes(2);
  static final Duration RENEW_AFTER = Duration.ofMinutes(1);
  private static final Logger LOG = Logger.getLogger(StreamBroker.class.getName());

  /** One open session in memory; the validator answers from here on every segment request. */
  private record Session(StreamTicket ticket, String userId, Purpose purpose, Instant expiresAt) {}

  private final Database database;
  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final GrantBook grants;
  private final StreamLocator locator;
  private final Clock clock;
  private final TicketKeys keys;
  /** This broker process among others on the database: its own announced session events come back to it and are skipped. */
  private final String instance = UUID.randomUUID().toString();
  /** Whether this broker does the work done once for all brokers (consent expiry, ending abandoned sessions). */
  private final java.util.function.BooleanSupplier leads;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<SessionEvent>>> watchersByUser = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-session-sweeper");
        thread.setDaemon(true);
        return thread;
      });
  /** The directory's changes, which end live sessions on cameras removed or gone offline. */
  private final ChangeFeed.Subscription cameraChanges;

  /**
   * A broker of stream tickets signed with {@code keys} (empty: the key every broker on this
   * database shares, made on first use); {@code leads} says when this broker does the once-for-all work.
   */
  /** Whether the center still keeps a recording of a window (its retention and evidence holds). */
  @FunctionalInterface
  public interface RecordingsKept {
    /** Empty when kept; otherwise why not, for the viewer. */
    java.util.Optional<String> refusal(String cameraId, String incidentId, Instant start, Instant end);
  }

  private final RecordingsKept recordingsKept;

  public StreamBroker(
      Database database, AuditLog audit, CameraDirectory cameras, GrantBook grants, StreamLocator locator,
      java.util.Optional<TicketKeys> keys, java.util.function.BooleanSupplier leads, RecordingsKept recordingsKept, Clock clock) {
    this.recordingsKept = recordingsKept;
    this.database = database;
    this.audit = audit;
    this.cameras = cameras;
    this.grants = grants;
    this.locator = locator;
    this.clock = clock;
    this.leads = leads;
    this.keys = keys.orElseGet(() -> {
      String shared = database.inTransaction("ticket key", transaction -> SessionStore.secret(transaction, "stream-ticket-hmac"));
      return TicketKeys.single(Base64.getDecoder().decode(shared));
    });
    // Alone on its database a starting broker knows every open session is a dead process's; beside
    // other brokers it does not, and the leader ends sessions once their tickets ran out unrenewed.
    if (!database.shared()) {
      int orphaned = database.inTransaction("end orphaned sessions",
          transaction -> SessionStore.endAllOpen(transaction, clock.instant(), "BROKER_RESTARTED"));
      if (orphaned > 0) {
        LOG.info(() -> orphaned + " stream sessions of a previous broker process were ended");
      }
    }
    grants.onConsentLost(loss -> terminateCamera(loss.cameraId(), loss.grantId(), loss.reason(), loss.message()));
    // Consent that lapses by time (schedules, emergencies ending, expiry) is found within a second.
    sweeper.scheduleWithFixedDelay(this::sweep, 500, 500, TimeUnit.MILLISECONDS);
    cameraChanges = cameras.feed().subscribe(this::endSessionsOnLostCamera);
  }

  /**
   * A camera removed from the directory or reported offline ends its live sessions (the contract's
   * CAMERA_REMOVED and CAMERA_OFFLINE), also when another broker recorded it. Ended on the sweeper
   * thread: the directory publishes while it holds its write lock.
   */
  private void endSessionsOnLostCamera(Change<Camera> change) {
    TerminationReason reason;
    String message;
    if (change.removed()) {
      reason = TerminationReason.TERMINATION_REASON_CAMERA_REMOVED;
      message = "camera " + change.entityId() + " was removed from the directory";
    } else if (change.state().get().getHealth().getState() == HealthState.HEALTH_STATE_OFFLINE) {
      reason = TerminationReason.TERMINATION_REASON_CAMERA_OFFLINE;
      message = "camera " + change.state().get().getName() + " went offline" + detail(change.state().get().getHealth().getDetail());
    } else {
      return;
    }
    if (sessions.values().stream().anyMatch(session -> session.ticket().getCameraId().equals(change.entityId()))) {
      sweeper.execute(() -> terminateCamera(change.entityId(), "", reason, message));
    }
  }

  private static String detail(String detail) {
    return detail.isBlank() ? "" : " (" + detail + ")";
  }

  // ---- opening ----

  public StreamTicket openLive(
      Actor viewer, String cameraId, Purpose purpose, StreamRole preferredRole, List<StreamProtocol> accepted) {
    requirePurpose(purpose);
    Camera camera = cameras.get(cameraId).orElseThrow(() -> Rejection.notFound("no camera with id '" + cameraId + "'"));
    GrantBook.Coverage consent = liveConsent(camera, purpose);
    if (!consent.refusal().isEmpty()) {
      throw refuse(viewer, "LIVE_VIEW_REFUSED", camera, purpose, consent.refusal());
    }
    if (camera.getHealth().getState() == HealthState.HEALTH_STATE_OFFLINE) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "camera_id: camera " + camera.getName() + " is offline"
          + detail(camera.getHealth().getDetail()) + "; it can be viewed again once it reports video");
    }
    StreamProfile profile = chooseProfile(camera, preferredRole, accepted);
    return issue(viewer, camera, profile, purpose, TicketKind.TICKET_KIND_LIVE, consent.grant(), "LIVE_VIEW_OPENED", null, null);
  }

  /**
   * The owner watches their own connected (Level 2) camera: it is theirs, so no grant is asked for;
   * audited as OWNER_VIEW_OPENED, which is never counted as a police view (not on the transparency
   * page, not among the access log's views). Played in a browser, so HLS.
   */
  public StreamTicket openOwnerView(Actor owner, String ownerId, String cameraId) {
    Camera camera = cameras.get(cameraId).filter(found -> found.getOwnerId().equals(ownerId))
        .orElseThrow(() -> Rejection.notFound("camera_id: you have no camera with id '" + cameraId + "'"));
    if (camera.getKind() != CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "camera " + camera.getName() + " is not connected for live sharing yet");
    }
    StreamProfile profile = chooseProfile(camera, StreamRole.STREAM_ROLE_MAIN, List.of(StreamProtocol.STREAM_PROTOCOL_HLS));
    return issue(owner, camera, profile, Purpose.newBuilder().setReason("the owner's own view").build(), TicketKind.TICKET_KIND_LIVE,
        Optional.empty(), "OWNER_VIEW_OPENED", null, null);
  }

  /**
   * Whether the consent rules let {@code camera} be viewed live now for {@code purpose}: the grant a
   * private camera's view rests on (none for a public camera), or the refusal naming what is missing.
   */
  private GrantBook.Coverage liveConsent(Camera camera, Purpose purpose) {
    return switch (camera.getKind()) {
      case CAMERA_KIND_PRIVATE_REGISTERED -> new GrantBook.Coverage(Optional.empty(), "consent: camera " + camera.getId()
          + " is a registered (Level 1) camera: the center never views it live; request footage from its owner");
      case CAMERA_KIND_PRIVATE_LIVE -> grants.covering(camera.getId(), clock.instant(), purpose);
      default -> new GrantBook.Coverage(Optional.empty(), "");
    };
  }

  /** Cameras near a point: those a live view would be granted for now, and the Level 1 ones to ask for footage. */
  public record Nearby(List<CameraDirectory.Match> viewable, List<CameraDirectory.Match> registered) {}

  /**
   * The cameras within {@code radiusMeters} of {@code near}, nearest first and at most {@code limit}
   * of each kind, that {@link #openLive} would give a ticket now for {@code purpose} (with video,
   * online, consent covering it), and the registered (Level 1) ones whose owners may be asked for
   * footage. Nothing is opened, so nothing is audited here.
   */
  public Nearby nearby(GeoPoint near, double radiusMeters, Purpose purpose, int limit) {
    requirePurpose(purpose);
    List<CameraDirectory.Match> viewable = new ArrayList<>();
    List<CameraDirectory.Match> registered = new ArrayList<>();
    for (CameraDirectory.Match match : cameras.search("", Optional.of(near), radiusMeters, EnumSet.noneOf(CameraKind.class))) {
      Camera camera = match.camera();
      if (camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED) {
        if (registered.size() < limit) {
          registered.add(match);
        }
      } else if (viewable.size() < limit && camera.getStreamsCount() > 0
          && camera.getHealth().getState() != HealthState.HEALTH_STATE_OFFLINE && liveConsent(camera, purpose).refusal().isEmpty()) {
        viewable.add(match);
      }
    }
    return new Nearby(viewable, registered);
  }

  /** Recordings: public cameras that record continuously; private cameras only through footage their owner shared. */
  public StreamTicket openPlayback(
      Actor viewer, String cameraId, Purpose purpose, Instant start, Instant end, StreamRole preferredRole,
      List<StreamProtocol> accepted) {
    requirePurpose(purpose);
    if (!start.isBefore(end)) {
      throw Rejection.invalid("end", "must be after start");
    }
    if (Duration.between(start, end).compareTo(PlaybackQuery.MAX_WINDOW) > 0) {
      throw Rejection.invalid("end", "at most 24 h after start");
    }
    if (!accepted.isEmpty() && !accepted.contains(StreamProtocol.STREAM_PROTOCOL_FMP4)) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "accepted_protocols: recordings are served as FMP4 only");
    }
    if (end.isAfter(clock.instant().plusSeconds(5))) {
      throw Rejection.invalid("end", "is in the future; recordings end now");
    }
    Camera camera = cameras.get(cameraId).orElseThrow(() -> Rejection.notFound("no camera with id '" + cameraId + "'"));
    if (camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED || camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
      throw refuse(viewer, "PLAYBACK_REFUSED", camera, purpose,
          "consent: the center keeps no recordings of private camera " + cameraId + "; only footage its owner shares through a footage request can be played");
    }
    if (!camera.getContinuousRecording()) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "camera " + cameraId + " keeps no recordings");
    }
    java.util.Optional<String> expired = recordingsKept.refusal(cameraId, purpose.getIncidentId(), start, end);
    if (expired.isPresent()) {
      audit.append(new AuditEntry(viewer, "PLAYBACK_REFUSED", "camera:" + cameraId, purpose.getCaseNumber(), purpose.getReason(),
          purpose.getIncidentId(), "retention: " + expired.get()));
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, expired.get());
    }
    // The profile names the recording; its live protocol does not matter, recordings are all FMP4.
    StreamProfile profile = chooseProfile(camera, preferredRole, List.of()).toBuilder().setProtocol(StreamProtocol.STREAM_PROTOCOL_FMP4).build();
    return issue(viewer, camera, profile, purpose, TicketKind.TICKET_KIND_PLAYBACK, Optional.empty(), "PLAYBACK_OPENED", start, end);
  }

  private static void requirePurpose(Purpose purpose) {
    if (purpose.getCaseNumber().isBlank()) {
      throw Rejection.invalid("purpose.case_number", "every view serves a case; give its number");
    }
  }

  private Rejection refuse(Actor viewer, String action, Camera camera, Purpose purpose, String why) {
    audit.append(new AuditEntry(viewer, action, "camera:" + camera.getId(), purpose.getCaseNumber(), purpose.getReason(),
        purpose.getIncidentId(), why));
    return Rejection.denied(why);
  }

  /** The profile of the preferred role (or the other one) in a protocol the client can play. */
  private static StreamProfile chooseProfile(Camera camera, StreamRole preferred, List<StreamProtocol> accepted) {
    if (camera.getStreamsCount() == 0) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "camera " + camera.getId() + " has no video stream");
    }
    List<StreamProfile> playable =
        camera.getStreamsList().stream().filter(profile -> accepted.isEmpty() || accepted.contains(profile.getProtocol())).toList();
    if (playable.isEmpty()) {
      // The contract's wording (streams.proto), which clients read: "accepted_protocols: camera cam-3
      // offers RTSP only; you accept HLS, HTTP_TS, MJPEG".
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
          "accepted_protocols: camera " + camera.getId() + " offers "
              + String.join(", ", camera.getStreamsList().stream().map(p -> protocolName(p.getProtocol())).distinct().toList())
              + " only; you accept " + String.join(", ", accepted.stream().map(StreamBroker::protocolName).toList()));
    }
    StreamRole wanted = preferred == StreamRole.STREAM_ROLE_UNSPECIFIED ? StreamRole.STREAM_ROLE_MAIN : preferred;
    return playable.stream().filter(profile -> profile.getRole() == wanted).findFirst().orElse(playable.get(0));
  }

  private static String protocolName(StreamProtocol protocol) {
    return protocol.name().substring("STREAM_PROTOCOL_".length());
  }

  private StreamTicket issue(
      Actor viewer, Camera camera, StreamProfile profile, Purpose purpose, TicketKind kind, Optional<LiveShareGrant> grant,
      String action, Instant playbackStart, Instant playbackEnd) {
    Instant now = clock.instant();
    String sessionId = "ses-" + UUID.randomUUID().toString().substring(0, 18);
    Map<String, String> upstreams = cameras.upstreams(camera.getId());
    String url =
        kind == TicketKind.TICKET_KIND_PLAYBACK
            ? locator.playback(camera, profile, upstreams, playbackStart, playbackEnd)
            : locator.live(camera, profile, upstreams);
    StreamTicket.Builder ticket =
        StreamTicket.newBuilder()
            .setSessionId(sessionId)
            .setCameraId(camera.getId())
            .setUrl(url + (url.contains("?") ? "&" : "?") + "ticket=" + keys.sign(sessionId, camera.getId()))
            .setProtocol(profile.getProtocol())
            .setProfileName(profile.getName())
            .setRole(profile.getRole())
            .setIssuedAt(ProtoTime.toTimestamp(now))
            .setExpiresAt(ProtoTime.toTimestamp(now.plus(TICKET_LIFETIME)))
            .setRenewAfter(ProtoTime.toTimestamp(now.plus(RENEW_AFTER)))
            .setKind(kind);
    grant.ifPresent(g -> ticket.setGrantId(g.getId()));
    if (playbackStart != null) {
      ticket.setPlaybackStart(ProtoTime.toTimestamp(playbackStart)).setPlaybackEnd(ProtoTime.toTimestamp(playbackEnd));
    }
    StreamTicket issued = ticket.build();
    database.inTransaction("open session " + sessionId, transaction -> {
      SessionStore.open(transaction, issued, viewer.id(), purpose.getCaseNumber(), now);
      audit.append(transaction, new AuditEntry(viewer, action, "camera:" + camera.getId(), purpose.getCaseNumber(), purpose.getReason(),
          purpose.getIncidentId(), "session=" + sessionId + " profile=" + profile.getName() + " protocol=" + profile.getProtocol().name()
              + grant.map(g -> " grant=" + g.getId()).orElse("")));
      return null;
    });
    sessions.put(sessionId, new Session(issued, viewer.id(), purpose, now.plus(TICKET_LIFETIME)));
    tell(viewer.id(), event(issued, SessionEventType.SESSION_EVENT_TYPE_OPENED, TerminationReason.TERMINATION_REASON_UNSPECIFIED, ""));
    return issued;
  }

  // ---- renewing and closing ----

  /** Extends a session the viewer holds, after checking its consent again; the URL stays the same. */
  public StreamTicket renew(Actor viewer, String sessionId) {
    Session session = ownSession(viewer, sessionId).orElseThrow(() -> terminated(sessionId));
    if (session.ticket().getKind() == TicketKind.TICKET_KIND_LIVE && !session.ticket().getGrantId().isEmpty()) {
      GrantBook.Coverage coverage = grants.covering(session.ticket().getCameraId(), clock.instant(), session.purpose());
      if (coverage.grant().isEmpty()) {
        end(sessionId, TerminationReason.TERMINATION_REASON_CONSENT_REVOKED, coverage.refusal());
        throw Rejection.denied(coverage.refusal());
      }
    }
    Instant now = clock.instant();
    StreamTicket renewed =
        session.ticket().toBuilder()
            .setExpiresAt(ProtoTime.toTimestamp(now.plus(TICKET_LIFETIME)))
            .setRenewAfter(ProtoTime.toTimestamp(now.plus(RENEW_AFTER)))
            .build();
    database.inTransaction("renew session " + sessionId, transaction -> {
      SessionStore.extend(transaction, sessionId, now.plus(TICKET_LIFETIME));
      return null;
    });
    sessions.put(sessionId, new Session(renewed, session.userId(), session.purpose(), now.plus(TICKET_LIFETIME)));
    tell(session.userId(), event(renewed, SessionEventType.SESSION_EVENT_TYPE_RENEWED, TerminationReason.TERMINATION_REASON_UNSPECIFIED, ""));
    return renewed;
  }

  /** Ends a session the viewer holds; closing one that already ended does nothing. */
  public void close(Actor viewer, String sessionId) {
    if (ownSession(viewer, sessionId).isPresent()) {
      end(sessionId, TerminationReason.TERMINATION_REASON_CLOSED_BY_USER, "closed by the viewer");
    }
  }

  /**
   * The viewer's open session, or empty when it has ended; NOT_FOUND when no such session was ever
   * opened, PERMISSION_DENIED when another user opened it. Ended sessions are found in the store.
   */
  private Optional<Session> ownSession(Actor viewer, String sessionId) {
    Session session = sessions.get(sessionId);
    Optional<SessionStore.StoredSession> stored = session != null ? Optional.empty() : stored(sessionId);
    String userId = session != null ? session.userId()
        : stored.orElseThrow(() -> Rejection.notFound("session_id: no session '" + sessionId + "'")).userId();
    if (!userId.equals(viewer.id())) {
      throw Rejection.denied("role: session " + sessionId + " belongs to another user");
    }
    if (session == null && stored.get().endReason().isEmpty() && stored.get().expiresAt().isAfter(clock.instant())) {
      // Opened through another broker (the client failed over): this broker keeps it from now on.
      session = adopt(stored.get());
    }
    return Optional.ofNullable(session);
  }

  private Session adopt(SessionStore.StoredSession stored) {
    Session session = new Session(stored.ticket(), stored.userId(),
        Purpose.newBuilder().setCaseNumber(stored.caseNumber()).build(), stored.expiresAt());
    Session held = sessions.putIfAbsent(stored.ticket().getSessionId(), session);
    return held != null ? held : session;
  }

  private Optional<SessionStore.StoredSession> stored(String sessionId) {
    return database.inTransaction("find session " + sessionId, transaction -> SessionStore.find(transaction, sessionId));
  }

  /** The contract's answer to renewing an ended session: "session_id: ses-5 was terminated: CONSENT_REVOKED". */
  private Rejection terminated(String sessionId) {
    // A session ending in this instant is out of memory a moment before its end is stored.
    String reason = stored(sessionId).flatMap(SessionStore.StoredSession::endReason).orElse("ENDING");
    return Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
        "session_id: " + sessionId + " was terminated: " + reason.replaceFirst("^TERMINATION_REASON_", ""));
  }

  /** Ends every live session on a camera that rests on {@code grantId} (all, when empty). */
  private void terminateCamera(String cameraId, String grantId, TerminationReason reason, String message) {
    for (Session session : List.copyOf(sessions.values())) {
      StreamTicket ticket = session.ticket();
      if (ticket.getCameraId().equals(cameraId) && ticket.getKind() == TicketKind.TICKET_KIND_LIVE
          && (grantId.isEmpty() || ticket.getGrantId().equals(grantId))) {
        end(ticket.getSessionId(), reason, message);
      }
    }
  }

  private void end(String sessionId, TerminationReason reason, String message) {
    Session session = sessions.remove(sessionId);
    if (session == null) {
      return;
    }
    // Stored first: whoever hears of the end and asks any broker about the ticket is refused.
    endStored(sessionId, session.ticket().getCameraId(), session.purpose(), reason.name(), message);
    tell(session.userId(), event(session.ticket(), SessionEventType.SESSION_EVENT_TYPE_TERMINATED, reason, message));
  }

  /** Ends a stored session and audits the end, once: another broker may have ended it already. */
  private void endStored(String sessionId, String cameraId, Purpose purpose, String reason, String message) {
    Instant now = clock.instant();
    database.inTransaction("end session " + sessionId, transaction -> {
      if (SessionStore.endIfOpen(transaction, sessionId, now, reason)) {
        audit.append(transaction, new AuditEntry(Actor.SYSTEM, "SESSION_TERMINATED", "session:" + sessionId,
            purpose.getCaseNumber(), purpose.getReason(), purpose.getIncidentId(),
            "camera=" + cameraId + " reason=" + reason + " " + message));
      }
      return null;
    });
  }

  /** How long past its expiry a session may stay open in the store before the leader ends it (its own broker's sweep ends it first). */
  private static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

  /** Ends the sessions a broker that is gone left open, once their tickets ran out unrenewed. */
  private void endAbandoned() {
    Instant before = clock.instant().minus(ABANDONED_AFTER);
    for (String sessionId : database.inTransaction("abandoned sessions", transaction -> SessionStore.openExpiredBefore(transaction, before))) {
      if (!sessions.containsKey(sessionId)) {
        stored(sessionId).ifPresent(stored -> endStored(sessionId, stored.ticket().getCameraId(),
            Purpose.newBuilder().setCaseNumber(stored.caseNumber()).build(), "BROKER_GONE",
            "the broker that held this session stopped before its ticket ran out"));
      }
    }
  }

  /** Ends sessions whose ticket expired or whose time-bound consent lapsed. */
  private void sweep() {
    try {
      if (leads.getAsBoolean()) {
        grants.expireDue();
        if (database.shared()) {
          endAbandoned();
        }
      }
      Instant now = clock.instant();
      for (Session session : List.copyOf(sessions.values())) {
        StreamTicket ticket = session.ticket();
        if (!session.expiresAt().isAfter(now)) {
          if (!heldElsewhere(session, now)) {
            end(ticket.getSessionId(), TerminationReason.TERMINATION_REASON_TICKET_EXPIRED, "the ticket was not renewed in time");
          }
        } else if (!ticket.getGrantId().isEmpty()) {
          GrantBook.Coverage coverage = grants.covering(ticket.getCameraId(), now, session.purpose());
          if (coverage.grant().isEmpty()) {
            GrantScope scope = grants.get(ticket.getGrantId()).map(LiveShareGrant::getScope).orElse(GrantScope.GRANT_SCOPE_UNSPECIFIED);
            end(ticket.getSessionId(),
                scope == GrantScope.GRANT_SCOPE_SCHEDULE ? TerminationReason.TERMINATION_REASON_SCHEDULE_ENDED
                    : scope == GrantScope.GRANT_SCOPE_EMERGENCY_ONLY ? TerminationReason.TERMINATION_REASON_EMERGENCY_ENDED
                    : TerminationReason.TERMINATION_REASON_CONSENT_REVOKED,
                coverage.refusal());
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream session sweep failed; retrying", e);
    }
  }

  // ---- validation ----

  @Override
  public Optional<String> refusal(String ticket, String cameraId, Access access) {
    int dot = ticket == null ? -1 : ticket.indexOf('.');
    if (dot <= 0) {
      return Optional.of("no ticket: ask the broker for one (StreamService.OpenLive)");
    }
    String sessionId = ticket.substring(0, dot);
    if (!keys.validates(ticket, sessionId, cameraId)) {
      return Optional.of("the ticket is not valid for camera " + cameraId);
    }
    Optional<Session> held = heldAnywhere(sessionId);
    if (held.isEmpty()) {
      return Optional.of("session " + sessionId + " has ended");
    }
    Session session = held.get();
    if (!session.expiresAt().isAfter(clock.instant())) {
      return Optional.of("session " + sessionId + " has expired");
    }
    TicketKind needed = access == Access.LIVE ? TicketKind.TICKET_KIND_LIVE : TicketKind.TICKET_KIND_PLAYBACK;
    if (session.ticket().getKind() != needed) {
      return Optional.of("session " + sessionId + " is for " + (needed == TicketKind.TICKET_KIND_LIVE ? "playback, not live view" : "live view, not recordings"));
    }
    return Optional.empty();
  }

  @Override
  public Optional<PlaybackWindow> playbackWindow(String ticket, String cameraId) {
    if (refusal(ticket, cameraId, Access.PLAYBACK).isPresent()) {
      return Optional.empty();
    }
    StreamTicket issued = heldAnywhere(ticket.substring(0, ticket.indexOf('.'))).orElseThrow().ticket();
    return Optional.of(new PlaybackWindow(ProtoTime.toInstant(issued.getPlaybackStart()), ProtoTime.toInstant(issued.getPlaybackEnd())));
  }

  /**
   * The open session {@code sessionId}: this broker's, or one another broker on the same database
   * opened (a media server may ask any broker about any ticket).
   */
  private Optional<Session> heldAnywhere(String sessionId) {
    Session session = sessions.get(sessionId);
    if (session != null || !database.shared()) {
      return Optional.ofNullable(session);
    }
    return stored(sessionId).filter(stored -> stored.endReason().isEmpty())
        .map(stored -> new Session(stored.ticket(), stored.userId(), Purpose.newBuilder().setCaseNumber(stored.caseNumber()).build(),
            stored.expiresAt()));
  }

  // ---- watching ----

  /**
   * Follows {@code userId}'s sessions: first OPENED for each open one, then SYNCED, then changes.
   * Close the result to stop.
   */
  public AutoCloseable watch(String userId, Consumer<SessionEvent> sink) {
    List<Consumer<SessionEvent>> watchers = watchersByUser.computeIfAbsent(userId, id -> new CopyOnWriteArrayList<>());
    synchronized (watchers) {
      for (StreamTicket ticket : openTicketsOf(userId)) {
        sink.accept(event(ticket, SessionEventType.SESSION_EVENT_TYPE_OPENED, TerminationReason.TERMINATION_REASON_UNSPECIFIED, ""));
      }
      sink.accept(SessionEvent.newBuilder().setType(SessionEventType.SESSION_EVENT_TYPE_SYNCED).setAt(ProtoTime.toTimestamp(clock.instant())).build());
      watchers.add(sink);
    }
    return () -> watchers.remove(sink);
  }

  /** The user's open sessions: this broker's, and beside other brokers also theirs (from the store). */
  private List<StreamTicket> openTicketsOf(String userId) {
    if (!database.shared()) {
      return sessions.values().stream().filter(session -> session.userId().equals(userId)).map(Session::ticket).toList();
    }
    return database.inTransaction("open sessions of " + userId, transaction -> SessionStore.openTicketsOf(transaction, userId)).stream()
        .map(stored -> Optional.ofNullable(sessions.get(stored.getSessionId())).map(Session::ticket).orElse(stored))
        .toList();
  }

  /** Tells the user's watchers here, and beside other brokers theirs too (a client's session watch may be on any broker). */
  private void tell(String userId, SessionEvent event) {
    tellHere(userId, event);
    if (database.shared()) {
      String payload = instance + " " + Base64.getUrlEncoder().encodeToString(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
          + " " + Base64.getEncoder().encodeToString(event.toByteArray());
      database.inTransaction("announce session event", transaction -> {
        SessionStore.announceEvent(transaction, payload);
        return null;
      });
    }
  }

  /**
   * Beside other brokers, whether a session this broker holds was renewed or ended through another
   * one (a renewal or close may reach any broker): its memory then follows the store, and it is not
   * ended here as unrenewed.
   */
  private boolean heldElsewhere(Session session, Instant now) {
    if (!database.shared()) {
      return false;
    }
    String sessionId = session.ticket().getSessionId();
    Optional<SessionStore.StoredSession> stored = stored(sessionId);
    if (stored.isPresent() && stored.get().endReason().isPresent()) {
      sessions.remove(sessionId);
      return true;
    }
    if (stored.isPresent() && stored.get().expiresAt().isAfter(now)) {
      sessions.replace(sessionId, session, new Session(session.ticket().toBuilder()
          .setExpiresAt(ProtoTime.toTimestamp(stored.get().expiresAt())).build(), session.userId(), session.purpose(), stored.get().expiresAt()));
      return true;
    }
    return false;
  }

  /**
   * Hands on a session event another broker announced to this broker's watchers of its user; a
   * renewal or end there also updates or drops this broker's copy of the session.
   */
  public void relay(String payload) {
    String[] parts = payload.split(" ", 3);
    if (parts.length != 3 || parts[0].equals(instance)) {
      return;
    }
    try {
      SessionEvent event = SessionEvent.parseFrom(Base64.getDecoder().decode(parts[2]));
      if (event.getType() == SessionEventType.SESSION_EVENT_TYPE_TERMINATED) {
        sessions.remove(event.getSessionId());
      } else if (event.getType() == SessionEventType.SESSION_EVENT_TYPE_RENEWED) {
        sessions.computeIfPresent(event.getSessionId(), (id, held) -> new Session(
            held.ticket().toBuilder().setExpiresAt(event.getExpiresAt()).build(), held.userId(), held.purpose(),
            ProtoTime.toInstant(event.getExpiresAt())));
      }
      tellHere(new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8), event);
    } catch (com.google.protobuf.InvalidProtocolBufferException | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "a session event announced by another broker could not be read", e);
    }
  }

  private void tellHere(String userId, SessionEvent event) {
    List<Consumer<SessionEvent>> watchers = watchersByUser.getOrDefault(userId, List.of());
    synchronized (watchers) {
      for (Consumer<SessionEvent> watcher : watchers) {
        watcher.accept(event);
      }
    }
  }

  private SessionEvent event(StreamTicket ticket, SessionEventType type, TerminationReason reason, String message) {
    return SessionEvent.newBuilder()
        .setSessionId(ticket.getSessionId())
        .setCameraId(ticket.getCameraId())
        .setType(type)
        .setTerminationReason(reason)
        .setMessage(message)
        .setAt(ProtoTime.toTimestamp(clock.instant()))
        .setKind(ticket.getKind())
        .setExpiresAt(ticket.getExpiresAt())
        .build();
  }

  /** Open sessions on a camera (for tests and the transparency numbers). */
  public Set<String> openSessionIds(String cameraId) {
    Set<String> ids = new java.util.HashSet<>();
    sessions.values().stream().filter(s -> s.ticket().getCameraId().equals(cameraId)).forEach(s -> ids.add(s.ticket().getSessionId()));
    return ids;
  }

  @Override
  public void close() {
    cameraChanges.close();
    BackgroundWork.stop(sweeper);
  }
}
