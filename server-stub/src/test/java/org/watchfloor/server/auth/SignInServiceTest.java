package org.watchfloor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.CreateUserRequest;
import org.watchfloor.proto.v1.DisableUserRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.ResetPasswordRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.SignInRequest;
import org.watchfloor.proto.v1.SignInResponse;
import org.watchfloor.proto.v1.User;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.sim.DemoWorld;

/**
 * Password sign-in over a real gRPC channel to a real broker: sessions, refusals, and their audit
 * rows. One broker for the class (starting one seeds the demo world); each test signs in as a
 * different user, so none sees another's rows.
 */
class SignInServiceTest {

  private static BrokerFixture broker;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerFixture.on(org.watchfloor.server.TestDatabase.Kind.H2);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void demoUserSignsInWithThePrintedPasswordAndSigningOutEndsTheSession() throws Exception {
    SignInResponse signedIn = signIn("ada", password("ada"));
    assertEquals("ada", signedIn.getUser().getUsername());
    assertTrue(signedIn.getUser().hasLastSignedInAt());
    assertEquals("Lexington City IT (demo)", signedIn.getUser().getOrganisation());
    assertTrue(signedIn.getExpiresAt().getSeconds() > System.currentTimeMillis() / 1000 + 11 * 3600);

    SessionServiceGrpc.SessionServiceBlockingStub asAda = sessions(signedIn.getSessionToken());
    assertEquals("ada", asAda.whoAmI(Empty.getDefaultInstance()).getUsername());
    asAda.signOut(Empty.getDefaultInstance());

    StatusRuntimeException after = assertThrows(StatusRuntimeException.class,
        () -> sessions(signedIn.getSessionToken()).whoAmI(Empty.getDefaultInstance()));
    assertEquals(Status.Code.UNAUTHENTICATED, after.getStatus().getCode());
    assertTrue(after.getStatus().getDescription().contains("signed out"), after.getStatus().getDescription());
    assertEquals(List.of("SIGNED_IN", "SIGNED_OUT"),
        audit("user:" + signedIn.getUser().getId()).stream().map(AuditEvent::getAction)
            .filter(action -> action.startsWith("SIGN")).toList());

    StatusRuntimeException bearer = assertThrows(StatusRuntimeException.class,
        () -> broker.as("ana", SessionServiceGrpc.newBlockingStub(broker.channel())).signOut(Empty.getDefaultInstance()));
    assertEquals(Status.Code.FAILED_PRECONDITION, bearer.getStatus().getCode());
  }

