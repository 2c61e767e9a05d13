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
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Which broker of the list answers now: every call's response headers name the transport's remote
 * address, which is matched to the list's entry (looked up as the channel's resolver does, and only
 * when the remote address changes, that is after a failover), so the status bar can say which
 * broker a workstation is on.
 */
final class BrokerInUse implements ClientInterceptor {

  private final BrokerList brokers;
  private volatile Optional<ServerAddress> answering = Optional.empty();
  /** The remote address last matched: calls go to the same broker until a failover. */
  private volatile SocketAddress matchedRemote;

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
            if (remote != null && !remote.equals(matchedRemote)) {
              matchedRemote = remote;
              matching(remote).ifPresent(found -> answering = Optional.of(found));
            }
            super.onHeaders(responseHeaders);
          }
        }, headers);
      }
    };
  }

  /** The list's entry for a transport's remote address, as the channel's resolver looks the list up. */
  private Optional<ServerAddress> matching(SocketAddress remote) {
    for (ServerAddress address : brokers.addresses()) {
      if (BrokerListResolver.socket(address).equals(remote)) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }
}
