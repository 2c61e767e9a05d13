package org.watchfloor.client.net;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * A server stream the client keeps open for as long as it runs (health, Watch lists, sessions):
 * whether it fails or the server completes it, it has ended, and {@link #ended()} decides what next.
 *
 * <p>It asks for messages {@link #WINDOW} at a time rather than one by one (gRPC's default): asked
 * one by one, each message waits for the request of the next to travel from the call's thread to
 * the transport's, and a snapshot of 100,000 cameras spends seconds passing that request back and
 * forth between two threads.
 */
abstract class EndlessStream<T> implements ClientResponseObserver<Object, T> {

  /** Messages asked for ahead; more are asked for each time half of them have arrived. */
  static final int WINDOW = 512;

  private ClientCallStreamObserver<Object> call;
  private int sinceRequest;

  /** One message of the stream, in order, on a gRPC thread. */
  abstract void next(T message);

  /** The stream is over, by error or completion; typically: try again after a backoff. */
  abstract void ended();

  @Override
  public final void beforeStart(ClientCallStreamObserver<Object> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(WINDOW);
  }

  @Override
  public final void onNext(T message) {
    next(message);
    if (call != null && ++sinceRequest == WINDOW / 2) {
      sinceRequest = 0;
      call.request(WINDOW / 2);
    }
  }

  @Override
  public final void onError(Throwable error) {
    ended();
  }

  @Override
  public final void onCompleted() {
    ended();
  }
}
