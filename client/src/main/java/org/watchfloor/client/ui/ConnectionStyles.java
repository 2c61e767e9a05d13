package org.watchfloor.client.ui;

import org.watchfloor.client.net.ConnectionState;

/** The CSS class that colours each connection state, shared by every view that shows it. */
final class ConnectionStyles {

  private ConnectionStyles() {}

  static String of(ConnectionState state) {
    return switch (state) {
      case CONNECTED -> "state-good";
      case CONNECTING, RECONNECTING -> "state-waiting";
      case NOT_SERVING -> "state-bad";
    };
  }
}
