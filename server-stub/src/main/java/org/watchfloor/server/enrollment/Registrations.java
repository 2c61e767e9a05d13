package org.watchfloor.server.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.proto.v1.RegistrationStatus;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraValidation;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.RegistrationStore;
import org.watchfloor.server.store.Transaction;

/**
 * Owners' self-registrations: a submission is kept until its owner opens the single-use link e-mailed
 * to them; then (or after an admin's approval, when the center requires it) the owner and their
 * cameras enter the directory as Level 1, audited, in one transaction. An address that already
 * belongs to an owner adds cameras to that owner instead of creating another.
 */
public final class Registrations {

  private static final Logger LOG = Logger.getLogger(Registrations.class.getName());

  /** What a verification link leads to when opened. */
  public enum LinkState { NOT_A_LINK, EXPIRED, USED, OPEN }

  /** A verification link's registration and what may still be done with it. */
  public record Opened(LinkState state, Optional<OwnerRegistration> registration) {}

  private final Database database;
  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final ShareLinks links;
  private final Mailer mailer;
  private final EnrollmentLinks addresses;
  private final RateLimits limits;
  private final ServerSettings.Enrollment settings;
  private final ServiceArea area;
  private final OwnerReviews reviews;
  private final Clock clock;

  public Registrations(
      Database database,
      AuditLog audit,
      CameraDirectory cameras,
      ShareLinks links,
      Mailer mailer,
      EnrollmentLinks addresses,
      RateLimits limits,
      ServerSettings.Enrollment settings,
      ServiceArea area,
      OwnerReviews reviews,
      Clock clock) {
    this.database = database;
    this.audit = audit;
    this.cameras = cameras;
    this.links = links;
    this.mailer = mailer;
    this.addresses = addresses;
    this.limits = limits;
    this.settings = settings;
    this.area = area;
    this.reviews = reviews;
    this.clock = clock;
  }

  public ServerSettings.Enrollment settings() {
    return settings;
  }

  public ServiceArea area() {
    return area;
  }

