package org.watchfloor.client.net;

/** Where the broker listens, as a person types it: {@code HOST:PORT}. */
public record ServerAddress(String host, int port) {

  /**
   * Parses {@code HOST:PORT} (IPv6 hosts in brackets), naming what is wrong when it is not one.
   *
   * @throws IllegalArgumentException with a message fit to show as is
   */
  public static ServerAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "server address must be HOST:PORT (for example localhost:50051), not '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "server port must be a number from 1 to 65535, not '" + text.substring(colon + 1) + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("server port must be from 1 to 65535, not " + port);
    }
    return new ServerAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
