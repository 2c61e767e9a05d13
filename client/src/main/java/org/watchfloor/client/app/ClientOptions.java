package org.watchfloor.client.app;

import java.util.concurrent.Callable;
import org.watchfloor.client.net.ServerAddress;
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
      paramLabel = "HOST:PORT",
      description = "Broker to connect to (default: ${DEFAULT-VALUE}).")
  String server = "localhost:50051";

  private ServerAddress address;

  @Override
  public Integer call() {
    try {
      address = ServerAddress.parse(server);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--server: " + e.getMessage());
    }
    return 0;
  }

  public ServerAddress address() {
    return address;
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
