package org.watchfloor.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Set;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.server.Rejection;
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
  private static final Context.Key<String> REMOTE_ADDRESS = Context.key("watchfloor-remote-address");
  /** Services a load balancer or a developer's grpcurl may use without a token. */
  private static final Set<String> OPEN_SERVICES =
      Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
  /** Signing in is how a person gets a token, so it needs none. */
  private static final String SIGN_IN = SessionServiceGrpc.getSignInMethod().getFullMethodName();

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

  /** Where the current call came from, for audit rows of sign-in attempts ("unknown" when the transport does not say). */
  public static String remoteAddress() {
    String address = REMOTE_ADDRESS.get();
    return address == null ? "unknown" : address;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    Context context = Context.current().withValue(REMOTE_ADDRESS, remote == null ? null : remote.toString());
    if (call.getMethodDescriptor().getFullMethodName().equals(SIGN_IN)) {
      return Contexts.interceptCall(context, call, headers, next);
    }
    String header = headers.get(AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "authorization: sign in (SessionService.SignIn) and send the header 'authorization: Bearer <token>' (demo sign-ins are in demo-credentials.json in the data folder)"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Caller caller;
    try {
      caller = users.authenticate(header.substring(7).trim());
    } catch (StoreException | Rejection e) {
      call.close(Rpc.toStatus(e).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(context.withValue(CALLER, caller), call, headers, next);
  }
}
