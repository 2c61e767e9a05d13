package org.watchfloor.server.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clips the simulator loops, read once from the classpath and kept in memory (about 3 MB):
 * {@code clips/clips.txt} names them, and each {@code clips/<clip>/<profile>/} folder holds the VOD
 * playlist ffmpeg wrote and its MPEG-TS segments (see clips/CLIPS.md for how they were made).
 */
final class ClipLibrary {

  private static final String FOLDER = "clips/";
  private static final String INDEX = FOLDER + "clips.txt";
  private static final String PLAYLIST = "clip.m3u8";

  private final List<Clip> clips;
  private final SegmentTimeline timeline;

  private ClipLibrary(List<Clip> clips, SegmentTimeline timeline) {
    this.clips = List.copyOf(clips);
    this.timeline = timeline;
  }

  /** Loads the clips committed under this package's {@code clips/} resource folder. */
  static ClipLibrary bundled() {
    List<String> names =
        text(INDEX).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    if (names.isEmpty()) {
      throw new IllegalStateException(INDEX + " names no clip");
    }
    Duration segmentDuration = null;
    Map<String, Map<SimulatedProfile, List<TransportStreamSegment>>> segments = new LinkedHashMap<>();
    for (String name : names) {
      Map<SimulatedProfile, List<TransportStreamSegment>> perProfile = new EnumMap<>(SimulatedProfile.class);
      for (SimulatedProfile profile : SimulatedProfile.values()) {
        String folder = FOLDER + name + "/" + profile.profileName() + "/";
        List<TransportStreamSegment> parsed = new ArrayList<>();
        for (PlaylistEntry entry : playlist(folder + PLAYLIST)) {
          if (segmentDuration == null) {
            segmentDuration = entry.duration();
          } else if (!segmentDuration.equals(entry.duration())) {
            throw new IllegalStateException(
                folder + entry.uri() + " lasts " + entry.duration() + "; every segment of every clip must last " + segmentDuration);
          }
          parsed.add(TransportStreamSegment.parse(folder + entry.uri(), bytes(folder + entry.uri())));
        }
        perProfile.put(profile, parsed);
      }
      segments.put(name, perProfile);
    }
    SegmentTimeline timeline = new SegmentTimeline(segmentDuration);
    List<Clip> clips = new ArrayList<>();
    segments.forEach(
        (name, perProfile) -> {
          Map<SimulatedProfile, Rendition> renditions = new EnumMap<>(SimulatedProfile.class);
          perProfile.forEach(
              (profile, parsed) ->
                  renditions.put(profile, new Rendition(name + "/" + profile.profileName(), parsed, timeline.ticks())));
          long counts = renditions.values().stream().mapToInt(Rendition::segmentCount).distinct().count();
          if (counts != 1) {
            throw new IllegalStateException("clip " + name + " must have as many segments in every profile");
          }
          clips.add(new Clip(name, renditions));
        });
    return new ClipLibrary(clips, timeline);
  }

  List<Clip> clips() {
    return clips;
  }

  SegmentTimeline timeline() {
    return timeline;
  }

  /** Bytes of every segment of every clip, as held in memory. */
  long totalBytes() {
    return clips.stream()
        .flatMap(clip -> clip.renditions().values().stream())
        .mapToLong(Rendition::totalBytes)
        .sum();
  }

  private record PlaylistEntry(Duration duration, String uri) {}

  /** The segments of one of ffmpeg's VOD playlists: each {@code #EXTINF:seconds,} line and the URI after it. */
  private static List<PlaylistEntry> playlist(String resource) {
    List<PlaylistEntry> entries = new ArrayList<>();
    Duration pending = null;
    for (String line : text(resource).lines().map(String::strip).toList()) {
      if (line.startsWith("#EXTINF:")) {
        String seconds = line.substring("#EXTINF:".length()).split(",", 2)[0];
        pending = Duration.ofMillis(new BigDecimal(seconds).movePointRight(3).longValueExact());
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (pending == null) {
          throw new IllegalStateException(resource + ": segment " + line + " has no #EXTINF line before it");
        }
        entries.add(new PlaylistEntry(pending, line));
        pending = null;
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalStateException(resource + " lists no segment");
    }
    return entries;
  }

  private static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = ClipLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the simulator's " + resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulator's " + resource, e);
    }
  }
}
