package org.watchfloor.client.net;

import java.time.Instant;

/** One entry of an incident's timeline: a CAD note, an LPR hit, a bookmark, shared footage, a status change. */
public record TimelineEntry(String id, Instant at, Kind kind, String text, String cameraId, String author) {

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
