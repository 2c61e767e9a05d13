package org.watchfloor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.sim.SettableClock;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;

/** Session expiry and the slow-down of repeated failures, on a real store with a clock the test moves. */
class SignInSessionsTest {

  private TestDatabase store;
  private SettableClock clock;
  private AuditLog audit;
  private UserDirectory users;

  @BeforeEach
  void open() throws Exception {
    store = TestDatabase.h2();
    clock = new SettableClock(Instant.parse("2026-03-01T08:00:00Z"));
    audit = new AuditLog(store.database(), clock);
    users = new UserDirectory(store.database(), audit, clock);
    users.create(Actor.SYSTEM, new UserDirectory.NewUser("kim", "Kim Analyst", EnumSet.of(Role.ROLE_ANALYST), "", "kim's long password"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void anExpiredSessionIsRefusedSayingWhenAndItsExpiryIsAuditedOnce() {
    UserDirectory.SignedIn signedIn = users.signIn("kim", "kim's long password", "test");
    assertEquals("kim", users.authenticate(signedIn.token()).username());

    clock.advance(UserDirectory.SESSION_LIFETIME);
    for (int attempt = 0; attempt < 2; attempt++) {
      Rejection expired = assertThrows(Rejection.class, () -> users.authenticate(signedIn.token()));
      assertEquals(Rejection.Kind.UNAUTHENTICATED, expired.kind());
      assertTrue(expired.getMessage().startsWith("authorization: the session "), expired.getMessage());
      assertTrue(expired.getMessage().contains("2026-03-01T20:00:00Z"), expired.getMessage());
    }
    assertEquals(1, rows("SESSION_EXPIRED").size());
  }

  @Test
  void afterThreeFailuresInARowEachAttemptWaitsTwiceAsLongAndIsAudited() {
    for (int failure = 1; failure <= 3; failure++) {
      Rejection wrong = assertThrows(Rejection.class, () -> users.signIn("kim", "a wrong password", "test"));
      assertEquals(Rejection.Kind.UNAUTHENTICATED, wrong.kind());
    }
    Rejection slowed = assertThrows(Rejection.class, () -> users.signIn("kim", "kim's long password", "test"));
    assertEquals(Rejection.Kind.RESOURCE_EXHAUSTED, slowed.kind());
    assertEquals("sign-in: too many failed attempts for kim; try again in 1 s", slowed.getMessage());

    clock.advance(Duration.ofSeconds(1));
    assertThrows(Rejection.class, () -> users.signIn("kim", "another wrong one", "test"));
    Rejection longer = assertThrows(Rejection.class, () -> users.signIn("kim", "kim's long password", "test"));
    assertEquals("sign-in: too many failed attempts for kim; try again in 2 s", longer.getMessage());

    clock.advance(Duration.ofSeconds(2));
    assertEquals("kim", users.signIn("kim", "kim's long password", "test").user().username());
    List<AuditRow> refused = rows("SIGN_IN_REFUSED");
    assertEquals(6, refused.size());
    assertTrue(refused.get(3).detail().startsWith("slowed down: 3 failed attempts in a row"), refused.get(3).detail());
    assertEquals(1, rows("SIGNED_IN").size());
    assertTrue(UserDirectory.nextAttemptAllowedAt(new org.watchfloor.server.store.UserStore.SignInState(
        Optional.empty(), 40, Optional.of(clock.instant()))).orElseThrow().equals(clock.instant().plus(UserDirectory.LONGEST_SIGN_IN_WAIT)));
  }

  private List<AuditRow> rows(String action) {
    return audit.query(new AuditFilter("", "", action, "", "", Optional.empty(), Optional.empty()), 0, false, 100);
  }
}
