package org.watchfloor.client.net;

import java.time.Instant;

/**
 * A span of recorded video of a camera near an incident: the center's continuous recording of a
 * public camera, or a clip a private camera's owner shared ({@code clipId} set).
 */
public record NearbyRecording(String cameraId, String cameraName, double distanceMeters, Instant start, Instant end, String clipId) {

  public boolean ownerShared() {
    return !clipId.isEmpty();
  }
}
