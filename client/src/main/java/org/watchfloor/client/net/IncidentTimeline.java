package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;

/**
 * What replaying an incident needs: the incident, its timeline entries in time order, and the
 * recordings of cameras near it (nearest first, one entry per span), over the window the broker used,
 * and its tracks (whatever the window).
 */
public record IncidentTimeline(
    Incident incident, List<TimelineEntry> entries, List<NearbyRecording> recordings, Instant windowStart, Instant windowEnd, double radiusMeters,
    List<Track> tracks) {

  public IncidentTimeline {
    entries = List.copyOf(entries);
    recordings = List.copyOf(recordings);
    tracks = List.copyOf(tracks);
  }

  /** The same timeline with only {@code kept} of its recordings. */
  public IncidentTimeline withRecordings(List<NearbyRecording> kept) {
    return new IncidentTimeline(incident, entries, kept, windowStart, windowEnd, radiusMeters, tracks);
  }
}
