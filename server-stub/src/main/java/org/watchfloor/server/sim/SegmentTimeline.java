package org.watchfloor.server.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * Numbers the simulator's segments on the wall clock: segment n covers [n d, (n+1) d) since the
 * Unix epoch for segment duration d, the same for every camera, so a live playlist, a recording
 * of a time window and an HTTP-TS stream all name the same footage by the same number.
 */
record SegmentTimeline(Duration segmentDuration) {

  SegmentTimeline {
    if (segmentDuration.toMillis() <= 0 || segmentDuration.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException("segment duration must be a positive whole number of milliseconds: " + segmentDuration);
    }
  }

  long millis() {
    return segmentDuration.toMillis();
  }

  /** The segment being recorded at {@code instant}; earlier ones are complete. */
  long sequenceAt(Instant instant) {
    return Math.floorDiv(instant.toEpochMilli(), millis());
  }

  /** The first segment that starts at or after {@code instant}. */
  long sequenceStartingAtOrAfter(Instant instant) {
    return -Math.floorDiv(-instant.toEpochMilli(), millis());
  }

  Instant startOf(long sequence) {
    return Instant.ofEpochMilli(sequence * millis());
  }

  long ticks() {
    return millis() * TransportStreamSegment.TICKS_PER_SECOND / 1000;
  }
}
