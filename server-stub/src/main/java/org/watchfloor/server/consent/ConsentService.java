package org.watchfloor.server.consent;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.CreateOwnerRequest;
import org.watchfloor.proto.v1.GetOwnerRequest;
import org.watchfloor.proto.v1.GrantEvent;
import org.watchfloor.proto.v1.GrantRemoved;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.ListGrantsResponse;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.ResyncRequired;
import org.watchfloor.proto.v1.SyncPoint;
import org.watchfloor.proto.v1.WatchGrantsRequest;
import org.watchfloor.proto.v1.ListOwnersRequest;
import org.watchfloor.proto.v1.ListOwnersResponse;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.change.WatchStream;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;

/**
 * gRPC edge of the consent feature: owners and, read-only, the grants they give (owners give and
 * revoke them in the owner portal, never through this API). Footage requests join it next.
 */
public final class ConsentService extends ConsentServiceGrpc.ConsentServiceImplBase {

  private static final Role[] EVERY_ROLE = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN};

  static final WatchStream.Events<LiveShareGrant, GrantEvent> GRANT_EVENTS =
      new WatchStream.Events<>() {
        @Override
        public String idOf(LiveShareGrant grant) {
          return grant.getId();
        }

        @Override
        public GrantEvent upserted(LiveShareGrant grant, long revision) {
          return GrantEvent.newBuilder().setRevision(revision).setUpserted(grant).build();
        }

        @Override
        public GrantEvent removed(String id, long revision) {
          return GrantEvent.newBuilder().setRevision(revision).setRemoved(GrantRemoved.newBuilder().setGrantId(id)).build();
        }

        @Override
        public GrantEvent synced(long revision, boolean afterSnapshot) {
          return GrantEvent.newBuilder()
              .setRevision(revision)
              .setSynced(SyncPoint.newBuilder().setRevision(revision).setAfterSnapshot(afterSnapshot))
              .build();
        }

        @Override
        public GrantEvent reset(long requested, long newest, String reason) {
          return GrantEvent.newBuilder()
              .setRevision(newest)
              .setReset(ResyncRequired.newBuilder().setRequestedRevision(requested).setReason(reason))
              .build();
        }
      };

  private final OwnerRegistry owners;
  private final GrantBook grants;

  public ConsentService(OwnerRegistry owners, GrantBook grants) {
    this.owners = owners;
    this.grants = grants;
  }

  @Override
  public void listGrants(ListGrantsRequest request, StreamObserver<ListGrantsResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          String after = Paging.decode("page_token", request.getPageToken(), "");
          List<LiveShareGrant> matching =
              grants.all().stream()
                  .filter(grant -> grant.getId().compareTo(after) > 0)
                  .filter(grant -> request.getCameraId().isEmpty() || grant.getCameraId().equals(request.getCameraId()))
                  .filter(grant -> request.getOwnerId().isEmpty() || grant.getOwnerId().equals(request.getOwnerId()))
                  .filter(grant -> request.getStatusesList().isEmpty() || request.getStatusesList().contains(grant.getStatus()))
                  .toList();
          ListGrantsResponse.Builder response = ListGrantsResponse.newBuilder().addAllGrants(matching.stream().limit(size).toList());
          if (matching.size() > size) {
            response.setNextPageToken(Paging.encode(matching.get(size - 1).getId()));
          }
          return response.build();
        });
  }

  @Override
  public void watchGrants(WatchGrantsRequest request, StreamObserver<GrantEvent> observer) {
    try {
      AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
      WatchStream.start(grants, (ServerCallStreamObserver<GrantEvent>) observer, GRANT_EVENTS, grant -> true, request.getResumeAfterRevision());
    } catch (RuntimeException e) {
      observer.onError(Rpc.toStatus(e));
    }
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
