package org.watchfloor.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Calls made at the same moment from threads of their own, and the status each ended with. */
final class Race {

  private Race() {}

  static Set<Status.Code> outcomes(List<Callable<?>> calls) throws Exception {
    ExecutorService racers = Executors.newFixedThreadPool(calls.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Status.Code>> outcomes = new ArrayList<>();
      for (Callable<?> call : calls) {
        outcomes.add(racers.submit(() -> {
          start.await();
          try {
            call.call();
            return Status.Code.OK;
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
          }
        }));
      }
      start.countDown();
      Set<Status.Code> codes = new HashSet<>();
      for (Future<Status.Code> outcome : outcomes) {
        codes.add(outcome.get(30, TimeUnit.SECONDS));
      }
      return codes;
    } finally {
      racers.shutdownNow();
    }
  }
}
