package org.watchfloor.server.enrollment;

import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.ApproveRegistrationRequest;
import org.watchfloor.proto.v1.ListLiveConnectionRequestsRequest;
import org.watchfloor.proto.v1.ListLiveConnectionRequestsResponse;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.LiveConnectionStatus;
import org.watchfloor.proto.v1.OwnerReview;
import org.watchfloor.proto.v1.OwnerReviewEvent;
import org.watchfloor.proto.v1.OwnerReviewRemoved;
import org.watchfloor.proto.v1.TestLiveConnectionRequest;
import org.watchfloor.proto.v1.WatchOwnerReviewsRequest;
import org.watchfloor.server.change.WatchStream;
import org.watchfloor.server.stream.StreamSource;
import org.watchfloor.proto.v1.ListRegistrationsRequest;
import org.watchfloor.proto.v1.ListRegistrationsResponse;
import org.watchfloor.proto.v1.OwnerEnrollmentGrpc;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.RegistrationStatus;
import org.watchfloor.proto.v1.RejectRegistrationRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;

/**
 * gRPC edge of enrollment: the admin's review list (self-registrations to approve or reject, cameras
 * to connect for live sharing), live and paged.
 */
public final class EnrollmentService extends OwnerEnrollmentGrpc.OwnerEnrollmentImplBase {

  static final WatchStream.Events<OwnerReview, OwnerReviewEvent> REVIEW_EVENTS =
      WatchStream.events(
          (revision, item) -> OwnerReviewEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> OwnerReviewEvent.newBuilder().setRevision(revision).setRemoved(OwnerReviewRemoved.newBuilder().setItemId(id)).build(),
          (revision, synced) -> OwnerReviewEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> OwnerReviewEvent.newBuilder().setRevision(revision).setReset(reset).build());

  private final Registrations registrations;
  private final LiveConnections liveConnections;

  public EnrollmentService(Registrations registrations, LiveConnections liveConnections) {
    this.registrations = registrations;
    this.liveConnections = liveConnections;
  }

  @Override
  public void watchOwnerReviews(WatchOwnerReviewsRequest request, StreamObserver<OwnerReviewEvent> observer) {
    WatchStream.serve(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(Role.ROLE_ADMIN);
      return item -> true;
    }, liveConnections.reviews(), REVIEW_EVENTS, request.getResumeAfterRevision());
  }

  @Override
  public void listLiveConnectionRequests(ListLiveConnectionRequestsRequest request, StreamObserver<ListLiveConnectionRequestsResponse> observer) {
    Rpc.unary(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(Role.ROLE_ADMIN);
      List<LiveConnectionStatus> statuses =
          request.getStatusesList().isEmpty() ? List.of(LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN) : request.getStatusesList();
      for (int i = 0; i < statuses.size(); i++) {
        if (statuses.get(i) == LiveConnectionStatus.LIVE_CONNECTION_STATUS_UNSPECIFIED || statuses.get(i) == LiveConnectionStatus.UNRECOGNIZED) {
          throw Rejection.invalid("statuses[" + i + "]", "must be OPEN, CONNECTED or CANCELLED");
        }
      }
      return ListLiveConnectionRequestsResponse.newBuilder().addAllRequests(liveConnections.list(statuses)).build();
    });
  }

  @Override
  public void testLiveConnection(TestLiveConnectionRequest request, StreamObserver<LiveConnectionRequest> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_ADMIN);
      if (request.getRequestId().isEmpty()) {
        throw Rejection.invalid("request_id", "required");
      }
      Optional<StreamSource> source = request.hasSource()
          ? Optional.of(StreamSource.parse("source.address", request.getSource().getAddress(), request.getSource().getUsername(),
              request.getSource().getPassword()))
          : Optional.empty();
      return liveConnections.test(caller.actor(), request.getRequestId(), source);
    });
  }

  @Override
  public void listRegistrations(ListRegistrationsRequest request, StreamObserver<ListRegistrationsResponse> observer) {
    Rpc.unary(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(Role.ROLE_ADMIN);
      List<RegistrationStatus> statuses =
          request.getStatusesList().isEmpty() ? List.of(RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL) : request.getStatusesList();
      for (int i = 0; i < statuses.size(); i++) {
        RegistrationStatus status = statuses.get(i);
        if (status == RegistrationStatus.REGISTRATION_STATUS_UNSPECIFIED || status == RegistrationStatus.UNRECOGNIZED
            || status == RegistrationStatus.REGISTRATION_STATUS_AWAITING_VERIFICATION) {
          throw Rejection.invalid("statuses[" + i + "]", "must be AWAITING_APPROVAL, REGISTERED or REJECTED (unconfirmed registrations are not listed)");
        }
      }
      int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
      String cursor = Paging.decode("page_token", request.getPageToken(), "");
      Instant after = null;
      String afterId = "";
      if (!cursor.isEmpty()) {
        int bar = cursor.indexOf('|');
        try {
          after = Instant.parse(cursor.substring(0, bar));
        } catch (RuntimeException e) {
          throw Rejection.invalid("page_token", "is not a token this server handed out; start again without it");
        }
        afterId = cursor.substring(bar + 1);
      }
      List<OwnerRegistration> page = registrations.page(statuses, after, afterId, size + 1);
      ListRegistrationsResponse.Builder response = ListRegistrationsResponse.newBuilder();
      response.addAllRegistrations(page.subList(0, Math.min(size, page.size())));
      if (page.size() > size) {
        OwnerRegistration last = page.get(size - 1);
        response.setNextPageToken(Paging.encode(ProtoTime.toInstant(last.getSubmittedAt()) + "|" + last.getId()));
      }
      return response.build();
    });
  }

  @Override
  public void approveRegistration(ApproveRegistrationRequest request, StreamObserver<OwnerRegistration> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_ADMIN);
      requireId(request.getRegistrationId());
      return registrations.approve(caller.actor(), request.getRegistrationId());
    });
  }

  @Override
  public void rejectRegistration(RejectRegistrationRequest request, StreamObserver<OwnerRegistration> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_ADMIN);
      requireId(request.getRegistrationId());
      return registrations.reject(caller.actor(), request.getRegistrationId(), request.getReason());
    });
  }

  private static void requireId(String id) {
    if (id.isEmpty()) {
      throw Rejection.invalid("registration_id", "required");
    }
  }
}
