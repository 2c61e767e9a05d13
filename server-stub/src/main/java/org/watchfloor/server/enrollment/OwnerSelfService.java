package org.watchfloor.server.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraValidation;
import org.watchfloor.server.consent.GrantBook;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.LiveConnectionStore;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.store.RegistrationStore;
import org.watchfloor.server.store.ShareLinkStore;

/**
 * What an owner does with their own entry from the manage page: change cameras and contact
 * details, add cameras, and withdraw (cameras leave the directory at once, personal data is deleted,
 * the audit keeps ids and the fact). Every change is audited as the owner.
 */
public final class OwnerSelfService {

  public static final Duration MANAGE_LINK_VALIDITY = Duration.ofHours(24);
  /** What the audit shows as the name of an owner who withdrew. */
  public static final String WITHDRAWN_NAME = "withdrawn owner";

  private final Database database;
  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final GrantBook grants;
  private final ShareLinks links;
  private final Mailer mailer;
  private final EnrollmentLinks addresses;
  private final RateLimits limits;
  private final LiveConnections liveConnections;
  private final Clock clock;

  public OwnerSelfService(
      Database database,
      AuditLog audit,
      CameraDirectory cameras,
      GrantBook grants,
      ShareLinks links,
      Mailer mailer,
      EnrollmentLinks addresses,
      RateLimits limits,
      LiveConnections liveConnections,
      Clock clock) {
    this.database = database;
    this.audit = audit;
    this.cameras = cameras;
    this.grants = grants;
    this.links = links;
    this.mailer = mailer;
    this.addresses = addresses;
    this.limits = limits;
    this.liveConnections = liveConnections;
    this.clock = clock;
  }

  /**
   * E-mails a manage link to {@code email} when it belongs to an owner; otherwise sends nothing. The
   * caller answers the same either way, and both count toward the rate limits, so the page never
   * tells whether an address is registered.
   */
  public void sendManageLink(String email, String clientAddress) {
    Instant expiresAt = clock.instant().plus(MANAGE_LINK_VALIDITY);
    Optional<Map.Entry<Owner, String>> issued =
        database.inTransaction("issue manage link", transaction -> {
          limits.spend(transaction, clientAddress, email);
          Optional<Owner> owner = OwnerStore.findByEmail(transaction, email);
          if (owner.isEmpty()) {
            return Optional.empty();
          }
          String ownerId = owner.get().getId();
          String token = links.issue(transaction, ShareLinks.Use.MANAGE_ENTRY, ownerId, ownerId, expiresAt);
          audit.append(transaction, AuditEntry.of(Actor.SYSTEM, "PORTAL_LINK_ISSUED", "owner:" + ownerId, "manage entry, asked for by e-mail, valid until " + expiresAt));
          return Optional.of(Map.entry(owner.get(), token));
        });
    issued.ifPresent(found -> mailer.send(found.getKey().getEmail(), "Manage your registered cameras", "manage-link.txt",
        Map.of("name", found.getKey().getDisplayName(), "link", addresses.manageEntry(found.getValue()), "hours", MANAGE_LINK_VALIDITY.toHours())));
  }

  /** Replaces the owner's name, kind, organization, e-mail and phone; audited with the fields' names only. */
  public Owner updateContact(Owner owner, Owner contact) {
    Owner changed =
        owner.toBuilder()
            .setDisplayName(contact.getDisplayName())
            .setOrganization(contact.getOrganization())
            .setEmail(contact.getEmail())
            .setPhone(contact.getPhone())
            .setType(contact.getType())
            .build();
    List<String> fields = new ArrayList<>();
    if (!owner.getDisplayName().equals(changed.getDisplayName())) fields.add("name");
    if (!owner.getOrganization().equals(changed.getOrganization())) fields.add("organization");
    if (!owner.getEmail().equalsIgnoreCase(changed.getEmail())) fields.add("email");
    if (!owner.getPhone().equals(changed.getPhone())) fields.add("phone");
    if (owner.getType() != changed.getType()) fields.add("type");
    if (fields.isEmpty()) {
      return owner;
    }
    database.inTransaction("update owner " + owner.getId(), transaction -> {
      Optional<Owner> holder = OwnerStore.findByEmail(transaction, changed.getEmail());
      if (holder.isPresent() && !holder.get().getId().equals(owner.getId())) {
        throw Rejection.invalid("email", "another entry is registered with this address; use one of your own");
      }
      OwnerStore.updateContact(transaction, changed);
      audit.append(transaction, AuditEntry.of(actor(owner), "OWNER_UPDATED", "owner:" + owner.getId(), "changed " + String.join(", ", fields)));
      return null;
    });
    return changed;
  }

