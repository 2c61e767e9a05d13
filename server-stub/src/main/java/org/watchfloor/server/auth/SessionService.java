package org.watchfloor.server.auth;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.watchfloor.proto.v1.CreateUserRequest;
import org.watchfloor.proto.v1.CreateUserResponse;
import org.watchfloor.proto.v1.DisableUserRequest;
import org.watchfloor.proto.v1.ListUsersRequest;
import org.watchfloor.proto.v1.ListUsersResponse;
import org.watchfloor.proto.v1.ResetPasswordRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SignInRequest;
import org.watchfloor.proto.v1.SignInResponse;
import org.watchfloor.proto.v1.UpdateUserRequest;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.User;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.UserStore.StoredUser;

/** gRPC edge of {@link UserDirectory}: who am I, and user administration for admins. */
public final class SessionService extends SessionServiceGrpc.SessionServiceImplBase {

  private final UserDirectory users;

  public SessionService(UserDirectory users) {
    this.users = users;
  }

  @Override
  public void whoAmI(Empty request, StreamObserver<User> observer) {
    Rpc.unary(
        observer,
        () -> toProto(users.find(AuthInterceptor.caller().userId()).orElseThrow()));
  }

  @Override
  public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(Role.ROLE_ADMIN);
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          String after = Paging.decode("page_token", request.getPageToken(), "");
          List<StoredUser> page = users.page(after, size + 1, request.getIncludeDisabled());
          ListUsersResponse.Builder response = ListUsersResponse.newBuilder();
          page.stream().limit(size).map(SessionService::toProto).forEach(response::addUsers);
          if (page.size() > size) {
            response.setNextPageToken(Paging.encode(page.get(size - 1).username()));
          }
          return response.build();
        });
  }

  @Override
  public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(Role.ROLE_ADMIN);
          UserDirectory.IssuedUser issued =
              users.create(
                  caller.actor(),
                  new UserDirectory.NewUser(
                      request.getUsername(),
                      request.getDisplayName(),
                      request.getRolesList().isEmpty()
                          ? EnumSet.noneOf(Role.class)
                          : EnumSet.copyOf(request.getRolesList()),
                      request.getOrganisation(),
                      request.getPassword()));
          return CreateUserResponse.newBuilder()
              .setUser(toProto(issued.user()))
              .setBearerToken(issued.token())
              .build();
        });
  }

  @Override
  public void disableUser(DisableUserRequest request, StreamObserver<User> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(Role.ROLE_ADMIN);
          if (request.getReason().isBlank()) {
            throw Rejection.invalid("reason", "say why the user is disabled");
          }
          if (request.getUserId().equals(caller.userId())) {
            throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
                "user_id: an admin cannot disable themselves");
          }
          return toProto(users.disable(caller.actor(), request.getUserId(), request.getReason(), request.getExpectedRevision()));
        });
  }

  private static final Set<String> EDITABLE_USER_FIELDS = Set.of("display_name", "roles", "organisation");

  @Override
  public void updateUser(UpdateUserRequest request, StreamObserver<User> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(Role.ROLE_ADMIN);
          List<String> paths = request.getUpdateMask().getPathsList();
          if (paths.isEmpty()) {
            throw Rejection.invalid("update_mask", "name the fields to change: display_name, roles, organisation");
          }
          for (String path : paths) {
            if (!EDITABLE_USER_FIELDS.contains(path)) {
              throw Rejection.invalid("update_mask", "'" + path + "' cannot be changed here; editable: display_name, roles, organisation");
            }
          }
          User user = request.getUser();
          UserDirectory.ProfileChange change = new UserDirectory.ProfileChange(
              paths.contains("display_name") ? Optional.of(user.getDisplayName()) : Optional.empty(),
              paths.contains("roles")
                  ? Optional.of(user.getRolesList().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(user.getRolesList()))
                  : Optional.empty(),
              paths.contains("organisation") ? Optional.of(user.getOrganisation()) : Optional.empty());
          return toProto(users.update(caller, user.getId(), change, request.getExpectedRevision()));
        });
  }

  @Override
  public void resetPassword(ResetPasswordRequest request, StreamObserver<User> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = AuthInterceptor.caller();
          caller.requireAnyRole(Role.ROLE_ADMIN);
          return toProto(users.resetPassword(caller.actor(), request.getUserId(), request.getNewPassword(), request.getExpectedRevision()));
        });
  }

  @Override
  public void signIn(SignInRequest request, StreamObserver<SignInResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          UserDirectory.SignedIn signedIn = users.signIn(request.getUsername(), request.getPassword(), AuthInterceptor.remoteAddress());
          return SignInResponse.newBuilder()
              .setSessionToken(signedIn.token())
              .setExpiresAt(ProtoTime.toTimestamp(signedIn.expiresAt()))
              .setUser(toProto(signedIn.user()))
              .build();
        });
  }

  @Override
  public void signOut(Empty request, StreamObserver<Empty> observer) {
    Rpc.unary(
        observer,
        () -> {
          users.signOut(AuthInterceptor.caller());
          return Empty.getDefaultInstance();
        });
  }

  static User toProto(StoredUser user) {
    User.Builder proto =
        User.newBuilder()
            .setId(user.id())
            .setUsername(user.username())
            .setDisplayName(user.displayName())
            .addAllRoles(UserDirectory.roles(user))
            .setCreatedAt(ProtoTime.toTimestamp(user.createdAt()))
            .setDisabled(user.disabledAt().isPresent())
            .setDisabledReason(user.disabledReason())
            .setOrganisation(user.organisation())
            .setHasPassword(user.hasPassword())
            .setRevision(user.revision());
    user.disabledAt().ifPresent(at -> proto.setDisabledAt(ProtoTime.toTimestamp(at)));
    user.lastSignedInAt().ifPresent(at -> proto.setLastSignedInAt(ProtoTime.toTimestamp(at)));
    return proto.build();
  }
}
