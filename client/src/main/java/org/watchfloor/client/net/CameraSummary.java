package org.watchfloor.client.net;

import java.util.List;
import java.util.Map;

/**
 * The broker's clusters of a map view, for a directory too large for the client to hold: the
 * clusters in the view, how many cameras are in it, and the directory's totals for the legend.
 */
public record CameraSummary(long revision, int total, Map<CameraType, Integer> directoryByType, int inView, List<Cluster> clusters) {

  /** Cameras in one cell of the broker's grid; {@code single} is set when there is just one. */
  public record Cluster(double latitude, double longitude, int count, CameraType dominant, Camera single) {}
}
