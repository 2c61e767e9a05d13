package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A footage request to a camera owner as the timeline shows it: which cameras and window, where it
 * stands ("sent", "fulfilled", ...), when it was made and when it reached its final state.
 */
public record RequestedFootage(
    String id, List<String> cameraIds, Instant windowStart, Instant windowEnd, String status, Instant createdAt, Optional<Instant> decidedAt,
    String reason) {

  public RequestedFootage {
    cameraIds = List.copyOf(cameraIds);
  }
}
