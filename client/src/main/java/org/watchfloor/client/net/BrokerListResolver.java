package org.watchfloor.client.net;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets one gRPC channel hold several brokers: a target {@code watchfloor-brokers:///h1:p1,h2:p2}
 * resolves to those addresses in order, and gRPC's default pick-first policy uses the first that
 * connects and tries the others when it goes away.
 */
final class BrokerListResolver extends NameResolverProvider {

  static final String SCHEME = "watchfloor-brokers";

  static {
    NameResolverRegistry.getDefaultRegistry().register(new BrokerListResolver());
  }

  private BrokerListResolver() {}

  /** The channel target of {@code brokers}; using it registers this resolver first. */
  static String target(BrokerList brokers) {
    try {
      // Quoted, so that an IPv6 host in brackets survives as part of the path.
      return new URI(SCHEME, "", "/" + brokers, null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("brokers " + brokers + " cannot be named in a channel target", e);
    }
  }

  /** Where a broker of the list is now: its host looked up (unresolved when it cannot be). */
  static InetSocketAddress socket(ServerAddress address) {
    return new InetSocketAddress(address.host(), address.port());
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public NameResolver newNameResolver(URI target, NameResolver.Args args) {
    if (!SCHEME.equals(target.getScheme())) {
      return null;
    }
    BrokerList brokers = BrokerList.parse(target.getPath().substring(1));
    return new NameResolver() {
      private Listener2 listener;

      @Override
      public String getServiceAuthority() {
        return brokers.first().toString();
      }

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
      }

      @Override
      public void refresh() {
        resolve();
      }

      /** Looks every host up again, so a broker that moved is found at its new address. */
      private void resolve() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (ServerAddress address : brokers.addresses()) {
          InetSocketAddress socket = socket(address);
          if (!socket.isUnresolved()) {
            groups.add(new EquivalentAddressGroup(socket));
          }
        }
        listener.onResult2(ResolutionResult.newBuilder()
            .setAddressesOrError(groups.isEmpty()
                ? StatusOr.fromStatus(Status.UNAVAILABLE.withDescription("none of the brokers " + brokers + " has a known address"))
                : StatusOr.fromValue(groups))
            .build());
      }

      @Override
      public void shutdown() {}
    };
  }
}
