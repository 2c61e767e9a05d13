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
}
