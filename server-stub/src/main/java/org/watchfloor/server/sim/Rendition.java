package org.watchfloor.server.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clip in one profile: its segments, re-stamped on demand so that the clip, repeated forever,
 * plays as one stream whose clocks and continuity counters never jump, not even at the loop point.
 */
final class Rendition {

  private final List<TransportStreamSegment> segments;
  private final long segmentTicks;
  /** Per segment, per PID of that segment: payload packets of that PID in the clip before it. */
  private final List<int[]> payloadPacketsBefore = new ArrayList<>();
  /** Per segment, per PID of that segment: payload packets of that PID in one whole loop of the clip. */
  private final List<int[]> payloadPacketsPerLoop = new ArrayList<>();
  /** Per segment, its frames as MP4 samples: a recording's answer is packed from these. */
  private final List<List<VideoSample>> samples;
  private final VideoSample.ParameterSets parameterSets;

  /**
   * Checks that the segments are back to back and {@code segmentTicks} long each: a segment's
   * first PTS must be the clip's first PTS plus its index times the segment duration.
   */
  Rendition(String name, List<TransportStreamSegment> segments, long segmentTicks) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException(name + ": no segments");
    }
    this.segments = List.copyOf(segments);
    this.segmentTicks = segmentTicks;
    long clipStart = segments.get(0).firstPts();
    Map<Integer, Integer> perLoop = new LinkedHashMap<>();
    for (int index = 0; index < segments.size(); index++) {
      TransportStreamSegment segment = segments.get(index);
      long expected = Math.floorMod(clipStart + index * segmentTicks, TransportStreamSegment.TIMESTAMP_MODULUS);
      if (segment.firstPts() != expected) {
        throw new IllegalArgumentException(
            name + ": segment " + index + " starts at PTS " + segment.firstPts() + ", expected " + expected
                + " (segments must be " + segmentTicks + " ticks long each, starting on a keyframe)");
      }
      int[] pids = segment.pids();
      int[] before = new int[pids.length];
      for (int p = 0; p < pids.length; p++) {
        before[p] = perLoop.getOrDefault(pids[p], 0);
      }
      payloadPacketsBefore.add(before);
      for (int p = 0; p < pids.length; p++) {
        perLoop.merge(pids[p], segment.payloadPackets(p), Integer::sum);
      }
    }
    for (TransportStreamSegment segment : segments) {
      payloadPacketsPerLoop.add(Arrays.stream(segment.pids()).map(perLoop::get).toArray());
    }
    this.samples = segments.stream().map(TransportStreamSegment::videoSamples).toList();
    this.parameterSets = segments.get(0).parameterSets();
  }

  /** The frames of clip segment {@code clipSegment} as MP4 samples, PTS offsets from the segment's start. */
  List<VideoSample> samples(int clipSegment) {
    return samples.get(clipSegment);
  }

  VideoSample.ParameterSets parameterSets() {
    return parameterSets;
  }

  int segmentCount() {
    return segments.size();
  }

  long totalBytes() {
    return segments.stream().mapToLong(TransportStreamSegment::size).sum();
  }

  /**
   * Clip segment {@code clipSegment} of loop {@code loop}, stamped as segment {@code sequence} of
   * the timeline: its first PTS becomes the clip's first PTS plus {@code sequence} segment
   * durations (so every camera's clock follows the wall clock), and each PID's continuity counter
   * continues from the packets of all the loops and segments before it.
   */
  byte[] render(long sequence, int clipSegment, long loop) {
    TransportStreamSegment segment = segments.get(clipSegment);
    int[] before = payloadPacketsBefore.get(clipSegment);
    int[] perLoop = payloadPacketsPerLoop.get(clipSegment);
    int[] firstCounters = new int[before.length];
    for (int p = 0; p < before.length; p++) {
      firstCounters[p] = (int) Math.floorMod(Math.floorMod(loop, 16) * perLoop[p] + before[p], 16L);
    }
    long shift = Math.floorMod((sequence - clipSegment) * segmentTicks, TransportStreamSegment.TIMESTAMP_MODULUS);
    return segment.restamped(shift, firstCounters);
  }
}
