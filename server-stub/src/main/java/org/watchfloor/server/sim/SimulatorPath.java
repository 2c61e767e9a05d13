package org.watchfloor.server.sim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The simulator's URL scheme in one place: builds the paths stream tickets point at and parses the
 * requests that come back. Every path carries the camera and the profile; a ticket query parameter
 * is appended by the broker.
 *
 * <pre>
 * /sim/live/{camera}/{profile}/index.m3u8                 live HLS, a sliding window of segments
 * /sim/live/{camera}/{profile}/{n}.ts                     segment n of the wall-clock timeline
 * /sim/live/{camera}/{profile}/stream.ts                  live HTTP MPEG-TS, one endless response
 * /sim/playback/{camera}/{profile}/{from}-{to}/index.m3u8 recording of [from, to) (epoch ms), HLS VOD
 * /sim/playback/{camera}/{profile}/{from}-{to}/{n}.ts     segment n of that recording
 * </pre>
 */
sealed interface SimulatorPath {

  String PREFIX = "/sim/";
  int MAX_CAMERA_ID_LENGTH = 128;
  /** The longest recording one playlist covers, as OpenPlayback allows. */
  Duration MAX_RECORDING_WINDOW = Duration.ofHours(24);

  String cameraId();

  SimulatedProfile profile();

  record LivePlaylist(String cameraId, SimulatedProfile profile) implements SimulatorPath {}

  record LiveSegment(String cameraId, SimulatedProfile profile, long sequence) implements SimulatorPath {}

  record LiveStream(String cameraId, SimulatedProfile profile) implements SimulatorPath {}

  record RecordingPlaylist(String cameraId, SimulatedProfile profile, RecordingWindow window) implements SimulatorPath {}

  record RecordingSegment(String cameraId, SimulatedProfile profile, RecordingWindow window, long sequence)
      implements SimulatorPath {}

  /** The time window [start, end) a recording URL covers. */
  record RecordingWindow(Instant start, Instant end) {

    /** Why the window cannot be a recording URL, if it cannot. */
    static Optional<String> problem(Instant start, Instant end) {
      if (start.isBefore(Instant.EPOCH)) {
        return Optional.of("start: " + start + " is before 1970");
      }
      if (!start.isBefore(end)) {
        return Optional.of("end: " + end + " must be after start " + start);
      }
      if (Duration.between(start, end).compareTo(MAX_RECORDING_WINDOW) > 0) {
        return Optional.of("end: a recording covers at most 24 h, " + start + " to " + end + " is longer");
      }
      return Optional.empty();
    }

    String pathSegment() {
      return start.toEpochMilli() + "-" + end.toEpochMilli();
    }
  }

  static String live(String cameraId, SimulatedProfile profile, String file) {
    return PREFIX + "live/" + encode(cameraId) + "/" + profile.profileName() + "/" + file;
  }

  /** Start and end are truncated to milliseconds, the resolution of the path. */
  static String playback(String cameraId, SimulatedProfile profile, Instant start, Instant end) {
    return PREFIX + "playback/" + encode(cameraId) + "/" + profile.profileName() + "/"
        + new RecordingWindow(start, end).pathSegment() + "/index.m3u8";
  }

  /** Why a camera id cannot appear in a simulator URL, if it cannot. */
  static Optional<String> cameraIdProblem(String cameraId) {
    if (cameraId.isEmpty() || cameraId.length() > MAX_CAMERA_ID_LENGTH) {
      return Optional.of("camera id: must be 1 to " + MAX_CAMERA_ID_LENGTH + " characters");
    }
    if (cameraId.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("camera id: must not contain control characters");
    }
    return Optional.empty();
  }

  /** Parses a raw (still percent-encoded) request path under {@link #PREFIX}. */
  static SimulatorPath parse(String rawPath) throws RejectedRequest {
    if (!rawPath.startsWith(PREFIX)) {
      throw notFound(rawPath);
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    boolean live = parts[0].equals("live") && parts.length == 4;
    boolean playback = parts[0].equals("playback") && parts.length == 5;
    if (!live && !playback) {
      throw notFound(rawPath);
    }
    String cameraId;
    try {
      cameraId = decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(400, "camera id: '" + parts[1] + "' is not valid percent-encoding");
    }
    Optional<String> cameraProblem = cameraIdProblem(cameraId);
    if (cameraProblem.isPresent()) {
      throw new RejectedRequest(400, cameraProblem.get());
    }
    SimulatedProfile profile =
        SimulatedProfile.named(parts[2])
            .orElseThrow(() -> new RejectedRequest(404, "profile: the simulator serves " + profileNames() + ", not '" + parts[2] + "'"));
    String file = parts[parts.length - 1];
    if (live) {
      if (file.equals("index.m3u8")) {
        return new LivePlaylist(cameraId, profile);
      }
      if (file.equals("stream.ts")) {
        return new LiveStream(cameraId, profile);
      }
      return new LiveSegment(cameraId, profile, sequence(file, rawPath));
    }
    RecordingWindow window = window(parts[3]);
    if (file.equals("index.m3u8")) {
      return new RecordingPlaylist(cameraId, profile, window);
    }
    return new RecordingSegment(cameraId, profile, window, sequence(file, rawPath));
  }

  private static long sequence(String file, String rawPath) throws RejectedRequest {
    if (!file.matches("[0-9]{1,15}\\.ts")) {
      throw notFound(rawPath);
    }
    return Long.parseLong(file.substring(0, file.length() - ".ts".length()));
  }

  private static RecordingWindow window(String part) throws RejectedRequest {
    if (!part.matches("[0-9]{1,15}-[0-9]{1,15}")) {
      throw new RejectedRequest(400, "window: '" + part + "' is not {start}-{end} in epoch milliseconds");
    }
    String[] bounds = part.split("-");
    Instant start = Instant.ofEpochMilli(Long.parseLong(bounds[0]));
    Instant end = Instant.ofEpochMilli(Long.parseLong(bounds[1]));
    Optional<String> problem = RecordingWindow.problem(start, end);
    if (problem.isPresent()) {
      throw new RejectedRequest(400, problem.get());
    }
    return new RecordingWindow(start, end);
  }

  private static RejectedRequest notFound(String rawPath) {
    return new RejectedRequest(404, "no such simulator resource: " + rawPath);
  }

  static String profileNames() {
    return Arrays.stream(SimulatedProfile.values()).map(SimulatedProfile::profileName).collect(Collectors.joining(" and "));
  }

  /** Percent-encodes one path segment (URLEncoder writes a space as '+', which a path keeps literally). */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
