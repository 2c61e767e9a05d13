package org.watchfloor.client.net;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which broker of the list answers now: every call's response headers name the transport's remote
 * address, which is matched to the list's entry, so the status bar can say which broker a
 * workstation is on after a failover.
 */
final class BrokerInUse implements ClientInterceptor {

  private final BrokerList brokers;
  private volatile Optional<ServerAddress> answering = Optional.empty();

  BrokerInUse(BrokerList brokers) {
    this.brokers = brokers;
  }

  /** The broker that answered the newest call, once one has. */
  Optional<ServerAddress> answering() {
    return answering;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onHeaders(Metadata responseHeaders) {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            Optional<ServerAddress> matched = matching(remote);
            if (matched.isPresent()) {
              answering = matched;
            }
            super.onHeaders(responseHeaders);
          }
        }, headers);
      }
    };
  }

  /** The list's entry for a transport's remote address: same port, and a host that resolves to its address. */
  private Optional<ServerAddress> matching(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress socket)) {
      return Optional.empty();
    }
    for (ServerAddress address : brokers.addresses()) {
      if (address.port() == socket.getPort() && resolvesTo(address.host(), socket.getAddress())) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }

  private static boolean resolvesTo(String host, InetAddress address) {
    try {
      return Arrays.asList(InetAddress.getAllByName(host.replaceAll("^\\[|]$", ""))).contains(address);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
