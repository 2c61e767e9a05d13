package org.watchfloor.server.stream;

import com.google.protobuf.Empty;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.CloseSessionRequest;
import org.watchfloor.proto.v1.FindViewableCamerasRequest;
import org.watchfloor.proto.v1.FindViewableCamerasResponse;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.OpenPlaybackRequest;
import org.watchfloor.proto.v1.RenewTicketRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraValidation;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;

/** gRPC edge of {@link StreamBroker}: tickets for analysts and supervisors, and their session events. */
public final class StreamService extends StreamServiceGrpc.StreamServiceImplBase {

  private static final Logger LOG = Logger.getLogger(StreamService.class.getName());

  private final StreamBroker streams;

  public StreamService(StreamBroker streams) {
    this.streams = streams;
  }

  @Override
  public void openLive(OpenLiveRequest request, StreamObserver<StreamTicket> observer) {
    Rpc.unary(observer, () -> streams.openLive(
        viewer().actor(), request.getCameraId(), request.getPurpose(), request.getPreferredRole(), request.getAcceptedProtocolsList()));
  }

  @Override
  public void findViewableCameras(FindViewableCamerasRequest request, StreamObserver<FindViewableCamerasResponse> observer) {
    Rpc.unary(observer, () -> {
      viewer();
      if (!request.hasNear()) {
        throw Rejection.invalid("near", "say where to look for cameras");
      }
      CameraValidation.requireValid(request.getNear(), "near");
      if (!(request.getRadiusMeters() >= 0 && request.getRadiusMeters() <= 5000)) {
        throw Rejection.invalid("radius_meters", "must be 0 (1000 m) or up to 5000, got " + request.getRadiusMeters());
      }
      if (request.getLimit() < 0 || request.getLimit() > 25) {
        throw Rejection.invalid("limit", "must be 0 (9) to 25, got " + request.getLimit());
      }
      StreamBroker.Nearby nearby = streams.nearby(request.getNear(), request.getRadiusMeters() == 0 ? 1000 : request.getRadiusMeters(),
          request.getPurpose(), request.getLimit() == 0 ? 9 : request.getLimit());
      return FindViewableCamerasResponse.newBuilder()
          .addAllViewable(nearby.viewable().stream().map(CameraDirectory.Match::message).toList())
          .addAllRegistered(nearby.registered().stream().map(CameraDirectory.Match::message).toList())
          .build();
    });
  }

  @Override
  public void openPlayback(OpenPlaybackRequest request, StreamObserver<StreamTicket> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = viewer();
      if (!request.hasStart() || !request.hasEnd()) {
        throw Rejection.invalid("start", "playback needs a time window (start and end)");
      }
      return streams.openPlayback(caller.actor(), request.getCameraId(), request.getPurpose(),
          ProtoTime.toInstant(request.getStart()), ProtoTime.toInstant(request.getEnd()), request.getPreferredRole(),
          request.getAcceptedProtocolsList());
    });
  }

  @Override
  public void renewTicket(RenewTicketRequest request, StreamObserver<StreamTicket> observer) {
    Rpc.unary(observer, () -> streams.renew(viewer().actor(), request.getSessionId()));
  }

  @Override
  public void closeSession(CloseSessionRequest request, StreamObserver<Empty> observer) {
    Rpc.unary(observer, () -> {
      streams.close(viewer().actor(), request.getSessionId());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void watchSessions(Empty request, StreamObserver<SessionEvent> observer) {
    try {
      Caller caller = viewer();
      ServerCallStreamObserver<SessionEvent> stream = (ServerCallStreamObserver<SessionEvent>) observer;
      Object sending = new Object();
      AutoCloseable subscription =
          streams.watch(caller.userId(), event -> {
            synchronized (sending) {
              try {
                if (!stream.isCancelled()) {
                  stream.onNext(event);
                }
              } catch (RuntimeException e) {
                LOG.log(Level.FINE, "session watcher went away", e);
              }
            }
          });
      stream.setOnCancelHandler(() -> {
        try {
          subscription.close();
        } catch (Exception e) {
          LOG.log(Level.FINE, "closing a session watch", e);
        }
      });
    } catch (RuntimeException e) {
      observer.onError(Rpc.toStatus(e));
    }
  }

  private static Caller viewer() {
    Caller caller = AuthInterceptor.caller();
    caller.requireAnyRole(Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR);
    return caller;
  }
}
