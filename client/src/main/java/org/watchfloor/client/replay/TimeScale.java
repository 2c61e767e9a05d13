package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The marks of a time axis in the center's time zone, from days down to single frames. Steps below
 * a day are counted on the UTC line and labelled in local time, so a day on which daylight saving
 * starts shows its 23 hours and one on which it ends its 25 (01:00 twice); day marks fall on local
 * midnights.
 */
final class TimeScale {

  /** One mark: where, its label, and whether it starts a day (drawn taller, with the date). */
  record Tick(Instant at, String label, boolean dayStart) {}

  /** Steps a mark may be apart, shortest first; the first at least {@link #MIN_PIXELS} apart on screen is used. */
  private static final List<Duration> STEPS = List.of(TimeCode.FRAME, Duration.ofMillis(200), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
      Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
      Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
      Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));
  static final double MIN_PIXELS = 64;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM");

  private TimeScale() {}

  /** The step between marks when one second takes {@code pixelsPerSecond}. */
  static Duration step(double pixelsPerSecond) {
    for (Duration step : STEPS) {
      if (step.toNanos() / 1e9 * pixelsPerSecond >= MIN_PIXELS) {
        return step;
      }
    }
    return STEPS.get(STEPS.size() - 1);
  }

  /** The marks within [from, to] at {@code pixelsPerSecond}, labelled in {@code zone}. */
  static List<Tick> ticks(Instant from, Instant to, double pixelsPerSecond, ZoneId zone) {
    Duration step = step(pixelsPerSecond);
    List<Tick> ticks = new ArrayList<>();
    if (step.equals(Duration.ofDays(1))) {
      for (LocalDate day = LocalDate.ofInstant(from, zone); !day.atStartOfDay(zone).toInstant().isAfter(to); day = day.plusDays(1)) {
        Instant midnight = day.atStartOfDay(zone).toInstant();
        if (!midnight.isBefore(from)) {
          ticks.add(new Tick(midnight, DAY.format(day), true));
        }
      }
      return ticks;
    }
    DateTimeFormatter format = DateTimeFormatter.ofPattern(step.compareTo(Duration.ofSeconds(1)) < 0 ? "HH:mm:ss.SSS"
        : step.compareTo(Duration.ofMinutes(1)) < 0 ? "HH:mm:ss" : "HH:mm").withZone(zone);
    // Aligned to the step in local time where the zone's offset allows (whole hours of offset for
    // steps of hours), else on the UTC line; frames on the recordings' frame grid.
    Instant first = step.equals(TimeCode.FRAME) ? TimeCode.frameStart(from) : aligned(from, step, zone);
    for (Instant at = first; !at.isAfter(to); at = step.equals(TimeCode.FRAME) ? TimeCode.step(at, 1) : at.plus(step)) {
      if (!at.isBefore(from)) {
        ZonedDateTime local = at.atZone(zone);
        boolean midnight = local.toLocalTime().toSecondOfDay() == 0 && local.getNano() == 0;
        ticks.add(new Tick(at, midnight ? DAY.format(local) : format.format(at), midnight));
      }
    }
    return ticks;
  }

  /** The last instant at or before {@code at} that is a whole number of steps into its local day's offset. */
  private static Instant aligned(Instant at, Duration step, ZoneId zone) {
    long offsetNanos = zone.getRules().getOffset(at).getTotalSeconds() * 1_000_000_000L;
    long epochNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano() + offsetNanos;
    long stepNanos = step.toNanos();
    long local = Math.floorDiv(epochNanos, stepNanos) * stepNanos;
    return Instant.ofEpochSecond(0, local - offsetNanos);
  }
}
