package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;

/**
 * What an incident's timeline offers for an evidence export: recorded cameras near it (nearest
 * first), camera bookmarks with their windows, and clips owners shared.
 */
public record ExportSuggestions(Instant incidentOpenedAt, List<RecordedCamera> recorded, List<Bookmark> bookmarks, List<SharedClip> clips) {

  /** A camera whose recording covers part of the timeline's window. */
  public record RecordedCamera(String cameraId, String cameraName, double distanceMeters, Instant start, Instant end) {}

  /** A camera bookmark and the window it marks. */
  public record Bookmark(String cameraId, String note, Instant start, Instant end) {}

  /** A clip an owner shared for a footage request of the incident. */
  public record SharedClip(String footageRequestId, String clipId, String cameraId, String text) {}

  /** What {@code timeline} offers: its continuous recordings, camera bookmarks and shared clips. */
  static ExportSuggestions of(IncidentTimeline timeline) {
    List<RecordedCamera> recorded = timeline.recordings().stream()
        .filter(recording -> !recording.ownerShared())
        .map(recording -> new RecordedCamera(recording.cameraId(), recording.cameraName(), recording.distanceMeters(), recording.start(), recording.end()))
        .toList();
    List<Bookmark> bookmarks = timeline.entries().stream()
        .filter(entry -> entry.kind() == TimelineEntry.Kind.BOOKMARK && entry.window().isPresent())
        .map(entry -> new Bookmark(entry.cameraId(), entry.text(), entry.window().get().start(), entry.window().get().end()))
        .toList();
    List<SharedClip> clips = timeline.entries().stream()
        .filter(entry -> entry.kind() == TimelineEntry.Kind.FOOTAGE_SHARED && !entry.clipId().isEmpty())
        .map(entry -> new SharedClip(entry.footageRequestId(), entry.clipId(), entry.cameraId(), entry.text()))
        .toList();
    return new ExportSuggestions(timeline.incident().openedAt(), recorded, bookmarks, clips);
  }
}
