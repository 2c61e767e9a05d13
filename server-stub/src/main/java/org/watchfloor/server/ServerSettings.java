package org.watchfloor.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How one broker instance is started: where it keeps its files, which ports it listens on and which
 * database it uses.
 *
 * @param dataDir folder for the embedded database, the outbox, evidence and the endpoint file
 * @param grpcPort gRPC port; 0 picks a free one (written to {@code server.json} in the data folder)
 * @param httpPort HTTP port for the owner portal, the media-server auth hook and the transparency page
 * @param bindAddress address both listeners bind to
 * @param jdbcUrl a production database; empty means the embedded H2 file database in {@code dataDir}
 * @param seedDemo whether an empty store is seeded with the Lexington demo world
 * @param tls certificate chain and private key (PEM) for gRPC over TLS; empty means plaintext
 */
public record ServerSettings(
    Path dataDir,
    int grpcPort,
    int httpPort,
    String bindAddress,
    Optional<String> jdbcUrl,
    boolean seedDemo,
    Optional<TlsFiles> tls) {

  /** PEM files for the gRPC listener. */
  public record TlsFiles(Path certificateChain, Path privateKey) {}

  /** Plaintext settings, as tests and the loopback demo use them. */
  public ServerSettings(
      Path dataDir, int grpcPort, int httpPort, String bindAddress, Optional<String> jdbcUrl, boolean seedDemo) {
    this(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, Optional.empty());
  }

  public static final int DEFAULT_GRPC_PORT = 50051;
  public static final int DEFAULT_HTTP_PORT = 8088;
}
