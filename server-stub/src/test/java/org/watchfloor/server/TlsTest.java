package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC over TLS with a certificate made by openssl: a client trusting it connects, plaintext does not. */
class TlsTest {

  @TempDir Path dataDir;

  @Test
  void aClientTrustingTheCertificateConnectsAndAPlaintextClientIsRefused() throws Exception {
    SelfSignedCertificate broker = SelfSignedCertificate.create(dataDir);
    Path certificate = broker.certificate();

    try (BrokerServer server =
        BrokerServer.start(
            new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), false,
                Optional.of(broker.tlsFiles())),
            List.of())) {
      ManagedChannel tls =
          Grpc.newChannelBuilderForAddress("localhost", server.grpcPort(),
                  TlsChannelCredentials.newBuilder().trustManager(certificate.toFile()).build())
              .build();
      ManagedChannel plaintext =
          Grpc.newChannelBuilderForAddress("localhost", server.grpcPort(), InsecureChannelCredentials.create()).build();
      try {
        assertEquals(
            ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(tls).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertThrows(
            StatusRuntimeException.class,
            () -> HealthGrpc.newBlockingStub(plaintext).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()));
      } finally {
        tls.shutdownNow();
        plaintext.shutdownNow();
      }
    }
  }
}
