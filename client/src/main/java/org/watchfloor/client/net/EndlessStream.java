package org.watchfloor.client.net;

import io.grpc.stub.StreamObserver;

/**
 * A server stream the client keeps open for as long as it runs (health, Watch lists, sessions):
 * whether it fails or the server completes it, it has ended, and {@link #ended()} decides what next.
 */
abstract class EndlessStream<T> implements StreamObserver<T> {

  /** The stream is over, by error or completion; typically: try again after a backoff. */
  abstract void ended();

  @Override
  public final void onError(Throwable error) {
    ended();
  }

  @Override
  public final void onCompleted() {
    ended();
  }
}
