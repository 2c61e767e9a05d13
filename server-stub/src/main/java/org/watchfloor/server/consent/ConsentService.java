package org.watchfloor.server.consent;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.watchfloor.proto.v1.ClipDownload;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.CreateOwnerRequest;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestEvent;
import org.watchfloor.proto.v1.FootageRequestRemoved;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.GetClipDownloadRequest;
import org.watchfloor.proto.v1.GetFootageRequestRequest;
import org.watchfloor.proto.v1.ListFootageRequestsRequest;
import org.watchfloor.proto.v1.ListFootageRequestsResponse;
import org.watchfloor.proto.v1.RequestFootageRequest;
import org.watchfloor.proto.v1.RequestFootageResponse;
import org.watchfloor.proto.v1.WatchFootageRequestsRequest;
import org.watchfloor.proto.v1.WithdrawFootageRequestRequest;
import org.watchfloor.proto.v1.GetOwnerRequest;
import org.watchfloor.proto.v1.GrantEvent;
import org.watchfloor.proto.v1.GrantRemoved;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.ListGrantsResponse;
import org.watchfloor.proto.v1.LiveShareGrant;
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
import org.watchfloor.server.store.FootageRequestStore;
import org.watchfloor.server.store.ProtoTime;

/**
 * gRPC edge of the consent feature: owners, footage requests and, read-only, the grants owners give
 * (owners give and revoke them in the owner portal, never through this API).
 */
public final class ConsentService extends ConsentServiceGrpc.ConsentServiceImplBase {

