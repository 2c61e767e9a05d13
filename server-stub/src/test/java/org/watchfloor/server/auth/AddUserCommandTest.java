package org.watchfloor.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.SignInRequest;
import org.watchfloor.proto.v1.SignInResponse;
import org.watchfloor.server.Broker;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.WatchfloorServer;
import picocli.CommandLine;

/**
 * A center without the demo gets its first admin from the server's own command: the printed
 * password signs in over a real channel, the creation is in the audit log, and a refused request
 * changes nothing.
 */
class AddUserCommandTest {

  private record Run(int exit, String out, String err) {}

  @Test
  void theFirstAdminOfACenterWithoutTheDemoSignsInWithThePrintedPasswordAndIsAudited(@TempDir Path dataDir) throws Exception {
    Run created = addUser(dataDir, "--username", "chief", "--display-name", "Chief of Analysts", "--role", "ADMIN,SUPERVISOR",
        "--organisation", "Lexington Police Department");
    assertEquals(0, created.exit(), created.err());
    Matcher password = Pattern.compile("password: (\\S+)").matcher(created.out());
    assertTrue(password.find(), created.out());

    // The same name again is refused, naming it, and the first user is untouched.
    Run again = addUser(dataDir, "--username", "chief", "--display-name", "Someone else", "--role", "ANALYST");
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("chief already exists"), again.err());
    Run wrongRole = addUser(dataDir, "--username", "deputy", "--display-name", "Deputy", "--role", "SHERIFF");
    assertEquals(2, wrongRole.exit());
    assertTrue(wrongRole.err().contains("--role must be ANALYST, SUPERVISOR or ADMIN, not 'SHERIFF'"), wrongRole.err());

    try (Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), false))) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", broker.server().grpcPort(), InsecureChannelCredentials.create()).build();
      try {
        SignInResponse signedIn = SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .signIn(SignInRequest.newBuilder().setUsername("chief").setPassword(password.group(1)).build());
        assertEquals("Chief of Analysts", signedIn.getUser().getDisplayName());
        assertEquals(List.of(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN), signedIn.getUser().getRolesList().stream().sorted().toList());
        assertEquals("chief", SessionServiceGrpc.newBlockingStub(channel).withCallCredentials(BrokerFixture.bearer(signedIn.getSessionToken()))
            .whoAmI(Empty.getDefaultInstance()).getUsername());

        List<AuditEvent> creation = AuditServiceGrpc.newBlockingStub(channel).withCallCredentials(BrokerFixture.bearer(signedIn.getSessionToken()))
            .queryAudit(QueryAuditRequest.newBuilder().setTarget("user:" + signedIn.getUser().getId()).build()).getEventsList();
        assertTrue(creation.stream().anyMatch(event -> event.getAction().equals("USER_CHANGED") && event.getUserId().equals("console")
            && event.getDetail().contains("created with roles")), creation.toString());
        assertEquals(0, AuditServiceGrpc.newBlockingStub(channel).withCallCredentials(BrokerFixture.bearer(signedIn.getSessionToken()))
            .queryAudit(QueryAuditRequest.newBuilder().setAction("USER_CHANGED").build()).getEventsList().stream()
            .filter(event -> event.getDetail().contains("ANALYST")).count(), "the refused requests created no one");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static Run addUser(Path dataDir, String... options) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new WatchfloorServer());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    String[] arguments = new String[options.length + 3];
    arguments[0] = "add-user";
    arguments[1] = "--data-dir";
    arguments[2] = dataDir.toString();
    System.arraycopy(options, 0, arguments, 3, options.length);
    return new Run(command.execute(arguments), out.toString(), err.toString());
  }
}
