package org.watchfloor.client.app;

import javafx.application.Application;

/**
 * Entry point of the desktop client. A plain class (not the {@link Application}) so the JavaFX
 * runtime can come from the class path.
 */
public final class WatchfloorClient {

  private WatchfloorClient() {}

  public static void main(String[] args) {
    ClientOptions options = new ClientOptions();
    int exit = options.commandLine().execute(args);
    if (exit != 0 || options.brokers() == null) {
      System.exit(exit); // a wrong flag, or --help / --version already answered
    }
    CommandCenterApplication.options = options;
    Application.launch(CommandCenterApplication.class);
  }
}
