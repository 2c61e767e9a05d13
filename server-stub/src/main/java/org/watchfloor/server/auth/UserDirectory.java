package org.watchfloor.server.auth;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.watchfloor.server.store.SignInSessionStore;
import org.watchfloor.server.store.SignInSessionStore.StoredSession;
import org.watchfloor.server.store.Transaction;
import org.watchfloor.server.store.UserStore;
import org.watchfloor.server.store.UserStore.SignInState;
import org.watchfloor.server.store.UserStore.StoredUser;

/**
 * Broker users, their passwords and the ways they sign in: a session token from a password
 * sign-in (expires after a shift, ends at sign-out), or the user's bearer token for scripts. Every
 * token is 256 random bits, shown once and stored only as its SHA-256; passwords only as Argon2id.
 */
public final class UserDirectory {

  /** One shift: a session opened at the start of one is gone before the next begins. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
  /** Failed attempts in a row that are free; each one after waits twice as long as the last. */
  static final int FREE_FAILED_SIGN_INS = 3;
  static final Duration LONGEST_SIGN_IN_WAIT = Duration.ofMinutes(5);
  private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String WRONG_CREDENTIALS = "sign-in: user name or password is wrong";

  /** What an admin gives for a new user; an empty password means bearer token only. */
  public record NewUser(String username, String displayName, Set<Role> roles, String organisation, String password) {}

  /** A new user with the only copy of its token. */
  public record IssuedUser(StoredUser user, String token) {}

  /** An opened session with the only copy of its token. */
  public record SignedIn(StoredUser user, String token, Instant expiresAt) {}

  /**
   * The result of work that must commit its audit row even when it refuses: the refusal is thrown
   * only after the transaction committed.
   */
  private record Outcome<T>(T value, Rejection refusal) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> refused(Rejection refusal) {
      return new Outcome<>(null, refusal);
    }

