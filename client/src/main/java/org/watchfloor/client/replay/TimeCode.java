package org.watchfloor.client.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * The time code in every recorded frame, read back from the picture: the simulator's clips carry
 * their frame number in a strip of 16 blocks along the bottom-left corner (8 pairs, one per bit,
 * most significant first, the lighter block of a pair on the left for a 1), and since recordings are
 * laid on the wall clock in 2 s segments of 30 frames, the number gives the capture time modulo 2 s
 * exactly. The replay clock, never a second off, supplies the rest. See the server's clips/CLIPS.md.
 */
final class TimeCode {

  static final int FRAMES_PER_SECOND = 15;
  private static final long SEGMENT_NANOS = 2_000_000_000L;
  private static final int FRAMES_PER_SEGMENT = 30;
  private static final long SECOND = 1_000_000_000L;
  /** One frame interval (66.7 ms): the unit sync is judged in. */
  static final Duration FRAME = Duration.ofNanos(SECOND / FRAMES_PER_SECOND);
  /** Pairs whose two blocks differ less than this (0..255) are not a time code (e.g. a frame of other footage). */
  private static final int CONTRAST = 64;

  private TimeCode() {}

  /**
   * The frame number burned into a BGRA frame of {@code width} x {@code height} (as libVLC hands it
   * to a tile, scaled as a whole), or -1 when the strip is not there.
   */
  static int read(ByteBuffer bgra, int width, int height) {
    double block = width / 40.0;
    if (block < 3 || height < block) {
      return -1;
    }
    int y = (int) (height - block / 2);
    int value = 0;
    for (int bit = 0; bit < 8; bit++) {
      int left = green(bgra, (int) ((2 * bit + 0.5) * block), y, width);
      int right = green(bgra, (int) ((2 * bit + 1.5) * block), y, width);
      if (Math.abs(left - right) < CONTRAST) {
        return -1;
      }
      value = value << 1 | (left > right ? 1 : 0);
    }
    return value;
  }

  /** The green channel (close to luma for a grey strip) of one pixel. */
  private static int green(ByteBuffer bgra, int x, int y, int width) {
    return bgra.get((y * width + x) * 4 + 1) & 0xFF;
  }

  /** When the frame with time code {@code code} was captured: the instant of that frame nearest to {@code near}. */
  static Instant captureTime(int code, Instant near) {
    int frame = Math.floorMod(code, FRAMES_PER_SEGMENT);
    long segment = Math.floorDiv(near.getEpochSecond(), 2);
    Instant best = null;
    for (long candidate = segment - 1; candidate <= segment + 1; candidate++) {
      Instant at = frameInstant(candidate, frame);
      if (best == null || Duration.between(at, near).abs().compareTo(Duration.between(best, near).abs()) < 0) {
        best = at;
      }
    }
    return best;
  }

  /**
   * When the frame with time code {@code code} was captured: its first instant at or after
   * {@code notBefore} (less half a frame), for frames known to come after a moment, such as those of
   * a window that starts at a keyframe.
   */
  static Instant captureTimeAfter(int code, Instant notBefore) {
    Instant earliest = notBefore.minus(FRAME.dividedBy(2));
    Instant at = frameInstant(Math.floorDiv(earliest.getEpochSecond(), 2) - 1, Math.floorMod(code, FRAMES_PER_SEGMENT));
    while (at.isBefore(earliest)) {
      at = at.plusSeconds(2);
    }
    return at;
  }

  /** The start of the 2 s segment (and keyframe) holding {@code at}. */
  static Instant keyframeBefore(Instant at) {
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 2) * 2);
  }

  /** The start of the frame that shows at {@code at}. */
  static Instant frameStart(Instant at) {
    long segment = Math.floorDiv(at.getEpochSecond(), 2);
    long intoSegment = Math.floorMod(at.getEpochSecond(), 2) * SECOND + at.getNano();
    return frameInstant(segment, (int) (intoSegment * FRAMES_PER_SECOND / SECOND));
  }

  /** The start of the frame {@code frames} frames after (or, negative, before) the one showing at {@code at}. */
  static Instant step(Instant at, int frames) {
    long segment = Math.floorDiv(at.getEpochSecond(), 2);
    long intoSegment = Math.floorMod(at.getEpochSecond(), 2) * SECOND + at.getNano();
    long index = segment * FRAMES_PER_SEGMENT + intoSegment * FRAMES_PER_SECOND / SECOND + frames;
    return frameInstant(Math.floorDiv(index, FRAMES_PER_SEGMENT), (int) Math.floorMod(index, FRAMES_PER_SEGMENT));
  }

  /** Frame {@code frame} of 2 s segment {@code segment} starts ceil(frame / 15 s) after the segment (to the nanosecond). */
  private static Instant frameInstant(long segment, int frame) {
    return Instant.ofEpochSecond(segment * 2).plusNanos((frame * SECOND + FRAMES_PER_SECOND - 1) / FRAMES_PER_SECOND);
  }

  /** {@code offset} in frames, rounded to the nearest. */
  static long frames(Duration offset) {
    return Math.round(offset.toNanos() / (double) FRAME.toNanos());
  }
}
