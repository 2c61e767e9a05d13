package org.watchfloor.server.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.watchfloor.server.Sha256;

/**
 * What one simulated camera shows: a clip and a starting point in it, both taken from a hash of the
 * camera id, so any camera id gets footage without the directory, the choice never changes across
 * restarts, and two cameras on the same clip are usually not in step.
 */
record SimulatedCamera(String cameraId, Clip clip, int offsetSegments) {

  static SimulatedCamera of(String cameraId, List<Clip> clips) {
    ByteBuffer hash = ByteBuffer.wrap(Sha256.digest().digest(cameraId.getBytes(StandardCharsets.UTF_8)));
    Clip clip = clips.get(Math.floorMod(hash.getInt(), clips.size()));
    return new SimulatedCamera(cameraId, clip, Math.floorMod(hash.getInt(), clip.segmentCount()));
  }

  /** Segment {@code sequence} of the timeline as this camera serves it in {@code profile}. */
  byte[] segment(SimulatedProfile profile, long sequence) {
    long position = sequence + offsetSegments;
    int length = clip.segmentCount();
    return clip.rendition(profile).render(sequence, Math.floorMod(position, length), Math.floorDiv(position, length));
  }
}
