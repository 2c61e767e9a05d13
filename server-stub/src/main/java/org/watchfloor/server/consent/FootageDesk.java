package org.watchfloor.server.consent;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.server.BackgroundWork;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.FootageRequestStore;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.Transaction;

/**
 * Footage requests (participation Level 1): the center asks owners for recorded footage, one request
 * per owner, each e-mailed a single-use expiring link; the owner opens it, then shares a clip or
 * declines; the center may withdraw an undecided request and a sweep expires forgotten ones. Every
 * change is audited in its own transaction and pushed to watchers.
 */
public final class FootageDesk extends StoredWatchSource<FootageRequest> {

  /** What the center asks for; validated here, where the rules of the contract live. */
  public record Ask(
      List<String> cameraIds, Instant windowStart, Instant windowEnd, Purpose purpose, Optional<Duration> linkValidity, String idempotencyKey) {}

  /** A ticket for downloading one clip: the token goes into the URL, never into the store. */
  public record ClipTicket(String token, Instant expiresAt, SharedClip clip) {}

  public static final Duration DEFAULT_LINK_VALIDITY = Duration.ofDays(7);
  static final Duration CLIP_TICKET_VALIDITY = Duration.ofMinutes(5);
  private static final Duration MAX_WINDOW = Duration.ofHours(24);
  private static final Duration RETRY_MEMORY = Duration.ofHours(24);
  private static final Pattern CASE_NUMBER = Pattern.compile("[A-Za-z0-9 ._/:#-]{1,64}");
  private static final Set<FootageRequestStatus> UNDECIDED =
      EnumSet.of(
          FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING,
          FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT,
          FootageRequestStatus.FOOTAGE_REQUEST_STATUS_VIEWED);
  private static final DateTimeFormatter OWNER_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);
  private static final Logger LOG = Logger.getLogger(FootageDesk.class.getName());

  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final OwnerRegistry owners;
  private final ShareLinks links;
  private final Mailer mailer;
  private final Function<String, String> requestLinkUrl;
  private final Clock clock;

  /** {@code requestLinkUrl} turns a footage-request token into the URL the owner is mailed. */
  public FootageDesk(
      Database database,
      AuditLog audit,
      CameraDirectory cameras,
      OwnerRegistry owners,
      ShareLinks links,
      Mailer mailer,
      Function<String, String> requestLinkUrl,
      Clock clock) {
    super(database, Collection.FOOTAGE_REQUESTS, FootageRequestStore::all, FootageRequestStore::find);
    this.audit = audit;
    this.cameras = cameras;
    this.owners = owners;
    this.links = links;
    this.mailer = mailer;
    this.requestLinkUrl = requestLinkUrl;
    this.clock = clock;
  }

  /**
   * Creates one request per owner of the asked cameras, ordered by owner id, and e-mails each owner
   * their link. A repeat of the same idempotency key by the same user within 24 h returns the
   * original requests and creates nothing.
   */
  public List<FootageRequest> request(Actor requester, String requesterName, Ask ask) {
    validate(ask);
    if (!ask.idempotencyKey().isEmpty()) {
      List<FootageRequest> earlier =
          database.inTransaction(
              "find retried footage request",
              transaction ->
                  FootageRequestStore.madeWithKey(transaction, requester.id(), ask.idempotencyKey(), clock.instant().minus(RETRY_MEMORY)));
      if (!earlier.isEmpty()) {
        return earlier;
      }
    }
    Map<String, List<String>> camerasByOwner = camerasByOwner(ask.cameraIds());
    // Whole milliseconds: both databases keep them exactly, so list cursors compare equal to stored rows.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant linkExpiry = now.plus(ask.linkValidity().orElse(DEFAULT_LINK_VALIDITY));
    Map<FootageRequest, String> created = new LinkedHashMap<>();
    synchronized (writeLock) {
      database.inTransaction(
          "request footage",
          transaction -> {
            for (Map.Entry<String, List<String>> owner : camerasByOwner.entrySet()) {
              FootageRequest draft =
                  FootageRequest.newBuilder()
                      .setId("frq-" + UUID.randomUUID().toString().substring(0, 12))
                      .addAllCameraIds(owner.getValue())
                      .setWindowStart(ProtoTime.toTimestamp(ask.windowStart()))
                      .setWindowEnd(ProtoTime.toTimestamp(ask.windowEnd()))
                      .setPurpose(ask.purpose())
                      .setRequesterUserId(requester.id())
                      .setRequesterDisplayName(requesterName)
                      .setOwnerId(owner.getKey())
                      .setStatus(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING)
                      .setCreatedAt(ProtoTime.toTimestamp(now))
                      .setLinkExpiresAt(ProtoTime.toTimestamp(linkExpiry))
                      .build();
              FootageRequest request = draft.toBuilder().setRevision(ChangeLog.append(transaction, Collection.FOOTAGE_REQUESTS, draft.getId(), false, now)).build();
              FootageRequestStore.insert(transaction, request, ask.idempotencyKey());
              String token = links.issue(transaction, ShareLinks.Use.FOOTAGE_REQUEST, request.getId(), owner.getKey(), linkExpiry);
              audit.append(
                  transaction,
                  purposeEntry(requester, "FOOTAGE_REQUESTED", request,
                      "owner " + owner.getKey() + ", cameras " + String.join(", ", owner.getValue()) + ", window "
                          + ask.windowStart() + " to " + ask.windowEnd()));
              created.put(request, token);
            }
            return created.size();
          });
      created.keySet().forEach(this::publish);
    }
    List<FootageRequest> answered = new ArrayList<>();
    created.forEach((request, token) -> answered.add(mailOwner(request, token)));
    return answered;
  }

  /** Hands the owner's e-mail to the mail server; SENT on success, left PENDING (and logged) on failure. */
  private FootageRequest mailOwner(FootageRequest request, String token) {
    Owner owner = owner(request);
    Map<String, Object> letter = letter(request, owner);
    letter.put("link", requestLinkUrl.apply(token));
    letter.put("linkExpires", ownerLocal(ProtoTime.toInstant(request.getLinkExpiresAt()), owner.getTimeZone()));
    try {
      mailer.send(owner.getEmail(), "Footage request for case " + request.getPurpose().getCaseNumber(), "footage-request.txt", letter);
    } catch (Mailer.NotSent e) {
      LOG.log(Level.WARNING, "footage request " + request.getId() + " stays PENDING", e);
      return request;
    }
    return transition(
        request.getId(),
        EnumSet.of(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING),
        "sent",
        current -> current.toBuilder().setStatus(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT).setSentAt(ProtoTime.toTimestamp(clock.instant())).build(),
        sent -> AuditEntry.of(Actor.SYSTEM, "FOOTAGE_REQUEST_SENT", target(sent), "e-mailed to owner " + sent.getOwnerId()));
  }

  /** The center withdraws an undecided request; the link stops working and the owner is told. */
  public FootageRequest withdraw(Actor actor, boolean mayWithdrawAny, String requestId, String reason) {
    if (reason.isBlank() || reason.length() > 500) {
      throw Rejection.invalid("reason", "must be 1 to 500 characters (the owner reads it)");
    }
    FootageRequest current = get(requestId).orElseThrow(() -> notFound(requestId));
    if (!mayWithdrawAny && !current.getRequesterUserId().equals(actor.id())) {
      throw Rejection.denied("request_id: only the requester or a SUPERVISOR may withdraw " + requestId);
    }
    FootageRequest withdrawn =
        transition(requestId, UNDECIDED, "withdrawn",
            request -> decided(request, FootageRequestStatus.FOOTAGE_REQUEST_STATUS_WITHDRAWN).setDeclineReason(reason).build(),
            request -> purposeEntry(actor, "FOOTAGE_WITHDRAWN", request, reason));
    Owner owner = owner(withdrawn);
    Map<String, Object> letter = letter(withdrawn, owner);
    letter.put("withdrawReason", reason);
    try {
      mailer.send(owner.getEmail(), "Footage request for case " + withdrawn.getPurpose().getCaseNumber() + " withdrawn", "footage-withdrawn.txt", letter);
    } catch (Mailer.NotSent e) {
      LOG.log(Level.WARNING, "the owner of withdrawn request " + requestId + " was not told", e);
    }
    return withdrawn;
  }

  /** The owner opened the link: VIEWED the first time (audited PORTAL_VIEWED); later opens change nothing. */
  public FootageRequest markViewed(String requestId) {
    FootageRequest current = get(requestId).orElseThrow(() -> notFound(requestId));
    if (current.getStatus() != FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING
        && current.getStatus() != FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT) {
      return current;
    }
    return transition(requestId,
        EnumSet.of(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING, FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT), "viewed",
        request -> ownerAction(request).setStatus(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_VIEWED).setViewedAt(ProtoTime.toTimestamp(clock.instant())).build(),
        request -> AuditEntry.of(ownerActor(request), "PORTAL_VIEWED", target(request), "owner opened the request link"));
  }

  /** The owner declines, with an optional reason (at most 500 characters). Audited PORTAL_DECLINED. */
  public FootageRequest decline(String requestId, String reason) {
    if (reason.length() > 500) {
      throw Rejection.invalid("reason", "must be at most 500 characters");
    }
    return transition(requestId, UNDECIDED, "declined",
        request -> decided(ownerAction(request).build(), FootageRequestStatus.FOOTAGE_REQUEST_STATUS_DECLINED).setDeclineReason(reason.strip()).build(),
        request -> AuditEntry.of(ownerActor(request), "PORTAL_DECLINED", target(request), reason.isBlank() ? "no reason given" : reason.strip()));
  }

  /**
   * The owner shared a clip now in the evidence locker; the request is FULFILLED. Audited
   * PORTAL_CLIP_UPLOADED with the clip's SHA-256.
   */
  public FootageRequest fulfil(String requestId, String cameraId, String fileName, EvidenceLocker.Stored file) {
    SharedClip clip =
        SharedClip.newBuilder()
            .setId("clp-" + UUID.randomUUID().toString().substring(0, 12))
            .setCameraId(cameraId)
            .setFileName(fileName)
            .setContentType(file.format().contentType())
            .setSizeBytes(file.sizeBytes())
            .setSha256(file.sha256())
            .setUploadedAt(ProtoTime.toTimestamp(clock.instant()))
            .build();
    return transition(requestId, UNDECIDED, "fulfilled",
        request -> {
          if (!request.getCameraIdsList().contains(cameraId)) {
            throw Rejection.invalid("camera_id", "must be one of the request's cameras, got '" + cameraId + "'");
          }
          return decided(ownerAction(request).build(), FootageRequestStatus.FOOTAGE_REQUEST_STATUS_FULFILLED).addClips(clip).build();
        },
        request -> new AuditEntry(ownerActor(request), "PORTAL_CLIP_UPLOADED", "clip:" + clip.getId(),
            request.getPurpose().getCaseNumber(), "", "",
            "sha256 " + clip.getSha256() + ", " + clip.getSizeBytes() + " bytes, " + clip.getContentType() + ", camera " + cameraId
                + ", request " + request.getId()));
  }

  /** Marks undecided requests whose link has expired as EXPIRED; run by {@link #sweepEvery}. */
  public void expireDue() {
    Instant now = clock.instant();
    for (FootageRequest due : database.inTransaction("expired footage requests", transaction -> FootageRequestStore.undecidedExpiredBy(transaction, now))) {
      try {
        transition(due.getId(), UNDECIDED, "expired",
            request -> decided(request, FootageRequestStatus.FOOTAGE_REQUEST_STATUS_EXPIRED).build(),
            request -> AuditEntry.of(Actor.SYSTEM, "FOOTAGE_REQUEST_EXPIRED", target(request),
                "link expired at " + ProtoTime.toInstant(request.getLinkExpiresAt())));
      } catch (Rejection decidedMeanwhile) {
        LOG.fine(() -> due.getId() + " was decided while expiring: " + decidedMeanwhile.getMessage());
      }
    }
  }

  /**
   * Runs {@link #expireDue} every {@code period} on a daemon thread while {@code leads} (one broker
   * of several does it); running the result stops it.
   */
  public Runnable sweepEvery(Duration period, java.util.function.BooleanSupplier leads) {
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "footage-request-expiry");
              thread.setDaemon(true);
              return thread;
            });
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            if (leads.getAsBoolean()) {
              expireDue();
            }
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "footage request expiry sweep failed; retrying next period", e);
          }
        },
        period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> BackgroundWork.stop(sweeper);
  }

  /**
   * A five-minute ticket for downloading one clip. Only a SUPERVISOR or the ANALYST who made the
   * request may have one. Audited EXPORT with the purpose and the clip's SHA-256.
   */
  public ClipTicket clipTicket(Actor actor, boolean supervisor, String requestId, String clipId, Purpose purpose) {
    validatePurpose(purpose, false);
    FootageRequest request = get(requestId).orElseThrow(() -> notFound(requestId));
    SharedClip clip =
        request.getClipsList().stream().filter(c -> c.getId().equals(clipId)).findFirst()
            .orElseThrow(() -> Rejection.notFound("clip_id: no clip '" + clipId + "' in footage request " + requestId));
    if (!supervisor && !request.getRequesterUserId().equals(actor.id())) {
      throw Rejection.denied("role: only a SUPERVISOR or the analyst who made " + requestId + " may export its clips");
    }
    Instant expiresAt = clock.instant().plus(CLIP_TICKET_VALIDITY);
    String token =
        database.inTransaction(
            "issue clip download",
            transaction -> {
              String issued = links.issue(transaction, ShareLinks.Use.CLIP_DOWNLOAD, downloadSubject(requestId, clipId), actor.id(), expiresAt);
              audit.append(transaction,
                  new AuditEntry(actor, "EXPORT", "clip:" + clipId, purpose.getCaseNumber(), purpose.getReason(), purpose.getIncidentId(),
                      "sha256 " + clip.getSha256() + ", request " + requestId));
              return issued;
            });
    return new ClipTicket(token, expiresAt, clip);
  }

  /** The clip a download token is for, while the token is valid. */
  public Optional<SharedClip> clipForDownload(String token) {
    return links.resolve(ShareLinks.Use.CLIP_DOWNLOAD, token)
        .filter(link -> !link.expiredAt(clock.instant()))
        .flatMap(
            link -> {
              String[] ids = link.subjectId().split("/", 2);
              return get(ids[0]).flatMap(request -> request.getClipsList().stream().filter(c -> c.getId().equals(ids[1])).findFirst());
            });
  }

  /** A download link names one clip of one request. */
  private static String downloadSubject(String requestId, String clipId) {
    return requestId + "/" + clipId;
  }

  public Optional<FootageRequest> get(String id) {
    return database.inTransaction("find footage request", transaction -> FootageRequestStore.find(transaction, id));
  }

  public List<FootageRequest> page(FootageRequestStore.Filter filter, int limit) {
    return database.inTransaction("list footage requests", transaction -> FootageRequestStore.page(transaction, filter, limit));
  }

  /** A request's time in its owner's zone, e.g. "Sun 1 Mar 2026, 14:05 EST", as the owner reads it. */
  public static String ownerLocal(Instant moment, String timeZone) {
    return OWNER_TIME.format(moment.atZone(ZoneId.of(timeZone)));
  }

  public Owner owner(FootageRequest request) {
    return owners.get(request.getOwnerId()).orElseThrow(() -> new IllegalStateException("owner " + request.getOwnerId() + " is gone"));
  }

  private Actor ownerActor(FootageRequest request) {
    return Actor.owner(request.getOwnerId(), owner(request).getDisplayName());
  }

  /** Owner actions need a live link; the portal checks it too, but the store is the last word. */
  private FootageRequest.Builder ownerAction(FootageRequest request) {
    if (!ProtoTime.toInstant(request.getLinkExpiresAt()).isAfter(clock.instant())) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "request_id: the link of " + request.getId() + " has expired");
    }
    return request.toBuilder();
  }

  private FootageRequest.Builder decided(FootageRequest request, FootageRequestStatus status) {
    return request.toBuilder().setStatus(status).setDecidedAt(ProtoTime.toTimestamp(clock.instant()));
  }

  /** The facts both owner letters tell: who asks, for which case, which cameras, which window. */
  private Map<String, Object> letter(FootageRequest request, Owner owner) {
    Map<String, Object> letter = new TreeMap<>();
    letter.put("owner", owner.getDisplayName());
    letter.put("requester", request.getRequesterDisplayName());
    letter.put("caseNumber", request.getPurpose().getCaseNumber());
    letter.put("reason", request.getPurpose().getReason());
    letter.put("cameras", request.getCameraIdsList().stream().map(id -> cameras.get(id).map(FootageDesk::cameraLine).orElse(id)).toList());
    letter.put("windowStart", ownerLocal(ProtoTime.toInstant(request.getWindowStart()), owner.getTimeZone()));
    letter.put("windowEnd", ownerLocal(ProtoTime.toInstant(request.getWindowEnd()), owner.getTimeZone()));
    return letter;
  }

  private static String cameraLine(Camera camera) {
    return camera.getAddress().isBlank() ? camera.getName() : camera.getName() + " (" + camera.getAddress() + ")";
  }

  /**
   * Moves a request from one of {@code from} to what {@code change} makes of it, with a new revision
   * and the audit row in the same transaction; a request in another status is refused and unchanged.
   */
  private FootageRequest transition(
      String requestId,
      Set<FootageRequestStatus> from,
      String becoming,
      UnaryOperator<FootageRequest> change,
      Function<FootageRequest, AuditEntry> entry) {
    synchronized (writeLock) {
      FootageRequest stored =
          database.inTransaction(
              "footage request " + requestId + " " + becoming,
              transaction -> {
                FootageRequest current = FootageRequestStore.find(transaction, requestId).orElseThrow(() -> notFound(requestId));
                if (!from.contains(current.getStatus())) {
                  throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
                      "request_id: " + requestId + " is " + statusName(current.getStatus()) + "; only " + either(from) + " can be " + becoming);
                }
                FootageRequest changed = change.apply(current);
                FootageRequest revised =
                    changed.toBuilder().setRevision(ChangeLog.append(transaction, Collection.FOOTAGE_REQUESTS, requestId, false, clock.instant())).build();
                FootageRequestStore.update(transaction, revised);
                audit.append(transaction, entry.apply(revised));
                return revised;
              });
      publish(stored);
      return stored;
    }
  }

  /** What retention took out of footage requests: the requests as changed, the clips removed, the clips a hold kept. */
  public record ClipRemoval(List<FootageRequest> changed, List<SharedClip> removed, long held) {}

  /**
   * Inside the purge's {@code transaction}: removes from their requests the clips uploaded before
   * {@code cutoff} unless {@code held} says an evidence hold covers them; each changed request gets a
   * new revision. A {@code dryRun} only counts. Call {@link #published} with the result after the
   * transaction commits.
   */
  public ClipRemoval removeClipsUploadedBefore(
      Transaction transaction, Instant cutoff, BiPredicate<FootageRequest, SharedClip> held, boolean dryRun) throws SQLException {
    List<FootageRequest> changed = new ArrayList<>();
    List<SharedClip> removed = new ArrayList<>();
    long kept = 0;
    for (FootageRequest request : FootageRequestStore.all(transaction)) {
      List<SharedClip> remaining = new ArrayList<>();
      for (SharedClip clip : request.getClipsList()) {
        if (!ProtoTime.toInstant(clip.getUploadedAt()).isBefore(cutoff)) {
          remaining.add(clip);
        } else if (held.test(request, clip)) {
          kept++;
          remaining.add(clip);
        } else {
          removed.add(clip);
        }
      }
      if (!dryRun && remaining.size() < request.getClipsCount()) {
        FootageRequest revised = request.toBuilder().clearClips().addAllClips(remaining)
            .setRevision(ChangeLog.append(transaction, Collection.FOOTAGE_REQUESTS, request.getId(), false, clock.instant())).build();
        FootageRequestStore.update(transaction, revised);
        changed.add(revised);
      }
    }
    return new ClipRemoval(changed, removed, kept);
  }

  /** Tells watchers of the requests retention changed, once its transaction committed. */
  public void published(ClipRemoval removal) {
    removal.changed().forEach(this::publish);
  }

  /** SHA-256 of every clip still kept, so the evidence locker keeps their files. */
  public Set<String> clipHashesKept() {
    return database.inTransaction("clip hashes", transaction -> {
      Set<String> hashes = new HashSet<>();
      FootageRequestStore.all(transaction).forEach(request -> request.getClipsList().forEach(clip -> hashes.add(clip.getSha256())));
      return hashes;
    });
  }

  private void publish(FootageRequest request) {
    publish(new Change<>(request.getRevision(), request.getId(), Optional.of(request)));
  }

  private Map<String, List<String>> camerasByOwner(List<String> cameraIds) {
    Map<String, List<String>> byOwner = new TreeMap<>();
    for (int i = 0; i < cameraIds.size(); i++) {
      String id = cameraIds.get(i);
      String field = "camera_ids[" + i + "]";
      Camera camera = cameras.get(id).orElseThrow(() -> Rejection.notFound(field + ": no camera with id '" + id + "'"));
      if (camera.getKind() != CameraKind.CAMERA_KIND_PRIVATE_REGISTERED && camera.getKind() != CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
        throw Rejection.invalid(field, id + " is a public camera; use StreamService.OpenPlayback");
      }
      if (camera.getOwnerId().isEmpty()) {
        throw Rejection.invalid(field, id + " has no registered owner to ask");
      }
      byOwner.computeIfAbsent(camera.getOwnerId(), owner -> new ArrayList<>()).add(id);
    }
    return byOwner;
  }

  private void validate(Ask ask) {
    if (ask.cameraIds().isEmpty() || ask.cameraIds().size() > 50) {
      throw Rejection.invalid("camera_ids", "name 1 to 50 cameras, got " + ask.cameraIds().size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ask.cameraIds().size(); i++) {
      if (!seen.add(ask.cameraIds().get(i))) {
        throw Rejection.invalid("camera_ids[" + i + "]", ask.cameraIds().get(i) + " is named twice");
      }
    }
    if (!ask.windowStart().isBefore(ask.windowEnd())) {
      throw Rejection.invalid("window_end", "must be after window_start");
    }
    Duration window = Duration.between(ask.windowStart(), ask.windowEnd());
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw Rejection.invalid("window_end", "window must be at most 24 h (got " + (window.toMinutes() + 59) / 60 + " h)");
    }
    if (ask.windowEnd().isAfter(clock.instant())) {
      throw Rejection.invalid("window_end", "must not be in the future; footage is asked for what was recorded");
    }
    validatePurpose(ask.purpose(), true);
    ask.linkValidity().ifPresent(validity -> {
      if (validity.compareTo(Duration.ofHours(1)) < 0 || validity.compareTo(Duration.ofDays(30)) > 0) {
        throw Rejection.invalid("link_validity", "must be from 1 hour to 30 days");
      }
    });
    if (ask.idempotencyKey().length() > 64) {
      throw Rejection.invalid("idempotency_key", "must be at most 64 characters");
    }
  }

  private static void validatePurpose(Purpose purpose, boolean reasonRequired) {
    if (!CASE_NUMBER.matcher(purpose.getCaseNumber()).matches() || purpose.getCaseNumber().isBlank()) {
      throw Rejection.invalid("purpose.case_number", "required: 1 to 64 characters of letters, digits, space and ._/:#-");
    }
    if (purpose.getReason().length() > 500 || (reasonRequired && purpose.getReason().isBlank())) {
      throw Rejection.invalid("purpose.reason", reasonRequired ? "required (the owner reads it), at most 500 characters" : "at most 500 characters");
    }
  }

  private static AuditEntry purposeEntry(Actor actor, String action, FootageRequest request, String detail) {
    Purpose purpose = request.getPurpose();
    return new AuditEntry(actor, action, target(request), purpose.getCaseNumber(), purpose.getReason(), purpose.getIncidentId(), detail);
  }

  private static String target(FootageRequest request) {
    return "footage-request:" + request.getId();
  }

  /** "PENDING, SENT or VIEWED". */
  private static String either(Set<FootageRequestStatus> statuses) {
    List<String> names = statuses.stream().map(FootageDesk::statusName).toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  /** FOOTAGE_REQUEST_STATUS_FULFILLED → FULFILLED, as the contract's messages say it. */
  public static String statusName(FootageRequestStatus status) {
    return status.name().substring("FOOTAGE_REQUEST_STATUS_".length());
  }

  private static Rejection notFound(String requestId) {
    return Rejection.notFound("request_id: no footage request with id '" + requestId + "'");
  }
}
