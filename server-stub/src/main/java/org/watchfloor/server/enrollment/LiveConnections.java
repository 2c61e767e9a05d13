package org.watchfloor.server.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.LiveConnectionMethod;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.LiveConnectionStatus;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.proto.v1.StreamTest;
import org.watchfloor.proto.v1.StreamTestOutcome;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraValidation;
import org.watchfloor.server.camera.UpstreamVault;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.LiveConnectionStore;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.Transaction;
import org.watchfloor.server.stream.StreamProbe;
import org.watchfloor.server.stream.StreamSource;

/**
 * Level 2 onboarding: an owner asks to connect a registered camera for live sharing (its stream
 * address, or a technician); the admin has the stream tried; when it plays the camera becomes
 * PRIVATE_LIVE with no grant and the owner is invited to set their terms. Stream addresses are kept
 * sealed and never leave the broker except towards the media server.
 */
public final class LiveConnections {

  static final String ID_PREFIX = "lcr-";
  /** The upstream entry a connected camera's source is kept under: what the media server pulls. */
  public static final String SOURCE_UPSTREAM = "source";
  /** How long the invitation's sharing link works. */
  static final Duration INVITATION_VALIDITY = Duration.ofDays(7);
  private static final Logger LOG = Logger.getLogger(LiveConnections.class.getName());

  private final Database database;
  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final UpstreamVault vault;
  private final OwnerReviews reviews;
  private final StreamProbe probe;
  private final ShareLinks links;
  private final Mailer mailer;
  private final EnrollmentLinks addresses;
  private final Clock clock;

  public LiveConnections(
      Database database, AuditLog audit, CameraDirectory cameras, UpstreamVault vault, OwnerReviews reviews, StreamProbe probe,
      ShareLinks links, Mailer mailer, EnrollmentLinks addresses, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.cameras = cameras;
    this.vault = vault;
    this.reviews = reviews;
    this.probe = probe;
    this.links = links;
    this.mailer = mailer;
    this.addresses = addresses;
    this.clock = clock;
  }