  private static final Role[] EVERY_ROLE = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN};
  private static final Role[] INVESTIGATORS = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR};

  static final WatchStream.Events<FootageRequest, FootageRequestEvent> FOOTAGE_REQUEST_EVENTS =
      WatchStream.events(
          (revision, item) -> FootageRequestEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> FootageRequestEvent.newBuilder().setRevision(revision).setRemoved(FootageRequestRemoved.newBuilder().setRequestId(id)).build(),
          (revision, synced) -> FootageRequestEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> FootageRequestEvent.newBuilder().setRevision(revision).setReset(reset).build());

  static final WatchStream.Events<LiveShareGrant, GrantEvent> GRANT_EVENTS =
      WatchStream.events(
          (revision, item) -> GrantEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> GrantEvent.newBuilder().setRevision(revision).setRemoved(GrantRemoved.newBuilder().setGrantId(id)).build(),
          (revision, synced) -> GrantEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> GrantEvent.newBuilder().setRevision(revision).setReset(reset).build());

  private final OwnerRegistry owners;
  private final GrantBook grants;
  private final FootageDesk footage;
  private final Function<String, String> clipDownloadUrl;

  /** {@code clipDownloadUrl} turns a clip-download token into the URL on the broker's HTTP port. */
  public ConsentService(OwnerRegistry owners, GrantBook grants, FootageDesk footage, Function<String, String> clipDownloadUrl) {
    this.owners = owners;
    this.grants = grants;
    this.footage = footage;
    this.clipDownloadUrl = clipDownloadUrl;
  }

  @Override
  public void requestFootage(RequestFootageRequest request, StreamObserver<RequestFootageResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(INVESTIGATORS);
          if (!request.hasWindowStart()) {
            throw Rejection.invalid("window_start", "required");
          }
          if (!request.hasWindowEnd()) {
            throw Rejection.invalid("window_end", "required");
          }
          if (!request.hasPurpose()) {
            throw Rejection.invalid("purpose", "required: the case number and the reason the owner reads");
          }
          Optional<Duration> validity =
              request.hasLinkValidity()
                  ? Optional.of(Duration.ofSeconds(request.getLinkValidity().getSeconds(), request.getLinkValidity().getNanos()))
                  : Optional.empty();
          FootageDesk.Ask ask =
              new FootageDesk.Ask(
                  request.getCameraIdsList(),
                  ProtoTime.toInstant(request.getWindowStart()),
                  ProtoTime.toInstant(request.getWindowEnd()),
                  request.getPurpose(),
                  validity,
                  request.getIdempotencyKey());
          return RequestFootageResponse.newBuilder()
              .addAllRequests(footage.request(caller.actor(), caller.displayName(), ask))
              .build();
        });
  }

  @Override
  public void withdrawFootageRequest(WithdrawFootageRequestRequest request, StreamObserver<FootageRequest> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(INVESTIGATORS);
          requireId("request_id", request.getRequestId());
          return footage.withdraw(
              caller.actor(), caller.roles().contains(Role.ROLE_SUPERVISOR), request.getRequestId(), request.getReason());
        });
  }

  @Override
  public void getFootageRequest(GetFootageRequestRequest request, StreamObserver<FootageRequest> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(INVESTIGATORS);
          requireId("request_id", request.getRequestId());
          return footage
              .get(request.getRequestId())
              .orElseThrow(() -> Rejection.notFound("request_id: no footage request with id '" + request.getRequestId() + "'"));
        });
  }

  @Override
  public void listFootageRequests(ListFootageRequestsRequest request, StreamObserver<ListFootageRequestsResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(INVESTIGATORS);
          for (int i = 0; i < request.getStatusesCount(); i++) {
            FootageRequestStatus status = request.getStatuses(i);
            if (status == FootageRequestStatus.FOOTAGE_REQUEST_STATUS_UNSPECIFIED || status == FootageRequestStatus.UNRECOGNIZED) {
              throw Rejection.invalid("statuses[" + i + "]", "name a status such as SENT or FULFILLED");
            }
          }
          if (request.getCaseNumber().length() > 64) {
            throw Rejection.invalid("case_number", "must be at most 64 characters");
          }
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          String cursor = Paging.decode("page_token", request.getPageToken(), "");
          Instant afterCreatedAt = null;
          String afterId = "";
          if (!cursor.isEmpty()) {
            // The cursor is the last row's "<created_at epoch nanos> <id>": newest-first order needs both.
            String[] parts = cursor.split(" ", 2);
            try {
              long nanos = Long.parseLong(parts[0]);
              afterCreatedAt = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
              afterId = parts[1];
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
              throw Rejection.invalid("page_token", "is not a token this server handed out; start again without it");
            }
          }
          List<FootageRequest> page =
              footage.page(
                  new FootageRequestStore.Filter(
                      request.getStatusesList(),
                      request.getCaseNumber(),
                      request.getCameraId(),
                      request.getOwnerId(),
                      request.getRequesterUserId(),
                      afterCreatedAt,
                      afterId),
                  size + 1);
          ListFootageRequestsResponse.Builder response =
              ListFootageRequestsResponse.newBuilder().addAllRequests(page.stream().limit(size).toList());
          if (page.size() > size) {
            FootageRequest last = page.get(size - 1);
            Instant created = ProtoTime.toInstant(last.getCreatedAt());
            long nanos = created.getEpochSecond() * 1_000_000_000L + created.getNano();
            response.setNextPageToken(Paging.encode(nanos + " " + last.getId()));
          }
          return response.build();
        });
  }

  @Override
  public void watchFootageRequests(WatchFootageRequestsRequest request, StreamObserver<FootageRequestEvent> observer) {
    WatchStream.serve(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(INVESTIGATORS);
      return footageRequest -> true;
    }, footage, FOOTAGE_REQUEST_EVENTS, request.getResumeAfterRevision());
  }

  @Override
  public void getClipDownload(GetClipDownloadRequest request, StreamObserver<ClipDownload> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(INVESTIGATORS);
          requireId("request_id", request.getRequestId());
          requireId("clip_id", request.getClipId());
          if (!request.hasPurpose()) {
            throw Rejection.invalid("purpose", "required: the case the export serves");
          }
          FootageDesk.ClipTicket ticket =
              footage.clipTicket(
                  caller.actor(),
                  caller.roles().contains(Role.ROLE_SUPERVISOR),
                  request.getRequestId(),
                  request.getClipId(),
                  request.getPurpose());
          return ClipDownload.newBuilder()
              .setUrl(clipDownloadUrl.apply(ticket.token()))
              .setExpiresAt(ProtoTime.toTimestamp(ticket.expiresAt()))
              .setClip(ticket.clip())
              .build();
        });
  }

  private static void requireId(String field, String value) {
    if (value.isEmpty()) {
      throw Rejection.invalid(field, "required");
    }
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
    WatchStream.serve(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
      return grant -> true;
    }, grants, GRANT_EVENTS, request.getResumeAfterRevision());
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
