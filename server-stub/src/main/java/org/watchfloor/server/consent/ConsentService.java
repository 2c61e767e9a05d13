package org.watchfloor.server.consent;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.CreateOwnerRequest;
import org.watchfloor.proto.v1.GetOwnerRequest;
import org.watchfloor.proto.v1.ListOwnersRequest;
import org.watchfloor.proto.v1.ListOwnersResponse;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;

/**
 * gRPC edge of the consent feature. Owners so far; footage requests and live-share grants join
 * it with the consent-and-streams work.
 */
public final class ConsentService extends ConsentServiceGrpc.ConsentServiceImplBase {

  private static final Role[] EVERY_ROLE = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN};

  private final OwnerRegistry owners;

  public ConsentService(OwnerRegistry owners) {
    this.owners = owners;
  }

  @Override
  public void listOwners(ListOwnersRequest request, StreamObserver<ListOwnersResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(EVERY_ROLE);
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          List<Owner> page = owners.page(request.getText(), Paging.decode("page_token", request.getPageToken(), ""), size + 1);
          ListOwnersResponse.Builder response = ListOwnersResponse.newBuilder();
          page.stream().limit(size).map(owner -> visibleTo(caller, owner)).forEach(response::addOwners);
          if (page.size() > size) {
            response.setNextPageToken(Paging.encode(page.get(size - 1).getId()));
          }
          return response.build();
        });
  }

  @Override
  public void getOwner(GetOwnerRequest request, StreamObserver<Owner> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(EVERY_ROLE);
          return visibleTo(
              caller,
              owners.get(request.getOwnerId()).orElseThrow(() -> Rejection.notFound("no owner with id '" + request.getOwnerId() + "'")));
        });
  }

  @Override
  public void createOwner(CreateOwnerRequest request, StreamObserver<Owner> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(Role.ROLE_ADMIN);
          return owners.create(caller.actor(), request.getOwner());
        });
  }

  /** Contact details are for supervisors and admins only (contract: Owner.email, Owner.phone). */
  private static Owner visibleTo(Caller caller, Owner owner) {
    boolean mayContact = caller.roles().contains(Role.ROLE_SUPERVISOR) || caller.roles().contains(Role.ROLE_ADMIN);
    return mayContact ? owner : owner.toBuilder().clearEmail().clearPhone().build();
  }
}
