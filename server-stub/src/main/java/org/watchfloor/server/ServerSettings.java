package org.watchfloor.server;

import java.nio.file.Path;
import java.util.Optional;
import org.watchfloor.server.sim.SimulatedDispatch;

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
 * @param portal how the owner portal is reached and how owners are mailed
 * @param simulate whether the built-in camera simulator serves cameras that have no upstream URL
 * @param enrollment how owners register themselves on {@code /register}
 * @param publicTrustFile what the transparency page publishes (policy, retention...); empty means
 *     {@code DATA_DIR/public-trust.json} when it exists, else the defaults
 * @param simulatedDispatch how often the demo's simulated CAD and LPR feed reports (only with {@code seedDemo})
 * @param ticketKeysFile the stream-ticket signing keys (current first, then previous ones still
 *     accepted); empty means a key every broker on the database shares, kept in the database
 */
public record ServerSettings(
    Path dataDir,
    int grpcPort,
    int httpPort,
    String bindAddress,
    Optional<String> jdbcUrl,
    boolean seedDemo,
    Optional<TlsFiles> tls,
    Portal portal,
    boolean simulate,
    Enrollment enrollment,
    Optional<Path> publicTrustFile,
    SimulatedDispatch.Rates simulatedDispatch,
    Optional<Path> ticketKeysFile) {

  /** PEM files for the gRPC listener. */
  public record TlsFiles(Path certificateChain, Path privateKey) {}

  /** The mail server owners' e-mails are handed to. */
  public record SmtpRelay(String host, int port) {}

  /**
   * The owner portal's reach.
   *
   * @param publicUrl base URL of owners' links, e.g. {@code https://watch.example.org}; empty means
   *     {@code http://localhost:<http port>}
   * @param smtp the mail relay; empty writes each message as an {@code .eml} file into {@code DATA_DIR/outbox/}
   * @param mailFrom sender address of owners' e-mails
   * @param maxClipBytes largest clip an owner may upload
   */
  public record Portal(Optional<String> publicUrl, Optional<SmtpRelay> smtp, String mailFrom, long maxClipBytes) {

    public static final String DEFAULT_MAIL_FROM = "watchfloor@localhost";
    public static final long DEFAULT_MAX_CLIP_BYTES = 200L * 1024 * 1024;

    /** The embedded default: links on localhost, mail into the outbox, clips up to 200 MiB. */
    public static Portal defaults() {
      return new Portal(Optional.empty(), Optional.empty(), DEFAULT_MAIL_FROM, DEFAULT_MAX_CLIP_BYTES);
    }
  }

  /**
   * Self-registration of owners.
   *
   * @param approvalRequired verified registrations wait for an admin's approval (OwnerEnrollment) instead of
   *     entering the directory at once
   * @param maxCamerasPerRegistration most cameras one registration (or one owner's additions) may list
   * @param submissionsPerAddressPerHour registrations and manage-link requests one client address may send an hour
   * @param submissionsPerEmailPerHour e-mails one address may be sent an hour by registrations and manage-link requests
   * @param verificationValidity how long a verification link works
   * @param timeZone the IANA zone self-registered owners get (their schedules' local time)
   * @param agency the center's name as owners read it in their access log, e.g. "Lexington Police RTIC"
   */
  public record Enrollment(
      boolean approvalRequired,
      int maxCamerasPerRegistration,
      int submissionsPerAddressPerHour,
      int submissionsPerEmailPerHour,
      java.time.Duration verificationValidity,
      String timeZone,
      String agency) {

    public static final int DEFAULT_MAX_CAMERAS = 10;
    public static final String DEFAULT_AGENCY = "Real-time intelligence center";

    /** No approval, 10 cameras, 20 submissions an hour per client address and 3 e-mails per address, links valid 24 h. */
    public static Enrollment defaults() {
      return new Enrollment(false, DEFAULT_MAX_CAMERAS, 20, 3, java.time.Duration.ofHours(24), "America/New_York", DEFAULT_AGENCY);
    }
  }

  /** Settings with the enrollment defaults. */
  public ServerSettings(
      Path dataDir,
      int grpcPort,
      int httpPort,
      String bindAddress,
      Optional<String> jdbcUrl,
      boolean seedDemo,
      Optional<TlsFiles> tls,
      Portal portal,
      boolean simulate) {
    this(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, simulate, Enrollment.defaults(), Optional.empty(),
        SimulatedDispatch.Rates.defaults(), Optional.empty());
  }

  /** Settings with the portal's defaults. */
  public ServerSettings(
      Path dataDir, int grpcPort, int httpPort, String bindAddress, Optional<String> jdbcUrl, boolean seedDemo, Optional<TlsFiles> tls) {
    this(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, Portal.defaults(), true);
  }

  public ServerSettings withPortal(Portal changed) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, changed, simulate, enrollment, publicTrustFile, simulatedDispatch, ticketKeysFile);
  }

  public ServerSettings withEnrollment(Enrollment changed) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, simulate, changed, publicTrustFile, simulatedDispatch, ticketKeysFile);
  }

  public ServerSettings withSimulator(boolean on) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, on, enrollment, publicTrustFile, simulatedDispatch, ticketKeysFile);
  }

  public ServerSettings withPublicTrustFile(Path file) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, simulate, enrollment, Optional.of(file), simulatedDispatch, ticketKeysFile);
  }

  public ServerSettings withSimulatedDispatch(SimulatedDispatch.Rates rates) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, simulate, enrollment, publicTrustFile, rates,
        ticketKeysFile);
  }

  public ServerSettings withTls(TlsFiles files) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, Optional.of(files), portal, simulate, enrollment,
        publicTrustFile, simulatedDispatch, ticketKeysFile);
  }

  public ServerSettings withTicketKeysFile(Path file) {
    return new ServerSettings(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, tls, portal, simulate, enrollment, publicTrustFile,
        simulatedDispatch, Optional.of(file));
  }

  /** The file the transparency page's settings are read from (it may not exist). */
  public Path publicTrustPath() {
    return publicTrustFile.orElse(dataDir.resolve("public-trust.json"));
  }

  /** Plaintext settings, as tests and the loopback demo use them. */
  public ServerSettings(
      Path dataDir, int grpcPort, int httpPort, String bindAddress, Optional<String> jdbcUrl, boolean seedDemo) {
    this(dataDir, grpcPort, httpPort, bindAddress, jdbcUrl, seedDemo, Optional.empty());
  }

  public static final int DEFAULT_GRPC_PORT = 50051;
  public static final int DEFAULT_HTTP_PORT = 8088;
}
