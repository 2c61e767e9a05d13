package org.watchfloor.client.net;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * Signs each call in with the user's token (a bearer token, or a session token once signed in), as
 * the broker's interceptor expects.
 */
public final class BearerToken extends CallCredentials {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private volatile String token;

  public BearerToken(String token) {
    this.token = token;
  }

  /** From now on, calls carry {@code newToken}. */
  void use(String newToken) {
    token = newToken;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    String current = token;
    if (!current.isEmpty()) {
      headers.put(AUTHORIZATION, "Bearer " + current);
    }
    applier.apply(headers);
  }
}
