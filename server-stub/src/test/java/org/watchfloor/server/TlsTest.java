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
    Path certificate = dataDir.resolve("broker.crt");
    Path key = dataDir.resolve("broker.key");
    Process openssl =
        new ProcessBuilder(
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, openssl.waitFor(), new String(openssl.getInputStream().readAllBytes()));

    try (BrokerServer server =
        BrokerServer.start(
            new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), false,
                Optional.of(new ServerSettings.TlsFiles(certificate, key))),
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