  /**
   * Keeps a checked submission and e-mails its owner the verification link; nothing enters the
   * directory yet. Refused with {@link RateLimits.LimitReached} when the client or the address has
   * been sent enough e-mails this hour.
   */
  public OwnerRegistration submit(Owner contact, List<RegisteredCameraDraft> drafts, String clientAddress) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = now.plus(settings.verificationValidity());
    OwnerRegistration registration =
        OwnerRegistration.newBuilder()
            .setId("reg-" + UUID.randomUUID().toString().substring(0, 12))
            .setStatus(RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION)
            .setOwner(contact.toBuilder().setTimeZone(settings.timeZone()))
            .addAllCameras(drafts)
            .setSubmittedAt(ProtoTime.toTimestamp(now))
            .build();
    String token =
        database.inTransaction(
            "submit registration " + registration.getId(),
            transaction -> {
              limits.spend(transaction, clientAddress, contact.getEmail());
              RegistrationStore.insert(transaction, registration, expiresAt);
              return links.issue(
                  transaction, ShareLinks.Use.VERIFY_REGISTRATION, registration.getId(), "registration:" + registration.getId(), expiresAt);
            });
    boolean known = database.inTransaction("find owner by e-mail", transaction -> OwnerStore.findByEmail(transaction, contact.getEmail())).isPresent();
    Map<String, Object> letter = new HashMap<>();
    letter.put("name", contact.getDisplayName());
    letter.put("cameras", drafts.stream().map(RegisteredCameraDraft::getName).toList());
    letter.put("addsToEntry", known);
    letter.put("approval", settings.approvalRequired());
    letter.put("link", addresses.confirmRegistration(token));
    letter.put("hours", settings.verificationValidity().toHours());
    mailer.send(contact.getEmail(), "Confirm your camera registration", "registration-confirm.txt", letter);
    return registration;
  }

  /** What the verification link {@code token} leads to, without using it. */
  public Opened open(String token) {
    Optional<ShareLinks.Link> link = links.resolve(ShareLinks.Use.VERIFY_REGISTRATION, token);
    if (link.isEmpty()) {
      return new Opened(LinkState.NOT_A_LINK, Optional.empty());
    }
    Optional<OwnerRegistration> registration = find(link.get().subjectId());
    if (registration.isEmpty()) {
      return new Opened(LinkState.NOT_A_LINK, Optional.empty());
    }
    if (registration.get().getStatus() != RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION) {
      return new Opened(LinkState.USED, registration);
    }
    if (link.get().expiredAt(clock.instant())) {
      return new Opened(LinkState.EXPIRED, registration);
    }
    return new Opened(LinkState.OPEN, registration);
  }

  /**
   * Uses the verification link: the registration enters the directory, or waits for approval. A
   * used, expired or forged link changes nothing (FAILED_PRECONDITION or NOT_FOUND).
   */
  public OwnerRegistration confirm(String token) {
    Opened opened = open(token);
    switch (opened.state()) {
      case NOT_A_LINK -> throw Rejection.notFound("this confirmation link is not valid");
      case EXPIRED -> throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "this confirmation link has expired");
      case USED -> throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "this registration was already confirmed");
      case OPEN -> { }
    }
    OwnerRegistration registration = opened.registration().orElseThrow();
    Instant now = clock.instant();
    OwnerRegistration verified = registration.toBuilder().setVerifiedAt(ProtoTime.toTimestamp(now)).build();
    if (settings.approvalRequired()) {
      OwnerRegistration waiting = verified.toBuilder().setStatus(RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL).build();
      reviews.write(recorder -> database.inTransaction("confirm registration " + registration.getId(), transaction -> {
        requireReplaced(transaction, waiting, RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION);
        recorder.changed(transaction, registration.getId());
        return null;
      }));
      return waiting;
    }
    OwnerRegistration entered = enter(Actor.SYSTEM, verified, RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION, Optional.empty());
    mailRegistered(entered);
    return entered;
  }

  /** An admin lets a confirmed registration into the directory. */
  public OwnerRegistration approve(Actor admin, String registrationId) {
    OwnerRegistration registration = awaitingApproval(registrationId);
    AuditEntry approval = AuditEntry.of(admin, "REGISTRATION_APPROVED", "registration:" + registrationId, "");
    OwnerRegistration entered = enter(admin, registration, RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL, Optional.of(approval));
    mailRegistered(entered);
    return entered;
  }

  /** An admin turns a confirmed registration down; the owner is told why. */
  public OwnerRegistration reject(Actor admin, String registrationId, String reason) {
    if (reason.isBlank() || reason.length() > 500) {
      throw Rejection.invalid("reason", "must be 1 to 500 characters (the owner reads it)");
    }
    OwnerRegistration registration = awaitingApproval(registrationId);
    OwnerRegistration rejected =
        registration.toBuilder()
            .setStatus(RegistrationStatus.REGISTRATION_STATUS_REJECTED)
            .setRejectionReason(reason.strip())
            .setDecidedAt(ProtoTime.toTimestamp(clock.instant()))
            .build();
    reviews.write(recorder -> database.inTransaction("reject registration " + registrationId, transaction -> {
      requireReplaced(transaction, rejected, RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL);
      recorder.changed(transaction, registrationId);
      audit.append(transaction, AuditEntry.of(admin, "REGISTRATION_REJECTED", "registration:" + registrationId, rejected.getRejectionReason()));
      return null;
    }));
    send(rejected.getOwner().getEmail(), "Your camera registration was not accepted", "registration-rejected.txt",
        Map.of("name", rejected.getOwner().getDisplayName(), "reason", rejected.getRejectionReason()));
    return rejected;
  }

  /** Registrations in {@code statuses}, oldest first, after the cursor (null for the first page). */
  public List<OwnerRegistration> page(List<RegistrationStatus> statuses, Instant afterSubmittedAt, String afterId, int limit) {
    return database.inTransaction("list registrations", transaction -> RegistrationStore.page(transaction, statuses, afterSubmittedAt, afterId, limit));
  }

  public Optional<OwnerRegistration> find(String id) {
    return database.inTransaction("find registration", transaction -> RegistrationStore.find(transaction, id));
  }

  /**
   * Registrations nobody confirmed are deleted one day after their link expired (what the owner
   * typed is personal data the center never got to keep); each removal is audited.
   */
  public void removeUnconfirmed() {
    database.inTransaction("remove unconfirmed registrations", transaction -> {
      for (String id : RegistrationStore.deleteUnverified(transaction, clock.instant().minus(Duration.ofDays(1)))) {
        audit.append(transaction, AuditEntry.of(Actor.SYSTEM, "RETENTION_REMOVED", "registration:" + id, "never confirmed; link expired over a day ago"));
      }
      return null;
    });
  }

  private OwnerRegistration awaitingApproval(String registrationId) {
    OwnerRegistration registration =
        find(registrationId).orElseThrow(() -> Rejection.notFound("registration_id: no registration with id '" + registrationId + "'"));
    if (registration.getStatus() != RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
          "registration_id: " + registrationId + " is " + registration.getStatus().name().substring("REGISTRATION_STATUS_".length())
              + "; only AWAITING_APPROVAL can be decided");
    }
    return registration;
  }

  /**
   * The owner (unless their address already has one) and the cameras enter the directory with their
   * audit rows and the registration's new state, in one transaction; watchers see the cameras as soon
   * as it commits.
   */
  private OwnerRegistration enter(Actor actor, OwnerRegistration registration, RegistrationStatus expected, Optional<AuditEntry> decision) {
    Optional<Owner> existing =
        database.inTransaction("find owner by e-mail", transaction -> OwnerStore.findByEmail(transaction, registration.getOwner().getEmail()));
    Instant now = clock.instant();
    Owner owner =
        existing.orElseGet(() -> registration.getOwner().toBuilder()
            .setId("own-" + UUID.randomUUID().toString().substring(0, 12))
            .setCreatedAt(ProtoTime.toTimestamp(now))
            .build());
    List<Camera> created = new ArrayList<>();
    for (RegisteredCameraDraft draft : registration.getCamerasList()) {
      Camera camera = RegisteredCameras.toCamera(draft, "cam-" + UUID.randomUUID().toString().substring(0, 13), owner, registration.getId());
      CameraValidation.requireValid(camera, "camera");
      created.add(camera);
    }
    OwnerRegistration entered =
        registration.toBuilder()
            .setStatus(RegistrationStatus.REGISTRATION_STATUS_REGISTERED)
            .setDecidedAt(ProtoTime.toTimestamp(now))
            .setAddsToExistingOwner(existing.isPresent())
            .setOwnerId(owner.getId())
            .addAllCameraIds(created.stream().map(Camera::getId).toList())
            .build();
    Actor recorder = actor == Actor.SYSTEM ? Actor.owner(owner.getId(), owner.getDisplayName()) : actor;
    reviews.write(changes -> cameras.writeMany("register cameras of " + registration.getId(), created.stream().map(this::asNew).toList(), transaction -> {
      requireReplaced(transaction, entered, expected);
      changes.changed(transaction, registration.getId());
      if (decision.isPresent()) {
        audit.append(transaction, decision.get());
      }
      if (existing.isEmpty()) {
        OwnerStore.insert(transaction, owner);
        audit.append(transaction, AuditEntry.of(recorder, "OWNER_REGISTERED", "owner:" + owner.getId(), "registration " + registration.getId()));
      }
      for (Camera camera : created) {
        audit.append(transaction, AuditEntry.of(recorder, "CAMERA_REGISTERED", "camera:" + camera.getId(),
            "owner " + owner.getId() + ", registration " + registration.getId()));
      }
    }));
    return entered;
  }

  /** A camera as the directory stores a new one: its badge and times set. */
  private Camera asNew(Camera camera) {
    return cameras.prepareNew(camera, clock.instant());
  }

  private static void requireReplaced(Transaction transaction, OwnerRegistration registration, RegistrationStatus expected) throws java.sql.SQLException {
    if (!RegistrationStore.replace(transaction, registration, expected)) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "registration " + registration.getId() + " was already decided");
    }
  }

  private void mailRegistered(OwnerRegistration registration) {
    Map<String, Object> letter = new HashMap<>();
    letter.put("name", registration.getOwner().getDisplayName());
    letter.put("cameras", registration.getCamerasList().stream().map(RegisteredCameraDraft::getName).toList());
    letter.put("addsToEntry", registration.getAddsToExistingOwner());
    letter.put("manage", addresses.manageRequest());
    send(registration.getOwner().getEmail(), "Your cameras are registered", "registration-done.txt", letter);
  }

  /** A courtesy e-mail after the fact: the change stands even when the mail server fails. */
  private void send(String to, String subject, String template, Map<String, Object> letter) {
    try {
      mailer.send(to, subject, template, letter);
    } catch (Mailer.NotSent e) {
      LOG.log(Level.WARNING, "could not tell an owner: " + subject, e);
    }
  }
}
