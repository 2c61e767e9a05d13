package org.watchfloor.client.map;

import java.util.List;

/**
 * What an incident being replayed puts on the map: a marker at the camera of each of its bookmarks
 * and each of its tracks as a path through its steps' cameras, in order.
 */
public record EvidenceMarks(List<Place> bookmarks, List<List<Place>> tracks) {

  /** A point on the map, WGS84. */
  public record Place(double latitude, double longitude) {}

  public EvidenceMarks {
    bookmarks = List.copyOf(bookmarks);
    tracks = tracks.stream().map(List::copyOf).toList();
  }
}
