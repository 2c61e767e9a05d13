package org.watchfloor.server;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.watchfloor.server.auth.AddUserCommand;
import org.watchfloor.server.sim.SimulatedDispatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code watchfloor server} command: the broker alone, headless, until it is stopped. */
@Command(
    name = "watchfloor server",
    mixinStandardHelpOptions = true,
    subcommands = AddUserCommand.class,
    description = {
      "Runs the Watchfloor broker: camera directory, consent, stream tickets and audit over gRPC,",
      "and the owner portal, media-server auth hook and transparency page over HTTP.",
      "With no --db it keeps everything in an H2 database inside the data folder."
    })
public final class WatchfloorServer implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder for the embedded database, outbox, evidence and endpoint file (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".watchfloor");

  @Option(
      names = "--grpc-port",
      paramLabel = "N",
      description = "gRPC port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int grpcPort = ServerSettings.DEFAULT_GRPC_PORT;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      description = "HTTP port for the owner portal and auth hook, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int httpPort = ServerSettings.DEFAULT_HTTP_PORT;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindAddress = "0.0.0.0";

  @Option(
      names = "--db",
      paramLabel = "JDBC-URL",
      description = "Production database, e.g. jdbc:postgresql://db:5432/watchfloor?user=wf (default: embedded H2).")
  String jdbcUrl;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Certificate chain for gRPC over TLS (with --tls-key); default: plaintext.")
  Path tlsCertificate;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key (PKCS#8 PEM) for --tls-cert.")
  Path tlsKey;

  @Option(names = "--no-sim", description = "Do not serve simulated video; cameras then need upstream stream URLs.")
  boolean noSim;

  @Option(names = "--no-demo", description = "Do not seed the Lexington demo world into an empty store.")
  boolean noDemo;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "Base URL of the owner portal in owners' links, e.g. https://watch.example.org (default: http://localhost:<http port>).")
  String publicUrl;

  @Option(
      names = "--smtp-host",
      paramLabel = "HOST",
      description = "Mail server owners' e-mails are handed to (default: none; each e-mail is written to DATA_DIR/outbox/ as an .eml file).")
  String smtpHost;

  @Option(names = "--smtp-port", paramLabel = "N", description = "Port of --smtp-host (default: ${DEFAULT-VALUE}).")
  int smtpPort = 25;

  @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "Sender address of owners' e-mails (default: ${DEFAULT-VALUE}).")
  String smtpFrom = ServerSettings.Portal.DEFAULT_MAIL_FROM;

  @Option(names = "--max-clip-mib", paramLabel = "N", description = "Largest clip an owner may upload, in MiB (default: ${DEFAULT-VALUE}).")
  int maxClipMib = (int) (ServerSettings.Portal.DEFAULT_MAX_CLIP_BYTES / (1024 * 1024));

  @Option(names = "--registration-approval", description = "Self-registrations wait for an admin's approval after the owner confirms them.")
  boolean registrationApproval;

  @Option(names = "--registration-max-cameras", paramLabel = "N", description = "Most cameras one registration may list (default: ${DEFAULT-VALUE}).")
  int registrationMaxCameras = ServerSettings.Enrollment.DEFAULT_MAX_CAMERAS;

  @Option(names = "--agency", paramLabel = "NAME", description = "The center's name as owners read it in their access log (default: ${DEFAULT-VALUE}).")
  String agency = ServerSettings.Enrollment.DEFAULT_AGENCY;

  @Option(names = "--sim-incidents-per-hour", paramLabel = "N",
      description = "With the demo world: new or escalated simulated CAD incidents an hour, 0 for none (default: ${DEFAULT-VALUE}).")
  int simIncidentsPerHour = SimulatedDispatch.Rates.defaults().incidentsPerHour();

  @Option(names = "--sim-hotlist-hits-per-hour", paramLabel = "N",
      description = "With the demo world: simulated hotlist hits on Lexington's plate readers an hour, 0 for none (default: ${DEFAULT-VALUE}).")
  int simHotlistHitsPerHour = SimulatedDispatch.Rates.defaults().hotlistHitsPerHour();

  @Option(
      names = "--public-trust",
      paramLabel = "JSON",
      description = "What the transparency page publishes: use policy, not-collected list, retention days, annual-report fields (default: DATA_DIR/public-trust.json when present).")
  Path publicTrustFile;

  @Option(
      names = "--ticket-keys",
      paramLabel = "FILE",
      description = {
        "Stream-ticket signing keys, one base64 key (32+ bytes) a line: the first signs, the others still validate (rotation;"
            + " docs/deploying.md). Give every broker the same file. Default: one key every broker on the database shares."
      })
  Path ticketKeysFile;

  @Override
  public Integer call() throws Exception {
    requirePort("--grpc-port", grpcPort);
    requirePort("--http-port", httpPort);
    requirePort("--smtp-port", smtpPort);
    if (publicUrl != null && !publicUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()), "--public-url must be an http(s) URL such as https://watch.example.org, not " + publicUrl);
    }
    if (maxClipMib < 1 || maxClipMib > 16 * 1024) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()), "--max-clip-mib must be from 1 to 16384, not " + maxClipMib);
    }
    if (!smtpFrom.matches("[^@\\s]+@[^@\\s]+")) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()), "--smtp-from must be an e-mail address, not " + smtpFrom);
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()), "--tls-cert and --tls-key go together");
    }
    for (Path file : new Path[] {tlsCertificate, tlsKey, publicTrustFile, ticketKeysFile}) {
      if (file != null && !java.nio.file.Files.isReadable(file)) {
        throw new CommandLine.ParameterException(
            new CommandLine(new WatchfloorServer()), "cannot read " + file);
      }
    }
    ServerSettings settings =
        new ServerSettings(
            dataDir.toAbsolutePath(),
            grpcPort,
            httpPort,
            bindAddress,
            Optional.ofNullable(jdbcUrl),
            !noDemo,
            tlsCertificate == null
                ? Optional.empty()
                : Optional.of(new ServerSettings.TlsFiles(tlsCertificate, tlsKey)),
            new ServerSettings.Portal(
                Optional.ofNullable(publicUrl),
                Optional.ofNullable(smtpHost).map(host -> new ServerSettings.SmtpRelay(host, smtpPort)),
                smtpFrom,
                maxClipMib * 1024L * 1024L),
            !noSim);
    if (registrationMaxCameras < 1 || registrationMaxCameras > 100) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()), "--registration-max-cameras must be from 1 to 100, not " + registrationMaxCameras);
    }
    ServerSettings.Enrollment defaults = ServerSettings.Enrollment.defaults();
    settings = settings.withEnrollment(new ServerSettings.Enrollment(registrationApproval, registrationMaxCameras,
        defaults.submissionsPerAddressPerHour(), defaults.submissionsPerEmailPerHour(), defaults.verificationValidity(),
        defaults.timeZone(), agency.strip()));
    if (publicTrustFile != null) {
      settings = settings.withPublicTrustFile(publicTrustFile.toAbsolutePath());
    }
    if (ticketKeysFile != null) {
      settings = settings.withTicketKeysFile(ticketKeysFile.toAbsolutePath());
    }
    try {
      settings = settings.withSimulatedDispatch(new SimulatedDispatch.Rates(simIncidentsPerHour, simHotlistHitsPerHour));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new WatchfloorServer()), e.getMessage());
    }
    Broker broker;
    try {
      broker = Broker.start(settings);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new WatchfloorServer()), e.getMessage());
    } catch (IllegalStateException e) {
      // A refusal to start that names its cause (a data folder in use by another broker), not a stack trace.
      System.err.println("watchfloor server: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
    broker.awaitTermination();
    return 0;
  }

  private static void requirePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          new CommandLine(new WatchfloorServer()),
          option + " must be a port from 0 to 65535, not " + port);
    }
  }

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new WatchfloorServer());
    // A wrong flag or value gets one line, not a usage dump: the launcher's contract.
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          exception.getCommandLine().getErr().println("watchfloor server: " + exception.getMessage());
          return 2;
        });
    System.exit(commandLine.execute(args));
  }
}
