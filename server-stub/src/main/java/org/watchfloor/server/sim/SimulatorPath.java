package org.watchfloor.server.sim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.watchfloor.server.stream.PlaybackQuery;

/**
 * The simulator's URL scheme in one place: builds the paths stream tickets point at and parses the
 * requests that come back. Every request names the camera and the profile; a ticket query parameter
 * is appended by the broker.
 *
 * <pre>
 * /sim/live/{camera}/{profile}/index.m3u8   live HLS, a sliding window of segments
 * /sim/live/{camera}/{profile}/{n}.ts       segment n of the wall-clock timeline
 * /sim/live/{camera}/{profile}/stream.ts    live HTTP MPEG-TS, one endless response
 * /sim/playback/list?path=cam/{camera}/{profile}[&start=&end=]                 MediaMTX's playback API:
 * /sim/playback/get?path=cam/{camera}/{profile}&start=&duration=&format=       recorded spans, a recording
 * /sim/device/{name}/index.m3u8             an owner's camera as it serves itself: HLS behind HTTP Basic
 * /sim/device/{name}/{n}.ts                 (user "owner", password "demo-pass-2468"), no ticket
 * </pre>
 */
sealed interface SimulatorPath {

  String PREFIX = "/sim/";
  String PLAYBACK = PREFIX + "playback";
  int MAX_CAMERA_ID_LENGTH = 128;

  String cameraId();

  SimulatedProfile profile();

  record LivePlaylist(String cameraId, SimulatedProfile profile) implements SimulatorPath {}

  record LiveSegment(String cameraId, SimulatedProfile profile, long sequence) implements SimulatorPath {}

  record LiveStream(String cameraId, SimulatedProfile profile) implements SimulatorPath {}

  /** An owner's simulated camera, before the center connects it: its own playlist, behind its own password. */
  record DevicePlaylist(String cameraId, SimulatedProfile profile) implements SimulatorPath {}

  /** A segment of an owner's simulated camera. */
  record DeviceSegment(String cameraId, SimulatedProfile profile, long sequence) implements SimulatorPath {}

  /** The credentials every simulated owner's camera asks for. */
  String DEVICE_USER = "owner";
  String DEVICE_PASSWORD = "demo-pass-2468";

  /** MediaMTX's {@code /list}: the recorded spans, within {@code start} and {@code end} when given. */
  record RecordedSpans(String cameraId, SimulatedProfile profile, Optional<Instant> start, Optional<Instant> end)
      implements SimulatorPath {}

  /** MediaMTX's {@code /get}: the recording of {@code [start, start + duration)}. */
  record Recording(String cameraId, SimulatedProfile profile, Instant start, Duration duration, PlaybackQuery.Format format)
      implements SimulatorPath {
    Instant end() {
      return start.plus(duration);
    }
  }

  static String live(String cameraId, SimulatedProfile profile, String file) {
    return PREFIX + "live/" + encode(cameraId) + "/" + profile.profileName() + "/" + file;
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

  /** Parses a raw (still percent-encoded) request path under {@link #PREFIX} and its raw query. */
  static SimulatorPath parse(String rawPath, String rawQuery) throws RejectedRequest {
    if (rawPath.equals(PLAYBACK + "/list") || rawPath.equals(PLAYBACK + "/get")) {
      return playback(rawPath.endsWith("/list"), rawQuery);
    }
    if (!rawPath.startsWith(PREFIX)) {
      throw notFound(rawPath);
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    if (parts[0].equals("device") && parts.length == 3) {
      String cameraId = "device-" + parts[1];
      checkCameraId(cameraId);
      return parts[2].equals("index.m3u8") ? new DevicePlaylist(cameraId, SimulatedProfile.MAIN)
          : new DeviceSegment(cameraId, SimulatedProfile.MAIN, sequence(parts[2], rawPath));
    }
    if (!parts[0].equals("live") || parts.length != 4) {
      throw notFound(rawPath);
    }
    String cameraId;
    try {
      cameraId = decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(400, "camera id: '" + parts[1] + "' is not valid percent-encoding");
    }
    checkCameraId(cameraId);
    SimulatedProfile profile = profile(parts[2]);
    String file = parts[3];
    if (file.equals("index.m3u8")) {
      return new LivePlaylist(cameraId, profile);
    }
    if (file.equals("stream.ts")) {
      return new LiveStream(cameraId, profile);
    }
    return new LiveSegment(cameraId, profile, sequence(file, rawPath));
  }

  private static SimulatorPath playback(boolean list, String rawQuery) throws RejectedRequest {
    try {
      PlaybackQuery query = PlaybackQuery.parse(rawQuery);
      if (list) {
        PlaybackQuery.ListSpans spans = query.list();
        checkCameraId(spans.path().cameraId());
        return new RecordedSpans(spans.path().cameraId(), profile(spans.path().profileName()), spans.start(), spans.end());
      }
      PlaybackQuery.Get get = query.get();
      checkCameraId(get.path().cameraId());
      return new Recording(get.path().cameraId(), profile(get.path().profileName()), get.start(), get.duration(), get.format());
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(400, e.getMessage());
    }
  }

  private static void checkCameraId(String cameraId) throws RejectedRequest {
    Optional<String> problem = cameraIdProblem(cameraId);
    if (problem.isPresent()) {
      throw new RejectedRequest(400, problem.get());
    }
  }

  private static SimulatedProfile profile(String name) throws RejectedRequest {
    return SimulatedProfile.named(name)
        .orElseThrow(() -> new RejectedRequest(404, "profile: the simulator serves " + profileNames() + ", not '" + name + "'"));
  }

  private static long sequence(String file, String rawPath) throws RejectedRequest {
    if (!file.matches("[0-9]{1,15}\\.ts")) {
      throw notFound(rawPath);
    }
    return Long.parseLong(file.substring(0, file.length() - ".ts".length()));
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
