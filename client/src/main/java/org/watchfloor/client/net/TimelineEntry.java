package org.watchfloor.client.net;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of an incident's timeline: a CAD note, an LPR hit, a bookmark, shared footage, a status
 * change. A camera bookmark has the window it keeps; shared footage names its request and clip; an
 * LPR hit carries the read (plate, reader, hotlist).
 */
public record TimelineEntry(
    String id, Instant at, Kind kind, String text, String cameraId, String author, Optional<Window> window, String footageRequestId, String clipId,
    Optional<HotlistHit> lprHit) {

  /** A span of a camera's video, from {@code start} up to {@code end}. */
  public record Window(Instant start, Instant end) {}

  /** What the entry is. */
  public enum Kind {
    CAD_NOTE("CAD"),
    LPR_HIT("LPR"),
    BOOKMARK("Bookmark"),
    FOOTAGE_SHARED("Shared footage"),
    STATUS_CHANGE("Status");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
