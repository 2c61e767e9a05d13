package org.watchfloor.server.enrollment;

import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import org.watchfloor.proto.v1.ApproveRegistrationRequest;
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

/** gRPC edge of enrollment: the admin's review list of self-registrations, and their approval or rejection. */
public final class EnrollmentService extends OwnerEnrollmentGrpc.OwnerEnrollmentImplBase {

  private final Registrations registrations;

  public EnrollmentService(Registrations registrations) {
    this.registrations = registrations;
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
