package org.watchfloor.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerList;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.ChannelSecurity;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.server.SelfSignedCertificate;

/** The client over TLS to a broker with its own certificate, and the refusals a wrong setting gets. */
class TlsConnectionTest {

  @TempDir Path dataDir;
  @TempDir Path certificates;

  @Test
  void signsInOverTlsTrustingTheBrokersCertificateAndNamesTheProblemOtherwise() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(certificates);
    try (DemoBroker broker = DemoBroker.start(dataDir, settings -> settings.withTls(certificate.tlsFiles()))) {
      BrokerList localhost = BrokerList.of(new ServerAddress("localhost", broker.grpcPort()));

      try (BrokerConnection trusting = new BrokerConnection(localhost, ChannelSecurity.trusting(certificate.certificate()), "")) {
        assertEquals("ana", trusting.signIn("ana", broker.password("ana")).username());
        assertEquals("ana", trusting.me().username());
      }

      try (BrokerConnection plaintext = new BrokerConnection(localhost, ChannelSecurity.PLAINTEXT, broker.token("ana"))) {
        BrokerRefusal refused = assertThrows(BrokerRefusal.class, plaintext::me);
        assertEquals(BrokerRefusal.Reason.BROKER_UNREACHABLE, refused.reason());
        assertTrue(refused.getMessage().contains("--tls"), refused.getMessage());
      }

      try (BrokerConnection systemTrust = new BrokerConnection(localhost, ChannelSecurity.systemTrust(), broker.token("ana"))) {
        BrokerRefusal refused = assertThrows(BrokerRefusal.class, systemTrust::me);
        assertEquals(BrokerRefusal.Reason.BROKER_UNREACHABLE, refused.reason());
        assertTrue(refused.getMessage().contains("certificate"), refused.getMessage());
      }
    }
  }

  @Test
  void aTrustFileWithoutACertificateIsNamed() throws Exception {
    Path notPem = Files.writeString(certificates.resolve("broker.key"), "not a certificate");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ChannelSecurity.trusting(notPem));
    assertTrue(refused.getMessage().contains("broker.key"), refused.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ChannelSecurity.trusting(certificates.resolve("absent.pem")));
    assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
  }
}