  /**
   * The owner asks to connect one of their registered cameras; asking again while the request is
   * open replaces what they gave. Audited as LIVE_CONNECTION_REQUESTED (no address in it).
   */
  public LiveConnectionRequest ask(Owner owner, String cameraId, LiveConnectionMethod method, Optional<StreamSource> source, String note) {
    Camera camera = cameras.get(cameraId).filter(found -> found.getOwnerId().equals(owner.getId()))
        .orElseThrow(() -> Rejection.notFound("camera_id: you have no camera with id '" + cameraId + "'"));
    if (camera.getKind() != CameraKind.CAMERA_KIND_PRIVATE_REGISTERED) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "camera " + camera.getName() + " is already connected for live sharing");
    }
    if (method == LiveConnectionMethod.LIVE_CONNECTION_METHOD_STREAM_ADDRESS && source.isEmpty()) {
      throw Rejection.invalid("source", "give the camera's stream address, or ask for a technician");
    }
    if (note.length() > 500) {
      throw Rejection.invalid("note", "at most 500 characters");
    }
    Optional<StreamSource> given = method == LiveConnectionMethod.LIVE_CONNECTION_METHOD_TECHNICIAN ? Optional.empty() : source;
    return reviews.write(recorder -> database.inTransaction("ask to connect camera " + cameraId, transaction -> {
      Optional<LiveConnectionStore.Stored> open = LiveConnectionStore.openFor(transaction, cameraId);
      LiveConnectionRequest.Builder request =
          open.map(stored -> stored.request().toBuilder().clearLastTest())
              .orElseGet(() -> LiveConnectionRequest.newBuilder()
                  .setId(ID_PREFIX + UUID.randomUUID().toString().substring(0, 12))
                  .setStatus(LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN)
                  .setSubmittedAt(ProtoTime.toTimestamp(clock.instant())));
      request.setCamera(camera).setOwner(owner).setMethod(method).setNote(note.strip())
          .setSourceAddress(given.map(StreamSource::shown).orElse(""))
          .setSourceHasCredentials(given.map(StreamSource::hasCredentials).orElse(false));
      LiveConnectionRequest stored = request.build();
      Optional<String> sealed = Optional.of(given.map(found -> vault.seal(found.withCredentials())).orElse(""));
      if (open.isPresent()) {
        LiveConnectionStore.replaceOpen(transaction, stored, sealed);
      } else {
        LiveConnectionStore.insert(transaction, stored, sealed.filter(value -> !value.isEmpty()));
      }
      recorder.changed(transaction, stored.getId());
      audit.append(transaction, AuditEntry.of(Actor.owner(owner.getId(), owner.getDisplayName()), "LIVE_CONNECTION_REQUESTED",
          "live-connection:" + stored.getId(), "camera " + cameraId + ", " + (given.isPresent()
              ? "stream address given" + (given.get().hasCredentials() ? " with credentials" : "") : "a technician to connect it")));
      return stored;
    }));
  }

  /** The open request for a camera, if any (the manage page shows it). */
  public Optional<LiveConnectionRequest> openFor(String cameraId) {
    return database.inTransaction("open live connection of " + cameraId,
        transaction -> LiveConnectionStore.openFor(transaction, cameraId).map(LiveConnectionStore.Stored::request));
  }

  /** Requests in {@code statuses}, oldest first, with their cameras and owners. */
  public List<LiveConnectionRequest> list(List<LiveConnectionStatus> statuses) {
    return database.inTransaction("list live connections", transaction -> {
      List<LiveConnectionRequest> found = new ArrayList<>();
      for (LiveConnectionStatus status : statuses) {
        for (LiveConnectionStore.Stored stored : LiveConnectionStore.inStatus(transaction, status)) {
          found.add(OwnerReviews.complete(transaction, stored.request()));
        }
      }
      found.sort(java.util.Comparator.comparing((LiveConnectionRequest request) -> ProtoTime.toInstant(request.getSubmittedAt()))
          .thenComparing(LiveConnectionRequest::getId));
      return found;
    });
  }

  /**
   * The admin has the stream tried (the one {@code given}, stored from now on, else the stored
   * one). When it plays the camera is connected; otherwise the request stays open with the outcome.
   */
  public LiveConnectionRequest test(Actor admin, String requestId, Optional<StreamSource> given) {
    LiveConnectionStore.Stored stored =
        database.inTransaction("find live connection " + requestId, transaction -> LiveConnectionStore.find(transaction, requestId))
            .orElseThrow(() -> Rejection.notFound("request_id: no live-connection request with id '" + requestId + "'"));
    if (stored.request().getStatus() != LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "request_id: " + requestId + " is "
          + stored.request().getStatus().name().substring("LIVE_CONNECTION_STATUS_".length()) + "; only OPEN requests can be tested");
    }
    Optional<StreamSource> source = given.or(() -> stored.sealedSource().filter(value -> !value.isEmpty())
        .map(sealed -> StreamSource.ofStored(vault.open(sealed))));
    StreamProbe.Result result = source.map(probe::test).orElse(new StreamProbe.Result(StreamTestOutcome.STREAM_TEST_OUTCOME_NO_ADDRESS,
        "no stream address yet: give the one the technician connected"));
    Instant now = clock.instant();
    LiveConnectionRequest.Builder tested = stored.request().toBuilder()
        .setLastTest(StreamTest.newBuilder().setOutcome(result.outcome()).setMessage(result.message()).setTestedAt(ProtoTime.toTimestamp(now)));
    given.ifPresent(found -> tested.setSourceAddress(found.shown()).setSourceHasCredentials(found.hasCredentials()));
    Optional<String> sealedGiven = given.map(found -> vault.seal(found.withCredentials()));
    AuditEntry testedRow = AuditEntry.of(admin, "LIVE_CONNECTION_TESTED", "live-connection:" + requestId,
        result.outcome().name().substring("STREAM_TEST_OUTCOME_".length()) + (given.isPresent() ? ", with a new stream address" : ""));
    if (!result.plays()) {
      LiveConnectionRequest open = tested.build();
      return complete(reviews.write(recorder -> database.inTransaction("record stream test " + requestId, transaction -> {
        requireOpen(transaction, open, sealedGiven);
        recorder.changed(transaction, requestId);
        audit.append(transaction, testedRow);
        return open;
      })));
    }
    LiveConnectionRequest connected = tested.setStatus(LiveConnectionStatus.LIVE_CONNECTION_STATUS_CONNECTED).setDecidedAt(ProtoTime.toTimestamp(now)).build();
    String cameraId = stored.request().getCamera().getId();
    String sourceUrl = source.orElseThrow().withCredentials();
    reviews.write(recorder -> cameras.editMany("connect camera " + cameraId, List.of(cameraId), LiveConnections::connectedCamera, transaction -> {
      requireOpen(transaction, connected, sealedGiven);
      recorder.changed(transaction, requestId);
      cameras.putUpstreams(transaction, cameraId, Map.of(SOURCE_UPSTREAM, sourceUrl));
      audit.append(transaction, testedRow);
      audit.append(transaction, AuditEntry.of(admin, "CAMERA_UPDATED", "camera:" + cameraId, "connected for live sharing (PRIVATE_LIVE), no grant yet"));
      audit.append(transaction, AuditEntry.of(admin, "LIVE_CONNECTION_CONNECTED", "live-connection:" + requestId, "camera " + cameraId));
    }));
    LiveConnectionRequest done = complete(connected);
    invite(done);
    return done;
  }

  /** The registered camera as a connected one: Level 2, its stream as the media server re-serves it. */
  private static Camera connectedCamera(Camera camera) {
    Camera connected = camera.toBuilder()
        .setKind(CameraKind.CAMERA_KIND_PRIVATE_LIVE)
        .clearStreams()
        .addStreams(StreamProfile.newBuilder().setName("main").setRole(StreamRole.STREAM_ROLE_MAIN).setProtocol(StreamProtocol.STREAM_PROTOCOL_HLS))
        .build();
    CameraValidation.requireValid(connected, "camera");
    return connected;
  }

  private static void requireOpen(Transaction transaction, LiveConnectionRequest request, Optional<String> sealedSource) throws java.sql.SQLException {
    if (!LiveConnectionStore.replaceOpen(transaction, request, sealedSource)) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "request " + request.getId() + " was decided meanwhile");
    }
  }

  /**
   * Ends the open request of a camera that leaves the directory (removed, or its owner withdrew),
   * inside that write's transaction.
   */
  public void cancel(Transaction transaction, OwnerReviews.Recorder recorder, String cameraId) throws java.sql.SQLException {
    Optional<LiveConnectionStore.Stored> open = LiveConnectionStore.openFor(transaction, cameraId);
    if (open.isPresent()) {
      LiveConnectionRequest cancelled = open.get().request().toBuilder()
          .setStatus(LiveConnectionStatus.LIVE_CONNECTION_STATUS_CANCELLED).setDecidedAt(ProtoTime.toTimestamp(clock.instant())).build();
      LiveConnectionStore.replaceOpen(transaction, cancelled, Optional.of(""));
      recorder.changed(transaction, cancelled.getId());
    }
  }

  public OwnerReviews reviews() {
    return reviews;
  }

  private LiveConnectionRequest complete(LiveConnectionRequest request) {
    return database.inTransaction("read live connection", transaction -> OwnerReviews.complete(transaction, request));
  }

  /** E-mails the owner a link to the live-sharing page: the camera shows nothing until they grant. */
  private void invite(LiveConnectionRequest request) {
    Owner owner = request.getOwner();
    Instant expiresAt = clock.instant().plus(INVITATION_VALIDITY);
    try {
      String token = database.inTransaction("invite owner " + owner.getId(), transaction -> {
        String issued = links.issue(transaction, ShareLinks.Use.MANAGE_SHARING, owner.getId(), owner.getId(), expiresAt);
        audit.append(transaction, AuditEntry.of(Actor.SYSTEM, "PORTAL_LINK_ISSUED", "owner:" + owner.getId(),
            "manage sharing, invitation after connecting camera " + request.getCamera().getId() + ", valid until " + expiresAt));
        return issued;
      });
      mailer.send(owner.getEmail(), "Your camera is connected: set your terms for live sharing", "live-connected.txt",
          Map.of("name", owner.getDisplayName(), "camera", request.getCamera().getName(), "link", addresses.manageSharing(token),
              "days", INVITATION_VALIDITY.toDays(), "manage", addresses.manageRequest()));
    } catch (Mailer.NotSent e) {
      // The camera is connected either way; the owner also reaches sharing from their manage page.
      LOG.log(Level.WARNING, "could not invite the owner of a newly connected camera", e);
    }
  }
}
