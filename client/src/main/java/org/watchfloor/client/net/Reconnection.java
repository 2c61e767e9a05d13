package org.watchfloor.client.net;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a broken stream to the broker is tried again: 0.25 s after a stream that had worked, then
 * doubling up to 8 s while attempts keep failing. Every stream of one connection shares its
 * scheduler.
 */
final class Reconnection {

  static final Duration FIRST = Duration.ofMillis(250);
  static final Duration LONGEST = Duration.ofSeconds(8);

  private final ScheduledExecutorService scheduler;

  Reconnection(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Runs {@code attempt} with the wait its own failure should lead to, after the wait this one
   * calls for: {@code backoff} when the broken stream never worked, the first wait when it had.
   */
  void retry(Duration backoff, boolean hadWorked, Consumer<Duration> attempt) {
    Duration wait = hadWorked ? FIRST : backoff;
    Duration next = hadWorked ? FIRST : (backoff.multipliedBy(2).compareTo(LONGEST) <= 0 ? backoff.multipliedBy(2) : LONGEST);
    scheduler.schedule(() -> attempt.accept(next), wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
