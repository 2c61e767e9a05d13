package org.watchfloor.client.net;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's one channel to the broker. It watches the broker's health stream and reports the
 * connection state; when the stream breaks it retries with exponential backoff until closed.
 */
public final class BrokerConnection implements AutoCloseable {

  /** At or above the server's permitted keepalive time, or it answers GOAWAY too_many_pings. */
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(8);

  private final ServerAddress address;
  private final ManagedChannel channel;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "broker-reconnect");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean closed;

  public BrokerConnection(ServerAddress address) {
    this.address = address;
    this.channel =
        Grpc.newChannelBuilderForAddress(
                address.host(), address.port(), InsecureChannelCredentials.create())
            .keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .build();
  }

  public ServerAddress address() {
    return address;
  }

  /**
   * Follows the broker's health until {@link #close()}: {@code listener} hears every state change,
   * on a gRPC thread. A broken stream is retried after 0.25 s, doubling up to 8 s.
   */
  public void watchHealth(Consumer<ConnectionState> listener) {
    listener.accept(ConnectionState.CONNECTING);
    watchHealth(listener, FIRST_RETRY, false);
  }

  private void watchHealth(Consumer<ConnectionState> listener, Duration backoff, boolean wasUp) {
    if (closed) {
      return;
    }
    HealthGrpc.newStub(channel)
        .watch(
            HealthCheckRequest.getDefaultInstance(),
            new StreamObserver<>() {
              private boolean heard;

              @Override
              public void onNext(HealthCheckResponse response) {
                heard = true;
                listener.accept(
                    response.getStatus() == ServingStatus.SERVING
                        ? ConnectionState.CONNECTED
                        : ConnectionState.NOT_SERVING);
              }

              @Override
              public void onError(Throwable error) {
                retry();
              }

              @Override
              public void onCompleted() {
                retry();
              }

              private void retry() {
                if (closed) {
                  return;
                }
                boolean up = wasUp || heard;
                listener.accept(up ? ConnectionState.RECONNECTING : ConnectionState.CONNECTING);
                Duration next = heard ? FIRST_RETRY : min(backoff.multipliedBy(2), LONGEST_RETRY);
                retries.schedule(
                    () -> watchHealth(listener, next, up), backoff.toMillis(), TimeUnit.MILLISECONDS);
              }
            });
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    channel.shutdownNow();
  }
}
