package org.watchfloor.client.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.watchfloor.client.net.BrokerList;
import org.watchfloor.client.net.ChannelSecurity;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.workspace.Workstation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code watchfloor client} command line, checked before any window opens. */
@Command(
    name = "watchfloor client",
    mixinStandardHelpOptions = true,
    description = "Opens the Watchfloor command-center window connected to a broker.")
public final class ClientOptions implements Callable<Integer> {

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Broker to connect to, or several brokers of one city in the order to try them; the client moves to the next when one goes away (default: ${DEFAULT-VALUE}).")
  String server = "localhost:50051";

  @Option(
      names = "--tls",
      description = "Reach the brokers over TLS, trusting the certificate authorities of the Java runtime (default: plaintext).")
  boolean tls;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      description = "Reach the brokers over TLS, trusting only the certificates in this PEM file (the center's CA, or the broker's own certificate).")
  Path tlsCa;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token to sign in with (scripts); without it or --credentials a sign-in window asks for user name and password.")
  String token;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "A demo-credentials.json written by the broker; signs in as --user from it.")
  Path credentials;

  @Option(names = "--user", paramLabel = "NAME", description = "Who to sign in as from --credentials (default: ${DEFAULT-VALUE}).")
  String user = "ana";

  /** What the wall shows on a first start, before any workspace was saved. */
  public enum FirstRunWall {
    EMPTY,
    /** The cameras nearest the most urgent open incident, for its CAD number (the demo's start). */
    NEAREST_INCIDENT
  }

  @Option(
      names = "--first-run-wall",
      paramLabel = "WALL",
      description = "What the wall shows when no workspace was saved yet: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  FirstRunWall firstRunWall = FirstRunWall.EMPTY;

  @Option(
      names = "--workspace",
      paramLabel = "FILE",
      description = "Where the workstation's arrangement (windows, walls, map, presets) is kept between runs (default: one file per broker in ~/.config/watchfloor/).")
  Path workspace;

  @Option(
      names = "--open-package",
      paramLabel = "PATH",
      description = "Open an evidence package (its folder or zip) offline instead of the command center: it is verified, then its "
          + "synchronized wall replays its own files. No broker is contacted and no sign-in is asked.")
  Path openPackage;

  private BrokerList brokers;
  private ChannelSecurity security = ChannelSecurity.PLAINTEXT;
  private String resolvedToken = "";

  @Override
  public Integer call() {
    try {
      brokers = BrokerList.parse(server);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--server: " + e.getMessage());
    }
    if (tlsCa != null) {
      try {
        security = ChannelSecurity.trusting(tlsCa);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--tls-ca: " + e.getMessage());
      }
    } else if (tls) {
      security = ChannelSecurity.systemTrust();
    }
    if (token != null && credentials != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "give --token or --credentials, not both");
    }
    if (token != null) {
      resolvedToken = token;
    } else if (credentials != null) {
      resolvedToken = tokenFrom(credentials, user);
    }
    return 0;
  }

  private String tokenFrom(Path file, String username) {
    try {
      for (JsonNode entry : new ObjectMapper().readTree(file.toFile())) {
        if (entry.path("username").asText().equals(username)) {
          return entry.path("token").asText();
        }
      }
    } catch (IOException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--credentials: cannot read " + file + ": " + e.getMessage());
    }
    throw new CommandLine.ParameterException(new CommandLine(this), "--user: no user '" + username + "' in " + file);
  }

  /** The brokers to use, in order; null until the options were checked. */
  public BrokerList brokers() {
    return brokers;
  }

  /** Plaintext, or TLS as --tls or --tls-ca asked. */
  public ChannelSecurity security() {
    return security;
  }

  /** The workspace file given, or {@code broker}'s own in the user's configuration folder (camera ids are a broker's). */
  public Path workspace(ServerAddress broker) {
    return workspace != null ? workspace : Workstation.defaultFile(broker.host() + "-" + broker.port());
  }

  /** The evidence package to open offline, if one was given. */
  public Optional<Path> openPackage() {
    return Optional.ofNullable(openPackage);
  }

  public FirstRunWall firstRunWall() {
    return firstRunWall;
  }

  /** The bearer token to sign in with; empty when none was given (the client then asks for user name and password). */
  public String token() {
    return resolvedToken;
  }

  /** A command line over these options whose wrong flags and values print one line and exit 2. */
  CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(this);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          exception.getCommandLine().getErr().println("watchfloor client: " + exception.getMessage());
          return 2;
        });
    return commandLine;
  }
}
