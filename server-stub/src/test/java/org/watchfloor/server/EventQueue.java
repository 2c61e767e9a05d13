package org.watchfloor.server;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.LinkedBlockingQueue;

/** A server stream's messages, queued as they arrive, for a test to take in order; the stream's end is ignored. */
public final class EventQueue<T> extends LinkedBlockingQueue<T> implements StreamObserver<T> {

  @Override
  public void onNext(T event) {
    add(event);
  }

  @Override
  public void onError(Throwable error) {}

  @Override
  public void onCompleted() {}
}
