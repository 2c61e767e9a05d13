package org.watchfloor.server.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.consent.FootageDesk;

/** Owners' e-mails over SMTP (GreenMail as the relay): the letter reaches the owner with a working link. */
class SmtpLetterTest {

  @RegisterExtension
  static final GreenMailExtension RELAY = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-7781").setReason("hit and run, grey pickup").build();
  private static final Actor ANALYST = new Actor("usr-test", "ana");

  @Test
  void aFootageRequestIsMailedToItsOwnerThroughTheRelayWithALinkThatOpensTheRequest() throws Exception {
    try (Broker broker = start(RELAY.getSmtp().getPort())) {
      FootageRequest request = ask(broker);
      assertEquals(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT, request.getStatus());
      assertTrue(request.hasSentAt());

      MimeMessage[] received = RELAY.getReceivedMessages();
      assertEquals(1, received.length);
      Owner owner = broker.footage().owner(request);
      assertEquals(owner.getEmail(), received[0].getAllRecipients()[0].toString());
      assertEquals("watchfloor@lexington.example", received[0].getFrom()[0].toString());
      String link = OwnerLetters.requestLink(received[0]);
      assertTrue(link.startsWith("https://watch.example.org/portal/r/"), link);

      // The public URL names the proxy in front of the broker; the path and token are the broker's own.
      String local = "http://127.0.0.1:" + broker.server().httpPort() + URI.create(link).getPath();
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(local)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains(CASE.getReason()));
      assertTrue(Files.notExists(dataDirectory.resolve("outbox")), "no .eml files when a relay is set");
    }
  }

  @Test
  void aRequestWhoseMailCannotBeHandedOverStaysPending() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (Broker broker = start(closedPort)) {
      assertEquals(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_PENDING, ask(broker).getStatus());
    }
  }

  @TempDir Path dataDirectory;

  private Broker start(int smtpPort) throws Exception {
    return Broker.start(
        new ServerSettings(dataDirectory, 0, 0, "127.0.0.1", Optional.empty(), true)
            .withPortal(
                new ServerSettings.Portal(
                    Optional.of("https://watch.example.org/"),
                    Optional.of(new ServerSettings.SmtpRelay("127.0.0.1", smtpPort)),
                    "watchfloor@lexington.example",
                    ServerSettings.Portal.DEFAULT_MAX_CLIP_BYTES)));
  }

  private static FootageRequest ask(Broker broker) {
    Camera camera =
        broker.cameras().snapshot().entities().stream()
            .filter(c -> c.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED && !c.getOwnerId().isEmpty())
            .findFirst().orElseThrow();
    Instant end = Instant.now().minus(Duration.ofMinutes(30));
    List<FootageRequest> made =
        broker.footage().request(ANALYST, "Analyst Ana",
            new FootageDesk.Ask(List.of(camera.getId()), end.minus(Duration.ofHours(1)), end, CASE, Optional.empty(), ""));
    assertEquals(1, made.size());
    return made.get(0);
  }
}
