package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;

/**
 * An ordered path of an incident's camera bookmarks (a person or a car moving through the area),
 * replayed step by step; {@code revision} is what a change or deletion is based on.
 */
public record Track(String id, String incidentId, String name, List<String> bookmarkIds, String author, Instant updatedAt, long revision) {

  public Track {
    bookmarkIds = List.copyOf(bookmarkIds);
  }
}
