package org.watchfloor.bench;

import java.util.Arrays;

/** Percentiles of measured durations, in nanoseconds, and their display in milliseconds. */
final class Latencies {

  private Latencies() {}

  /** The nearest-rank percentile of {@code values}. */
  static long percentile(long[] values, int percent) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
