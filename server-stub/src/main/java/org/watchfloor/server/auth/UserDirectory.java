package org.watchfloor.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.UserStore;
import org.watchfloor.server.store.UserStore.StoredUser;

/**
 * Broker users and their bearer tokens. A token is 256 random bits, shown once when the user is
 * created and stored only as its SHA-256.
 */
public final class UserDirectory {

  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new user with the only copy of its token. */
  public record IssuedUser(StoredUser user, String token) {}

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;

  public UserDirectory(Database database, AuditLog audit, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
  }

  /** The caller a bearer token belongs to, unless it is unknown or the user is disabled. */
  public Optional<Caller> authenticate(String token) {
    String hash = Sha256.hex(token);
    return database
        .inTransaction("authenticate", transaction -> UserStore.findByTokenHash(transaction, hash))
        .filter(user -> user.disabledAt().isEmpty())
        .map(UserDirectory::toCaller);
  }

  public IssuedUser create(Actor actor, String username, String displayName, String organization, Set<Role> roles) {
    if (!USERNAME.matcher(username).matches()) {
      throw Rejection.invalid(
          "username",
          "2 to 64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter; got '"
              + username
              + "'");
    }
    if (displayName.isBlank() || displayName.length() > 200) {
      throw Rejection.invalid("display_name", "must be 1 to 200 characters");
    }
    if (organization.isBlank() || organization.length() > 200) {
      throw Rejection.invalid("organization", "must be 1 to 200 characters");
    }
    if (roles.isEmpty() || roles.contains(Role.ROLE_UNSPECIFIED) || roles.contains(Role.UNRECOGNIZED)) {
      throw Rejection.invalid("roles", "name at least one of ANALYST, SUPERVISOR, ADMIN");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "wf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    StoredUser user =
        new StoredUser(
            "usr-" + UUID.randomUUID().toString().substring(0, 12),
            username,
            displayName,
            organization.strip(),
            roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")),
            clock.instant(),
            Optional.empty(),
            "");
    return database.inTransaction(
        "create user " + username,
        transaction -> {
          if (UserStore.findByUsername(transaction, username).isPresent()) {
            throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, "username '" + username + "' is taken");
          }
          UserStore.insert(transaction, user, Sha256.hex(token));
          audit.append(
              transaction,
              AuditEntry.of(actor, "USER_CHANGED", "user:" + user.id(), "created with roles " + user.roles()));
          return new IssuedUser(user, token);
        });
  }

  public StoredUser disable(Actor actor, String userId, String reason) {
    return database.inTransaction(
        "disable user " + userId,
        transaction -> {
          StoredUser user =
              UserStore.findById(transaction, userId)
                  .orElseThrow(() -> Rejection.notFound("no user with id '" + userId + "'"));
          if (user.disabledAt().isPresent()) {
            return user;
          }
          UserStore.disable(transaction, userId, clock.instant(), reason);
          audit.append(
              transaction, AuditEntry.of(actor, "USER_CHANGED", "user:" + userId, "disabled: " + reason));
          return UserStore.findById(transaction, userId).orElseThrow();
        });
  }

  public Optional<StoredUser> find(String userId) {
    return database.inTransaction("find user", transaction -> UserStore.findById(transaction, userId));
  }

  public List<StoredUser> page(String afterUsername, int limit, boolean includeDisabled) {
    return database.inTransaction(
        "list users", transaction -> UserStore.page(transaction, afterUsername, limit, includeDisabled));
  }

  public static Set<Role> roles(StoredUser user) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(user.roles().split(",")).filter(name -> !name.isEmpty()).map(Role::valueOf).forEach(roles::add);
    return roles;
  }

  private static Caller toCaller(StoredUser user) {
    return new Caller(user.id(), user.username(), user.displayName(), roles(user));
  }
}
