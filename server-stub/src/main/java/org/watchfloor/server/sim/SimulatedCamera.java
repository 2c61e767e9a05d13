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
record SimulatedCamera(String cameraId, Clip clip, int offsetSegments, long gapPhase) {

  /**
   * The recorder's rhythm: it records every segment except {@link #GAP_SEGMENTS} in each
   * {@link #GAP_PERIOD_SEGMENTS} (30 s every 10 min with 2 s segments), at a phase taken from the
   * camera id, so recordings have gaps a replay must show, at known places.
   */
  static final int GAP_PERIOD_SEGMENTS = 300;

  static final int GAP_SEGMENTS = 15;

  static SimulatedCamera of(String cameraId, List<Clip> clips) {
    ByteBuffer hash = ByteBuffer.wrap(Sha256.digest().digest(cameraId.getBytes(StandardCharsets.UTF_8)));
    Clip clip = clips.get(Math.floorMod(hash.getInt(), clips.size()));
    int offset = Math.floorMod(hash.getInt(), clip.segmentCount());
    return new SimulatedCamera(cameraId, clip, offset, Math.floorMod(hash.getInt(), GAP_PERIOD_SEGMENTS));
  }

  /** Whether the recorder kept segment {@code sequence} of the timeline. */
  boolean recorded(long sequence) {
    return Math.floorMod(sequence - gapPhase, GAP_PERIOD_SEGMENTS) >= GAP_SEGMENTS;
  }

  /** The frames of segment {@code sequence} as MP4 samples, PTS offsets from the segment's start. */
  List<VideoSample> samples(SimulatedProfile profile, long sequence) {
    return clip.rendition(profile).samples(clipSegment(sequence));
  }

  private int clipSegment(long sequence) {
    return Math.floorMod(sequence + offsetSegments, clip.segmentCount());
  }

  /** Segment {@code sequence} of the timeline as this camera serves it in {@code profile}. */
  byte[] segment(SimulatedProfile profile, long sequence) {
    long position = sequence + offsetSegments;
    int length = clip.segmentCount();
    return clip.rendition(profile).render(sequence, Math.floorMod(position, length), Math.floorDiv(position, length));
  }
}
