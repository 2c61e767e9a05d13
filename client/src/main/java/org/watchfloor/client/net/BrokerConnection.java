package org.watchfloor.client.net;

import com.google.protobuf.Empty;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.User;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.proto.v1.WatchIncidentsRequest;
import org.watchfloor.proto.v1.WatchLayersRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's one channel to the broker, signed in with a bearer token. It watches the broker's
 * health and reports the connection state, and keeps the live lists (cameras, layers, incidents)
 * flowing; every stream that breaks is retried with exponential backoff until closed.
 */
public final class BrokerConnection implements AutoCloseable {

  /** At or above the server's permitted keepalive time, or it answers GOAWAY too_many_pings. */
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);

  private final ServerAddress address;
  private final ManagedChannel channel;
  private final CallCredentials credentials;
  private final List<AutoCloseable> feeds = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "broker-reconnect");
            thread.setDaemon(true);
            return thread;
          });
  private final Reconnection reconnection = new Reconnection(retries);
  private volatile boolean closed;

  /** A connection that signs every call in with {@code token} (empty: health only). */
  public BrokerConnection(ServerAddress address, String token) {
    this.address = address;
    this.credentials = new BearerToken(token);
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
    watchHealth(listener, Reconnection.FIRST, false);
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
                reconnection.retry(backoff, heard, next -> watchHealth(listener, next, up));
              }
            });
  }

  /** Follows the camera directory; {@code listener} hears every change, on a gRPC thread. */
  public void watchCameras(FeedListener<Camera> listener) {
    follow(
        (after, observer) -> CameraDirectoryGrpc.newStub(channel).withCallCredentials(credentials)
            .watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.CAMERA_EVENTS, listener);
  }

  public void watchLayers(FeedListener<Layer> listener) {
    follow(
        (after, observer) -> LayerServiceGrpc.newStub(channel).withCallCredentials(credentials)
            .watchLayers(WatchLayersRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.LAYER_EVENTS, listener);
  }

  public void watchIncidents(FeedListener<Incident> listener) {
    follow(
        (after, observer) -> IncidentServiceGrpc.newStub(channel).withCallCredentials(credentials)
            .watchIncidents(WatchIncidentsRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.INCIDENT_EVENTS, listener);
  }

  private <E, T> void follow(
      java.util.function.BiConsumer<Long, io.grpc.stub.StreamObserver<E>> call, WatchFeed.Events<E, T> events, FeedListener<T> listener) {
    WatchFeed<E, T> feed = new WatchFeed<>(call, events, listener, reconnection);
    feeds.add(feed);
    feed.start();
  }

  /**
   * Asks for a live ticket for {@code cameraId}, for a case; the broker checks the camera's kind
   * and its owner's consent and audits the answer. A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (e.g. which consent is missing)
   */
  public LiveTicket openLive(String cameraId, String caseNumber, String reason) {
    try {
      StreamTicket ticket =
          StreamServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS)
              .openLive(OpenLiveRequest.newBuilder()
                  .setCameraId(cameraId)
                  .setPurpose(Purpose.newBuilder().setCaseNumber(caseNumber).setReason(reason))
                  .addAcceptedProtocols(StreamProtocol.STREAM_PROTOCOL_HLS)
                  .addAcceptedProtocols(StreamProtocol.STREAM_PROTOCOL_HTTP_TS)
                  .addAcceptedProtocols(StreamProtocol.STREAM_PROTOCOL_MJPEG)
                  .build());
      return new LiveTicket(ticket.getSessionId(), ticket.getCameraId(), ticket.getUrl(), ticket.getProfileName(),
          Instant.ofEpochSecond(ticket.getExpiresAt().getSeconds(), ticket.getExpiresAt().getNanos()));
    } catch (StatusRuntimeException e) {
      throw new BrokerRefusal(e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription(), e);
    }
  }

  /** Who the token signs in as, e.g. "Ana Analyst (ana)"; a 5 s deadline. */
  public String whoAmI() {
    User user = SessionServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(5, TimeUnit.SECONDS).whoAmI(Empty.getDefaultInstance());
    return user.getDisplayName() + " (" + user.getUsername() + ")";
  }

  @Override
  public void close() {
    closed = true;
    for (AutoCloseable feed : feeds) {
      try {
        feed.close();
      } catch (Exception e) {
        // closing: nothing left to tell anyone
      }
    }
    retries.shutdownNow();
    channel.shutdownNow();
  }
}
