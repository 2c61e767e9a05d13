package org.watchfloor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.ConnectionState;
import org.watchfloor.client.net.LiveTicket;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.net.SessionEnd;
import org.watchfloor.client.net.StreamSize;
import org.watchfloor.client.net.VideoProtocol;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.server.BrokerServer;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;

class BrokerConnectionTest {

  private static final ViewPurpose CASE = new ViewPurpose("LEX-26-TEST-2", "", "renewal test");

  @TempDir Path dataDir;

  @Test
  void reportsReconnectingWhenBrokerStopsAndConnectedWhenItReturnsOnTheSamePort() throws Exception {
    BrokerServer server = startBroker(0);
    int port = server.grpcPort();
    LinkedBlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
    try (BrokerConnection connection = new BrokerConnection(new ServerAddress("127.0.0.1", port), "")) {
      connection.watchHealth(states::add);
      assertEquals(ConnectionState.CONNECTING, states.poll(5, TimeUnit.SECONDS));
      assertEquals(ConnectionState.CONNECTED, next(states, ConnectionState.CONNECTED));

      server.close();
      assertEquals(ConnectionState.RECONNECTING, next(states, ConnectionState.RECONNECTING));

      server = startBroker(port);
      assertEquals(ConnectionState.CONNECTED, next(states, ConnectionState.CONNECTED));
    } finally {
      server.close();
    }
  }

  /** Skips states on the way (a closing broker first says NOT_SERVING) until {@code wanted}. */
  private static ConnectionState next(LinkedBlockingQueue<ConnectionState> states, ConnectionState wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      ConnectionState state = states.poll(200, TimeUnit.MILLISECONDS);
      if (state == wanted) {
        return state;
      }
    }
    return null;
  }

  private BrokerServer startBroker(int port) throws Exception {
    return BrokerServer.start(
        new ServerSettings(dataDir, port, 0, "127.0.0.1", Optional.empty(), false), List.of());
  }

  @Test
  void aRenewalRefusedBecauseTheOwnerRevokedSaysConsentEndedAndAnEndedSessionSaysHowItEnded() throws Exception {
    try (DemoBroker broker = DemoBroker.start(dataDir); BrokerConnection ana = broker.connect("ana")) {
      LiveShareGrant always = broker.broker().grants().all().stream()
          .filter(grant -> grant.getScope() == GrantScope.GRANT_SCOPE_ALWAYS && grant.getStatus() == GrantStatus.GRANT_STATUS_ACTIVE)
          .findFirst().orElseThrow();
      List<VideoProtocol> playable = List.of(VideoProtocol.values());
      LiveTicket first = ana.openLive(always.getCameraId(), CASE, StreamSize.SUB, playable);
      LiveTicket second = ana.openLive(always.getCameraId(), CASE, StreamSize.SUB, playable);
      assertEquals(first.url(), ana.renewTicket(first).url(), "an open session renews");

      broker.broker().grants().revoke(new Actor("owner:" + always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
      // The revocation ended both sessions; the client learns it from the renewal, as after a missed event.
      BrokerRefusal ended = assertThrows(BrokerRefusal.class, () -> ana.renewTicket(first));
      assertEquals(BrokerRefusal.Reason.SESSION_ENDED, ended.reason());
      SessionEnd end = ended.sessionEnd().orElseThrow();
      assertEquals(new SessionEnd(first.sessionId(), always.getCameraId(), SessionEnd.Cause.CONSENT_ENDED, end.message()), end);
      assertFalse(end.message().contains("session_id"), "a message for a person: " + end.message());

      ana.closeSession(second.sessionId());
      assertEquals(SessionEnd.Cause.CONSENT_ENDED,
          assertThrows(BrokerRefusal.class, () -> ana.renewTicket(second)).sessionEnd().orElseThrow().cause(),
          "closing an ended session changes nothing");

      LiveTicket unknown = new LiveTicket("ses-never-opened", always.getCameraId(), first.url(), first.profile(), first.size(),
          first.renewAfter(), first.expiresAt());
      BrokerRefusal notFound = assertThrows(BrokerRefusal.class, () -> ana.renewTicket(unknown));
      assertEquals(BrokerRefusal.Reason.REFUSED, notFound.reason());
      assertTrue(notFound.sessionEnd().isEmpty());
    }
  }

  @Test
  void parsesServerAddressesAndNamesWhatIsWrong() {
    assertEquals(new ServerAddress("localhost", 50051), ServerAddress.parse("localhost:50051"));
    assertEquals(new ServerAddress("::1", 9000), ServerAddress.parse("[::1]:9000"));
    IllegalArgumentException noPort =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ServerAddress.parse("localhost"));
    assertTrue(noPort.getMessage().contains("HOST:PORT"), noPort.getMessage());
    IllegalArgumentException badPort =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ServerAddress.parse("localhost:99999"));
    assertTrue(badPort.getMessage().contains("65535"), badPort.getMessage());
  }
}
