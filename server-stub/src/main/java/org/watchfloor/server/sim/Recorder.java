package org.watchfloor.server.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchfloor.server.stream.PlaybackQuery;

/**
 * The simulated cameras' recorders, answered as MediaMTX's playback server answers: {@code /list}
 * gives the recorded spans of a window (a camera's recorder skips a few segments now and then, see
 * {@link SimulatedCamera#recorded}), {@code /get} packs the frames of a window into fMP4 or MP4
 * without re-encoding, starting with the keyframe before {@code start}. Frames before {@code start}
 * last zero time, so media time 0 of the answer is {@code start}; the answer ends at the window's
 * end, at the first gap or at the last complete segment, whichever comes first.
 */
final class Recorder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TICKS_PER_MILLI = Mp4Writer.TIMESCALE / 1000;

  /** A stretch of recording with no gap: [start, end). */
  record Span(Instant start, Instant end) {}

  private final SegmentTimeline timeline;

  Recorder(SegmentTimeline timeline) {
    this.timeline = timeline;
  }

  /** The recorded spans of [from, to), cut at the segment being recorded now ({@code now}). */
  List<Span> spans(SimulatedCamera camera, Instant from, Instant to, long now) {
    List<Span> spans = new ArrayList<>();
    long end = Math.min(timeline.sequenceStartingAtOrAfter(to), now);
    long runStart = -1;
    for (long sequence = timeline.sequenceAt(from); sequence <= end; sequence++) {
      boolean recorded = sequence < end && camera.recorded(sequence);
      if (recorded && runStart < 0) {
        runStart = sequence;
      } else if (!recorded && runStart >= 0) {
        Instant spanStart = timeline.startOf(runStart);
        Instant spanEnd = timeline.startOf(sequence);
        spans.add(new Span(spanStart.isBefore(from) ? from : spanStart, spanEnd.isAfter(to) ? to : spanEnd));
        runStart = -1;
      }
    }
    return spans;
  }

  /** MediaMTX's {@code /list} answer: {@code [{"start", "duration" (s), "url"}]}, each url a {@code /get} of the span. */
  static byte[] json(List<Span> spans, SimulatorPath path, String getBase) {
    ArrayNode list = JSON.createArrayNode();
    for (Span span : spans) {
      Duration duration = Duration.between(span.start(), span.end());
      PlaybackQuery.Get get = new PlaybackQuery.Get(
          new PlaybackQuery.MediaPath(path.cameraId(), path.profile().profileName()), span.start(), duration, PlaybackQuery.Format.FMP4);
      list.addObject()
          .put("start", span.start().toString())
          .put("duration", BigDecimal.valueOf(duration.toMillis()).movePointLeft(3))
          .put("url", getBase + PlaybackQuery.getQuery(get));
    }
    try {
      return JSON.writeValueAsBytes(list);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON array of strings and numbers always serializes", e);
    }
  }

  /** Answers a {@code /get}; 404 when {@code start} is not in a recorded segment. */
  void send(HttpExchange exchange, SimulatedCamera camera, SimulatorPath.Recording recording, long now)
      throws IOException, RejectedRequest {
    long first = timeline.sequenceAt(recording.start());
    if (first >= now || !camera.recorded(first)) {
      throw new RejectedRequest(404, "start: no recording of " + camera.cameraId() + " at " + recording.start()
          + (first >= now ? " yet" : " (a gap in the recording; /list shows what exists)"));
    }
    long windowStart = ticks(recording.start());
    long windowEnd = ticks(recording.end());
    Mp4Writer.Track track = new Mp4Writer.Track(recording.profile().width(), recording.profile().height(),
        camera.clip().rendition(recording.profile()).parameterSets());
    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
    exchange.getResponseHeaders().set("Accept-Ranges", "none");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (recording.format() == PlaybackQuery.Format.MP4) {
      List<Mp4Writer.Sample> all = new ArrayList<>();
      for (long sequence = first; covers(camera, sequence, now, windowEnd); sequence++) {
        all.addAll(samples(camera, recording.profile(), sequence, windowStart, windowEnd));
      }
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        Mp4Writer.progressive(out, track, all);
      }
      return;
    }
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(Mp4Writer.initialization(track));
      long decodeTime = 0;
      int fragment = 1;
      for (long sequence = first; covers(camera, sequence, now, windowEnd); sequence++) {
        List<Mp4Writer.Sample> samples = samples(camera, recording.profile(), sequence, windowStart, windowEnd);
        out.write(Mp4Writer.fragment(fragment++, decodeTime, samples));
        decodeTime += samples.stream().mapToLong(Mp4Writer.Sample::duration).sum();
      }
    }
  }

  /** Whether segment {@code sequence} still belongs to the answer: complete, recorded, and starting before the window ends. */
  private boolean covers(SimulatedCamera camera, long sequence, long now, long windowEnd) {
    return sequence < now && camera.recorded(sequence) && timeline.startOf(sequence).toEpochMilli() * TICKS_PER_MILLI < windowEnd;
  }

  /**
   * The frames of segment {@code sequence} that show in [windowStart, windowEnd) (90 kHz ticks since
   * the epoch), each lasting the part of its frame interval inside the window: zero before it.
   */
  private List<Mp4Writer.Sample> samples(
      SimulatedCamera camera, SimulatedProfile profile, long sequence, long windowStart, long windowEnd) {
    List<VideoSample> frames = camera.samples(profile, sequence);
    long segmentStart = timeline.startOf(sequence).toEpochMilli() * TICKS_PER_MILLI;
    List<Mp4Writer.Sample> samples = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      long shown = segmentStart + frames.get(i).ptsOffset();
      if (shown >= windowEnd) {
        break;
      }
      long next = segmentStart + (i + 1 < frames.size() ? frames.get(i + 1).ptsOffset() : timeline.ticks());
      long duration = Math.max(0, Math.min(next, windowEnd) - Math.max(shown, windowStart));
      samples.add(new Mp4Writer.Sample(frames.get(i), duration));
    }
    return samples;
  }

  private static long ticks(Instant instant) {
    return Math.multiplyExact(instant.getEpochSecond(), (long) Mp4Writer.TIMESCALE) + instant.getNano() * 9L / 100_000;
  }
}
