package org.watchfloor.server.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each data class is kept, in whole days: data older than its period is removed by the
 * next purge unless an evidence hold covers it. The one place the rules are read from.
 */
public record RetentionRules(Map<DataClass, Integer> days) {

  /** The longest period a center may set (ten years); longer is almost certainly a typo. */
  public static final int MAX_DAYS = 3650;

  public RetentionRules {
    days = Map.copyOf(days);
  }

  /** Every class at its documented default. */
  public static RetentionRules defaults() {
    Map<DataClass, Integer> days = new EnumMap<>(DataClass.class);
    for (DataClass dataClass : DataClass.values()) {
      days.put(dataClass, dataClass.defaultDays());
    }
    return new RetentionRules(days);
  }

  public int daysFor(DataClass dataClass) {
    return days.getOrDefault(dataClass, dataClass.defaultDays());
  }

  /** The instant before which {@code dataClass} is past its retention at {@code now}. */
  public Instant cutoff(DataClass dataClass, Instant now) {
    return now.minus(Duration.ofDays(daysFor(dataClass)));
  }
}
