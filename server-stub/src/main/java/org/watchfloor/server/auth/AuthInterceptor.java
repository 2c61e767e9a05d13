package org.watchfloor.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.StoreException;

/**
 * Checks the bearer token of every call (health and reflection excepted) and makes the caller
 * available to the service through {@link #caller()}.
 */
public final class AuthInterceptor implements ServerInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Caller> CALLER = Context.key("watchfloor-caller");
  /** Services a load balancer or a developer's grpcurl may use without a token. */
  private static final Set<String> OPEN_SERVICES =
      Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

  private final UserDirectory users;

  public AuthInterceptor(UserDirectory users) {
    this.users = users;
  }

  /** The caller of the current call; only valid inside a service method. */
  public static Caller caller() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new IllegalStateException("no caller: the service is not behind AuthInterceptor");
    }
    return caller;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "sign in: send the header 'authorization: Bearer <token>' (demo tokens are in demo-credentials.json in the data folder)"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Optional<Caller> caller;
    try {
      caller = users.authenticate(header.substring(7).trim());
    } catch (StoreException e) {
      call.close(Rpc.toStatus(e).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (caller.isEmpty()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "the bearer token is unknown or its user is disabled; ask an admin for a new token"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller.get()), call, headers, next);
  }
}
