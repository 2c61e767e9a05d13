package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;

/**
 * What replaying an incident needs: the incident, its timeline entries in time order, and the
 * recordings of cameras near it (nearest first, one entry per span), over the window the broker used.
 */
public record IncidentTimeline(
    Incident incident, List<TimelineEntry> entries, List<NearbyRecording> recordings, Instant windowStart, Instant windowEnd, double radiusMeters) {

  public IncidentTimeline {
    entries = List.copyOf(entries);
    recordings = List.copyOf(recordings);
  }
}
