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

  /** The timeline an evidence package carries: the broker's Timeline message as JSON; the exception says what is wrong with it. */
  public static IncidentTimeline fromExportedJson(String json) throws java.io.IOException {
    org.watchfloor.proto.v1.Timeline.Builder timeline = org.watchfloor.proto.v1.Timeline.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().ignoringUnknownFields().merge(json, timeline);
    return ContractMapping.timeline(timeline.build());
  }

  /** The same timeline with the package's own recordings over its own window (an evidence package reopened). */
  public IncidentTimeline over(Instant start, Instant end, List<NearbyRecording> packaged) {
    return new IncidentTimeline(incident, entries, packaged, start, end, radiusMeters, tracks);
  }

  /** The same timeline with only {@code kept} of its recordings. */
  public IncidentTimeline withRecordings(List<NearbyRecording> kept) {
    return new IncidentTimeline(incident, entries, kept, windowStart, windowEnd, radiusMeters, tracks);
  }
}
