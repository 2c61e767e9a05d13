package org.watchfloor.server.store;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Conversions between protobuf timestamps, {@link Instant} and SQL timestamps with time zone. */
public final class ProtoTime {

  private ProtoTime() {}

  public static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  public static Timestamp toTimestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  static Instant toInstant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
