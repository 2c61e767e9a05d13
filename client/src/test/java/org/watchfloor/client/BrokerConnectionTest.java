package org.watchfloor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.ConnectionState;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.server.BrokerServer;
import org.watchfloor.server.ServerSettings;

class BrokerConnectionTest {

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
