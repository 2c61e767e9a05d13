package org.watchfloor.server.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.store.StoreException;

/** The gRPC edge's one way of answering a unary call and of turning refusals into statuses. */
public final class Rpc {

  private static final Logger LOG = Logger.getLogger(Rpc.class.getName());

  private Rpc() {}

  /** Runs {@code call} and sends its result, or the status its failure maps to. */
  public static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      observer.onError(toStatus(e));
      return;
    }
    observer.onNext(result);
    observer.onCompleted();
  }

  public static StatusRuntimeException toStatus(Throwable error) {
    if (error instanceof StatusRuntimeException status) {
      return status;
    }
    if (error instanceof Rejection rejection) {
      return Status.fromCode(Status.Code.valueOf(rejection.kind().name()))
          .withDescription(rejection.getMessage())
          .asRuntimeException();
    }
    if (error instanceof StoreException) {
      LOG.log(Level.WARNING, "store failure", error);
      return Status.UNAVAILABLE
          .withDescription("the broker's database did not answer; nothing was changed, try again")
          .withCause(error)
          .asRuntimeException();
    }
    LOG.log(Level.SEVERE, "unexpected failure", error);
    return Status.INTERNAL
        .withDescription("the broker failed unexpectedly: " + error)
        .withCause(error)
        .asRuntimeException();
  }
}
