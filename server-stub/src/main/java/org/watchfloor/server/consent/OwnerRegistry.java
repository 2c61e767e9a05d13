package org.watchfloor.server.consent;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerType;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.store.ProtoTime;

/** The people and businesses who register or share cameras, with how to reach them. */
public final class OwnerRegistry {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;

  public OwnerRegistry(Database database, AuditLog audit, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
  }

  /** Registers an owner; audited as OWNER_CREATED (the contact details stay out of the log). */
  public Owner create(Actor actor, Owner draft) {
    validate(draft);
    String id = draft.getId().isEmpty() ? "own-" + UUID.randomUUID().toString().substring(0, 12) : draft.getId();
    Owner owner =
        draft.toBuilder().setId(id).clearCameraIds().setCreatedAt(ProtoTime.toTimestamp(clock.instant())).build();
    return database.inTransaction(
        "register owner " + id,
        transaction -> {
          if (OwnerStore.find(transaction, id).isPresent()) {
            throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, "owner '" + id + "' already exists");
          }
          OwnerStore.insert(transaction, owner);
          audit.append(
              transaction,
              AuditEntry.of(actor, "OWNER_CREATED", "owner:" + id, owner.getType().name() + " " + owner.getDisplayName()));
          return owner;
        });
  }

  public Optional<Owner> get(String id) {
    return database.inTransaction("find owner", transaction -> OwnerStore.find(transaction, id));
  }

  public boolean exists(String id) {
    return get(id).isPresent();
  }

  public List<Owner> page(String text, String afterId, int limit) {
    return database.inTransaction("list owners", transaction -> OwnerStore.page(transaction, text, afterId, limit));
  }

  /** The contract's rule for Owner.email: an addr-spec such as name@example.org, at most 254 characters. */
  public static boolean isEmail(String email) {
    return email.length() <= 254 && EMAIL.matcher(email).matches();
  }

  /** The contract's rule for a non-empty Owner.phone: E.164 such as +18595551234. */
  public static boolean isPhone(String phone) {
    return PHONE.matcher(phone).matches();
  }

  private static void validate(Owner owner) {
    if (owner.getDisplayName().isBlank() || owner.getDisplayName().length() > 200) {
      throw Rejection.invalid("owner.display_name", "must be 1 to 200 characters");
    }
    if (owner.getOrganization().length() > 200) {
      throw Rejection.invalid("owner.organization", "must be at most 200 characters");
    }
    if (!isEmail(owner.getEmail())) {
      throw Rejection.invalid("owner.email", "must be an e-mail address such as name@example.org, got '" + owner.getEmail() + "'");
    }
    if (!owner.getPhone().isEmpty() && !isPhone(owner.getPhone())) {
      throw Rejection.invalid("owner.phone", "must be empty or E.164 such as +18595551234, got '" + owner.getPhone() + "'");
    }
    if (owner.getType() == OwnerType.OWNER_TYPE_UNSPECIFIED || owner.getType() == OwnerType.UNRECOGNIZED) {
      throw Rejection.invalid("owner.type", "name BUSINESS, RESIDENT or INSTITUTION");
    }
    try {
      ZoneId.of(owner.getTimeZone());
    } catch (DateTimeException e) {
      throw Rejection.invalid("owner.time_zone", "must be an IANA zone such as America/New_York, got '" + owner.getTimeZone() + "'");
    }
  }
}