  /** Replaces what the owner described about one of their cameras. */
  public Camera editCamera(Owner owner, String cameraId, RegisteredCameraDraft draft) {
    Camera current = ownCamera(owner, cameraId);
    // The owner's form was filled from this revision; the directory checks and validates the edit.
    return cameras.update(actor(owner), cameraId, current.getRevision(),
        latest -> RegisteredCameras.edited(latest, draft, owner), Map.of(), "changed by its owner");
  }

  /** Takes one camera out of the directory; sharing on it ends first. */
  public void removeCamera(Owner owner, String cameraId) {
    ownCamera(owner, cameraId);
    endSharing(owner, cameraId);
    cameras.delete(actor(owner), cameraId, "removed by its owner");
    liveConnections.reviews().write(recorder -> database.inTransaction("cancel live connection of " + cameraId, transaction -> {
      liveConnections.cancel(transaction, recorder, cameraId);
      return null;
    }));
  }

  /** Adds cameras to the owner's entry at once (Level 1). */
  public List<Camera> addCameras(Owner owner, List<RegisteredCameraDraft> drafts) {
    Instant now = clock.instant();
    List<Camera> created = new ArrayList<>();
    for (RegisteredCameraDraft draft : drafts) {
      Camera camera = RegisteredCameras.toCamera(draft, "cam-" + UUID.randomUUID().toString().substring(0, 13), owner, "manage:" + owner.getId());
      CameraValidation.requireValid(camera, "camera");
      created.add(cameras.prepareNew(camera, now));
    }
    return cameras.writeMany("owner " + owner.getId() + " adds cameras", created, transaction -> {
      for (Camera camera : created) {
        audit.append(transaction, AuditEntry.of(actor(owner), "CAMERA_REGISTERED", "camera:" + camera.getId(), "owner " + owner.getId() + ", added on the manage page"));
      }
    });
  }

  /**
   * The owner leaves: every live share ends, their cameras leave the directory (watchers see it at
   * once), their contact details, registrations and links are deleted, and their name is taken off
   * their audit rows. The audit keeps the ids and the fact (OWNER_WITHDRAWN).
   */
  public void withdraw(Owner owner) {
    List<String> cameraIds = List.copyOf(owner.getCameraIdsList());
    for (String cameraId : cameraIds) {
      endSharing(owner, cameraId);
      cameras.delete(actor(owner), cameraId, "its owner withdrew");
    }
    liveConnections.reviews().write(recorder -> database.inTransaction("withdraw owner " + owner.getId(), transaction -> {
      for (String cameraId : cameraIds) {
        liveConnections.cancel(transaction, recorder, cameraId);
      }
      LiveConnectionStore.deleteOf(transaction, owner.getId());
      OwnerStore.withdraw(transaction, owner.getId(), clock.instant());
      RegistrationStore.deleteOwnerData(transaction, owner.getId(), owner.getEmail());
      ShareLinkStore.deleteHeldBy(transaction, owner.getId());
      AuditStore.forgetActorName(transaction, "owner:" + owner.getId(), WITHDRAWN_NAME);
      audit.append(transaction, AuditEntry.of(new Actor("owner:" + owner.getId(), WITHDRAWN_NAME), "OWNER_WITHDRAWN", "owner:" + owner.getId(),
          cameraIds.isEmpty() ? "no cameras" : "cameras removed: " + String.join(", ", cameraIds)));
      return null;
    }));
  }

  private void endSharing(Owner owner, String cameraId) {
    for (LiveShareGrant grant : grants.all()) {
      if (grant.getCameraId().equals(cameraId)
          && (grant.getStatus() == GrantStatus.GRANT_STATUS_ACTIVE || grant.getStatus() == GrantStatus.GRANT_STATUS_PAUSED)) {
        grants.revoke(actor(owner), owner.getId(), grant.getId());
      }
    }
  }

  private Camera ownCamera(Owner owner, String cameraId) {
    return cameras.get(cameraId)
        .filter(camera -> camera.getOwnerId().equals(owner.getId()))
        .orElseThrow(() -> Rejection.notFound("camera_id: you have no camera with id '" + cameraId + "'"));
  }

  private static Actor actor(Owner owner) {
    return Actor.owner(owner.getId(), owner.getDisplayName());
  }
}