  @Test
  void wrongPasswordUnknownUserAndDisabledUserAreEachRefusedClearlyWithAnAuditRow() throws Exception {
    StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> signIn("ana", "not her password"));
    assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
    assertEquals("sign-in: user name or password is wrong", wrong.getStatus().getDescription());
    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> signIn("nobody", "whatever password"));
    assertEquals(wrong.getStatus().getDescription(), unknown.getStatus().getDescription());

    SessionServiceGrpc.SessionServiceBlockingStub admin = broker.as("ada", SessionServiceGrpc.newBlockingStub(broker.channel()));
    User dana = admin.createUser(CreateUserRequest.newBuilder().setUsername("dana.w").setDisplayName("Dana Whitfield")
        .addRoles(Role.ROLE_ANALYST).setOrganisation("Fayette County Sheriff").setPassword("correct horse battery").build()).getUser();
    assertTrue(dana.getHasPassword());
    String danaSession = signIn("dana.w", "correct horse battery").getSessionToken();
    admin.disableUser(DisableUserRequest.newBuilder().setUserId(dana.getId()).setReason("left the unit")
        .setExpectedRevision(dana.getRevision()).build());

    StatusRuntimeException disabled = assertThrows(StatusRuntimeException.class, () -> signIn("dana.w", "correct horse battery"));
    assertEquals(Status.Code.UNAUTHENTICATED, disabled.getStatus().getCode());
    assertEquals("sign-in: dana.w is disabled: left the unit; ask an admin", disabled.getStatus().getDescription());
    StatusRuntimeException oldSession = assertThrows(StatusRuntimeException.class,
        () -> sessions(danaSession).whoAmI(Empty.getDefaultInstance()));
    assertTrue(oldSession.getStatus().getDescription().contains("user disabled"), oldSession.getStatus().getDescription());

    String anaId = broker.as("ana", SessionServiceGrpc.newBlockingStub(broker.channel())).whoAmI(Empty.getDefaultInstance()).getId();
    List<String> targets = List.of("user:" + anaId, "username:nobody", "user:" + dana.getId());
    List<AuditEvent> refused = broker.as("sam", AuditServiceGrpc.newBlockingStub(broker.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setAction("SIGN_IN_REFUSED").build()).getEventsList().stream()
        .filter(event -> targets.contains(event.getTarget())).toList();
    assertEquals(3, refused.size(), refused.toString());
    assertTrue(refused.get(0).getDetail().startsWith("wrong password (failure 1 in a row); from "), refused.get(0).getDetail());
    assertEquals("anonymous", refused.get(1).getUserId());
    assertEquals("username:nobody", refused.get(1).getTarget());
    assertEquals("user:" + dana.getId(), refused.get(2).getTarget());
    assertTrue(refused.get(2).getDetail().startsWith("user is disabled"), refused.get(2).getDetail());
  }

  @Test
  void resetPasswordEndsOpenSessionsAndOnlyTheNewPasswordSignsIn() throws Exception {
    String session = signIn("sam", password("sam")).getSessionToken();
    SessionServiceGrpc.SessionServiceBlockingStub admin = broker.as("ada", SessionServiceGrpc.newBlockingStub(broker.channel()));
    User sam = sessions(session).whoAmI(Empty.getDefaultInstance());
    String samId = sam.getId();

    StatusRuntimeException tooShort = assertThrows(StatusRuntimeException.class,
        () -> admin.resetPassword(ResetPasswordRequest.newBuilder().setUserId(samId).setNewPassword("short")
            .setExpectedRevision(sam.getRevision()).build()));
    assertEquals("new_password: at least 12 characters", tooShort.getStatus().getDescription());
    admin.resetPassword(ResetPasswordRequest.newBuilder().setUserId(samId).setNewPassword("a new long password")
        .setExpectedRevision(sam.getRevision()).build());

    StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, () -> sessions(session).whoAmI(Empty.getDefaultInstance()));
    assertTrue(ended.getStatus().getDescription().contains("password reset"), ended.getStatus().getDescription());
    assertThrows(StatusRuntimeException.class, () -> signIn("sam", password("sam")));
    assertEquals("sam", signIn("sam", "a new long password").getUser().getUsername());
    assertTrue(audit("user:" + samId).stream().anyMatch(event -> event.getAction().equals("USER_CHANGED")
        && event.getDetail().equals("password reset; 1 session(s) ended")));
  }

  private SignInResponse signIn(String username, String password) {
    return SessionServiceGrpc.newBlockingStub(broker.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .signIn(SignInRequest.newBuilder().setUsername(username).setPassword(password).build());
  }

  private SessionServiceGrpc.SessionServiceBlockingStub sessions(String token) {
    return SessionServiceGrpc.newBlockingStub(broker.channel()).withCallCredentials(BrokerFixture.bearer(token))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private List<AuditEvent> audit(String target) throws Exception {
    return broker.as("sam", AuditServiceGrpc.newBlockingStub(broker.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setTarget(target).build()).getEventsList();
  }

  private String password(String username) throws Exception {
    for (DemoWorld.DemoCredential credential :
        new ObjectMapper().readValue(broker.dataDir().resolve(DemoWorld.CREDENTIALS_FILE).toFile(), DemoWorld.DemoCredential[].class)) {
      if (credential.username().equals(username)) {
        return credential.password();
      }
    }
    throw new IllegalArgumentException("no demo user " + username);
  }
}