    T orThrow() {
      if (refusal != null) {
        throw refusal;
      }
      return value;
    }
  }

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;
  private final PasswordHasher passwords = new PasswordHasher();

  public UserDirectory(Database database, AuditLog audit, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The caller a session token or a user's bearer token belongs to.
   *
   * @throws Rejection UNAUTHENTICATED naming why (unknown, expired, ended, disabled); the first
   *     refusal of an expired session is audited
   */
  public Caller authenticate(String token) {
    String hash = Sha256.hex(token);
    return database.inTransaction("authenticate", transaction -> {
      Optional<StoredSession> session = SignInSessionStore.findByTokenHash(transaction, hash);
      if (session.isPresent()) {
        return sessionCaller(transaction, session.get());
      }
      StoredUser user = UserStore.findByTokenHash(transaction, hash)
          .orElseThrow(() -> Rejection.unauthenticated(
              "authorization: the token is unknown; sign in again, or ask an admin for a new bearer token"));
      return Outcome.of(caller(enabled(user), ""));
    }).orThrow();
  }

  private Outcome<Caller> sessionCaller(Transaction transaction, StoredSession session) throws SQLException {
    if (session.endedAt().isPresent()) {
      return Outcome.refused(Rejection.unauthenticated(
          "authorization: the session ended at " + session.endedAt().get() + " (" + session.endReason() + "); sign in again"));
    }
    StoredUser user = UserStore.findById(transaction, session.userId()).orElseThrow();
    if (!clock.instant().isBefore(session.expiresAt())) {
      if (SignInSessionStore.end(transaction, session.id(), session.expiresAt(), "expired")) {
        audit.append(transaction, AuditEntry.of(actor(user), "SESSION_EXPIRED", "user:" + user.id(),
            "session " + session.id() + " opened " + session.createdAt() + " expired " + session.expiresAt()));
      }
      return Outcome.refused(Rejection.unauthenticated(
          "authorization: the session expired at " + session.expiresAt() + "; sign in again"));
    }
    return Outcome.of(caller(enabled(user), session.id()));
  }

  private static StoredUser enabled(StoredUser user) {
    if (user.disabledAt().isPresent()) {
      throw Rejection.unauthenticated("authorization: user " + user.username() + " is disabled: " + user.disabledReason() + "; ask an admin");
    }
    return user;
  }

  /**
   * Checks a user name and password and opens a session; every attempt is audited, and after
   * {@value #FREE_FAILED_SIGN_INS} failures in a row each attempt must wait longer.
   *
   * @param from where the attempt came from, for the audit row (e.g. a remote address)
   */
  public SignedIn signIn(String username, String password, String from) {
    if (username.isBlank()) {
      throw Rejection.invalid("username", "required");
    }
    if (password.isEmpty()) {
      throw Rejection.invalid("password", "required");
    }
    Optional<StoredUser> found = database.inTransaction("find user", transaction -> UserStore.findByUsername(transaction, username));
    if (found.isEmpty()) {
      passwords.matchDecoy(password);
      String typed = username.length() > 64 ? username.substring(0, 64) : username;
      database.inTransaction("audit sign-in", transaction -> audit.append(transaction,
          AuditEntry.of(new Actor("anonymous", typed), "SIGN_IN_REFUSED", "username:" + typed, "no such user; from " + from)));
      throw Rejection.unauthenticated(WRONG_CREDENTIALS);
    }
    StoredUser user = found.get();
    SignInState state = database.inTransaction("read sign-in state", transaction -> UserStore.signInState(transaction, user.id()));
    Instant now = clock.instant();
    Optional<Instant> allowedAt = nextAttemptAllowedAt(state);
    if (allowedAt.isPresent() && now.isBefore(allowedAt.get())) {
      long seconds = Math.max(1, Duration.between(now, allowedAt.get()).toSeconds());
      return database.inTransaction("audit sign-in", transaction -> {
        audit.append(transaction, AuditEntry.of(actor(user), "SIGN_IN_REFUSED", "user:" + user.id(),
            "slowed down: " + state.failedSignIns() + " failed attempts in a row, next allowed at " + allowedAt.get() + "; from " + from));
        return Outcome.<SignedIn>refused(Rejection.of(Rejection.Kind.RESOURCE_EXHAUSTED,
            "sign-in: too many failed attempts for " + user.username() + "; try again in " + seconds + " s"));
      }).orThrow();
    }
    boolean matches = state.passwordHash().map(hash -> passwords.matches(password, hash)).orElseGet(() -> {
      passwords.matchDecoy(password);
      return false;
    });
    return database.inTransaction("sign in " + user.username(), transaction -> {
      if (!matches) {
        UserStore.recordFailedSignIn(transaction, user.id(), now);
        audit.append(transaction, AuditEntry.of(actor(user), "SIGN_IN_REFUSED", "user:" + user.id(),
            (state.passwordHash().isPresent() ? "wrong password" : "no password set")
                + " (failure " + (state.failedSignIns() + 1) + " in a row); from " + from));
        return Outcome.<SignedIn>refused(Rejection.unauthenticated(WRONG_CREDENTIALS));
      }
      if (user.disabledAt().isPresent()) {
        audit.append(transaction, AuditEntry.of(actor(user), "SIGN_IN_REFUSED", "user:" + user.id(), "user is disabled; from " + from));
        return Outcome.<SignedIn>refused(Rejection.unauthenticated(
            "sign-in: " + user.username() + " is disabled: " + user.disabledReason() + "; ask an admin"));
      }
      String token = newToken("wfs_");
      StoredSession session = new StoredSession(
          "sig-" + UUID.randomUUID().toString().substring(0, 12), user.id(), now, now.plus(SESSION_LIFETIME), Optional.empty(), "");
      SignInSessionStore.insert(transaction, session, Sha256.hex(token));
      UserStore.recordSignIn(transaction, user.id(), now);
      audit.append(transaction, AuditEntry.of(actor(user), "SIGNED_IN", "user:" + user.id(),
          "session " + session.id() + " until " + session.expiresAt() + "; from " + from));
      return Outcome.of(new SignedIn(UserStore.findById(transaction, user.id()).orElseThrow(), token, session.expiresAt()));
    }).orThrow();
  }

  /** When the next attempt may be checked: none before, after too many failures in a row. */
  static Optional<Instant> nextAttemptAllowedAt(SignInState state) {
    int over = state.failedSignIns() - FREE_FAILED_SIGN_INS;
    if (over < 0 || state.lastFailedAt().isEmpty()) {
      return Optional.empty();
    }
    long waitSeconds = Math.min(LONGEST_SIGN_IN_WAIT.toSeconds(), 1L << Math.min(over, 30));
    return Optional.of(state.lastFailedAt().get().plusSeconds(waitSeconds));
  }

  /** Ends the caller's session; refused for a caller who came with a bearer token (there is no session). */
  public void signOut(Caller caller) {
    if (caller.signInSessionId().isEmpty()) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
          "authorization: this is a user's bearer token, not a session; it cannot sign out");
    }
    database.inTransaction("sign out", transaction -> {
      if (SignInSessionStore.end(transaction, caller.signInSessionId(), clock.instant(), "signed out")) {
        audit.append(transaction, AuditEntry.of(caller.actor(), "SIGNED_OUT", "user:" + caller.userId(), "session " + caller.signInSessionId()));
      }
      return null;
    });
  }

  public IssuedUser create(Actor actor, NewUser request) {
    if (!USERNAME.matcher(request.username()).matches()) {
      throw Rejection.invalid(
          "username",
          "2 to 64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter; got '"
              + request.username()
              + "'");
    }
    if (request.displayName().isBlank() || request.displayName().length() > 200) {
      throw Rejection.invalid("display_name", "must be 1 to 200 characters");
    }
    Set<Role> roles = request.roles();
    if (roles.isEmpty() || roles.contains(Role.ROLE_UNSPECIFIED) || roles.contains(Role.UNRECOGNIZED)) {
      throw Rejection.invalid("roles", "name at least one of ANALYST, SUPERVISOR, ADMIN");
    }
    if (request.organisation().length() > 200) {
      throw Rejection.invalid("organisation", "at most 200 characters");
    }
    Optional<String> passwordHash = request.password().isEmpty() ? Optional.empty() : Optional.of(hashChecked("password", request.password()));
    String token = newToken("wf_");
    StoredUser user =
        new StoredUser(
            "usr-" + UUID.randomUUID().toString().substring(0, 12),
            request.username(),
            request.displayName(),
            storedRoles(roles),
            clock.instant(),
            Optional.empty(),
            "",
            request.organisation(),
            Optional.empty(),
            passwordHash.isPresent(),
            1);
    return database.inTransaction(
        "create user " + request.username(),
        transaction -> {
          if (UserStore.findByUsername(transaction, request.username()).isPresent()) {
            throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, "username: " + request.username() + " already exists");
          }
          UserStore.insert(transaction, user, Sha256.hex(token), passwordHash);
          audit.append(
              transaction,
              AuditEntry.of(actor, "USER_CHANGED", "user:" + user.id(),
                  "created with roles " + user.roles()
                      + (user.organisation().isEmpty() ? "" : ", organisation " + user.organisation())
                      + (passwordHash.isPresent() ? ", with a password" : ", bearer token only")));
          return new IssuedUser(user, token);
        });
  }

  public StoredUser disable(Actor actor, String userId, String reason, long expectedRevision) {
    Rejection.requireBaseRevision("user", expectedRevision);
    return database.inTransaction(
        "disable user " + userId,
        transaction -> {
          StoredUser user = current(transaction, userId, expectedRevision);
          if (user.disabledAt().isPresent()) {
            return user;
          }
          Instant now = clock.instant();
          UserStore.disable(transaction, userId, now, reason);
          int ended = SignInSessionStore.endAllOf(transaction, userId, now, "user disabled");
          audit.append(
              transaction, AuditEntry.of(actor, "USER_CHANGED", "user:" + userId,
                  "disabled: " + reason + (ended > 0 ? "; " + ended + " session(s) ended" : "")));
          return UserStore.findById(transaction, userId).orElseThrow();
        });
  }

  /** Sets a user's password and ends their open sessions, so only the new one works from now on. */
  public StoredUser resetPassword(Actor actor, String userId, String newPassword, long expectedRevision) {
    if (userId.isEmpty()) {
      throw Rejection.invalid("user_id", "required");
    }
    Rejection.requireBaseRevision("user", expectedRevision);
    String hash = hashChecked("new_password", newPassword);
    return database.inTransaction("reset password of " + userId, transaction -> {
      current(transaction, userId, expectedRevision);
      UserStore.setPasswordHash(transaction, userId, hash);
      int ended = SignInSessionStore.endAllOf(transaction, userId, clock.instant(), "password reset");
      audit.append(transaction, AuditEntry.of(actor, "USER_CHANGED", "user:" + userId,
          "password reset" + (ended > 0 ? "; " + ended + " session(s) ended" : "")));
      return UserStore.findById(transaction, userId).orElseThrow();
    });
  }

  /** What an admin may change about a user; an empty Optional leaves that field as it is. */
  public record ProfileChange(Optional<String> displayName, Optional<Set<Role>> roles, Optional<String> organisation) {}

  /**
   * Changes a user's display name, roles or organisation, unless the user changed since
   * {@code expectedRevision} (ABORTED). Audited with the new values.
   */
  public StoredUser update(Caller caller, String userId, ProfileChange change, long expectedRevision) {
    Rejection.requireBaseRevision("user", expectedRevision);
    change.displayName().ifPresent(name -> {
      if (name.isBlank() || name.length() > 200) {
        throw Rejection.invalid("user.display_name", "must be 1 to 200 characters");
      }
    });
    change.roles().ifPresent(roles -> {
      if (roles.isEmpty() || roles.contains(Role.ROLE_UNSPECIFIED) || roles.contains(Role.UNRECOGNIZED)) {
        throw Rejection.invalid("user.roles", "name at least one of ANALYST, SUPERVISOR, ADMIN");
      }
      if (userId.equals(caller.userId()) && !roles.contains(Role.ROLE_ADMIN)) {
        throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "user.roles: an admin cannot remove ADMIN from their own roles");
      }
    });
    change.organisation().ifPresent(organisation -> {
      if (organisation.length() > 200) {
        throw Rejection.invalid("user.organisation", "at most 200 characters");
      }
    });
    return database.inTransaction("update user " + userId, transaction -> {
      StoredUser user = current(transaction, userId, expectedRevision);
      String displayName = change.displayName().orElse(user.displayName());
      String roles = change.roles().map(UserDirectory::storedRoles).orElse(user.roles());
      String organisation = change.organisation().orElse(user.organisation());
      UserStore.updateProfile(transaction, userId, displayName, roles, organisation);
      List<String> changed = new java.util.ArrayList<>();
      change.displayName().ifPresent(name -> changed.add("display name " + name));
      change.roles().ifPresent(set -> changed.add("roles " + roles));
      change.organisation().ifPresent(value -> changed.add("organisation " + (value.isEmpty() ? "(none)" : value)));
      audit.append(transaction, AuditEntry.of(caller.actor(), "USER_CHANGED", "user:" + userId, "changed " + String.join(", ", changed)));
      return UserStore.findById(transaction, userId).orElseThrow();
    });
  }

  /** The user as stored, locked for this transaction, refused when it changed since {@code expectedRevision}. */
  private static StoredUser current(Transaction transaction, String userId, long expectedRevision) throws SQLException {
    long revision = UserStore.revisionForUpdate(transaction, userId)
        .orElseThrow(() -> Rejection.notFound("user_id: user " + userId + " not found"));
    Rejection.requireCurrent("user", userId, expectedRevision, revision);
    return UserStore.findById(transaction, userId).orElseThrow();
  }

  private static String storedRoles(Set<Role> roles) {
    return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
  }

  private String hashChecked(String field, String password) {
    if (password.codePointCount(0, password.length()) < 12) {
      throw Rejection.invalid(field, "at least 12 characters");
    }
    if (password.codePointCount(0, password.length()) > 128) {
      throw Rejection.invalid(field, "at most 128 characters");
    }
    if (password.isBlank()) {
      throw Rejection.invalid(field, "must not be all whitespace");
    }
    return passwords.hash(password);
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

  private static Caller caller(StoredUser user, String signInSessionId) {
    return new Caller(user.id(), user.username(), user.displayName(), roles(user), signInSessionId);
  }

  private static Actor actor(StoredUser user) {
    return new Actor(user.id(), user.username());
  }

  /** 16 characters from an alphabet without look-alikes (about 80 bits), easy to type from the console. */
  public static String newPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return password.toString();
  }

  private static String newToken(String prefix) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
