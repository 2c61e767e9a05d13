package org.watchfloor.client.net;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The brokers a client may use, in the order it tries them: {@code HOST:PORT[,HOST:PORT...]}. The
 * client talks to the first that answers and moves to the next when that one goes away.
 */
public record BrokerList(List<ServerAddress> addresses) {

  public BrokerList {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("give at least one broker as HOST:PORT");
    }
    addresses = List.copyOf(addresses);
  }

  /** One broker. */
  public static BrokerList of(ServerAddress address) {
    return new BrokerList(List.of(address));
  }

  /**
   * Parses {@code HOST:PORT} or several, separated by commas, naming the one that is wrong.
   *
   * @throws IllegalArgumentException with a message fit to show as is
   */
  public static BrokerList parse(String text) {
    List<ServerAddress> addresses = new ArrayList<>();
    for (String one : text.split(",", -1)) {
      addresses.add(ServerAddress.parse(one.strip()));
    }
    if (addresses.stream().distinct().count() < addresses.size()) {
      throw new IllegalArgumentException("a broker is listed twice in '" + text + "'");
    }
    return new BrokerList(addresses);
  }

  /** The broker tried first: it names the workstation's files, so they stay the same after a failover. */
  public ServerAddress first() {
    return addresses.get(0);
  }

  @Override
  public String toString() {
    return addresses.stream().map(ServerAddress::toString).collect(Collectors.joining(","));
  }
}
