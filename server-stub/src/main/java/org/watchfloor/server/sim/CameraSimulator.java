package org.watchfloor.server.sim;

import com.sun.net.httpserver.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.server.stream.SimulatedStreamPaths;
import org.watchfloor.server.stream.TicketValidator;

/**
 * The built-in camera simulator: real H.264 video for any camera id, live and recorded, served over
 * HTTP from short committed clips looped without transcoding, every request checked with the same
 * ticket validator as the media server's auth hook.
 *
 * <p>Mount {@link #handler()} at {@link #PATH_PREFIX} on the broker's HTTP port; a ticket URL is
 * {@code http://host:port} + {@link #livePath} + {@code ?ticket=TOKEN}, or a playback API query under
 * {@link #playbackPrefix}.
 * Every profile ({@link SimulatedProfile}: main 1280x720, sub 640x360) serves both HLS (the safe
 * choice for libVLC) and HTTP-TS (one long response, lower latency). The footage of a camera at a
 * moment is fixed by the camera id and the wall clock, so a recording of a window shows exactly what
 * live showed then.
 */
public final class CameraSimulator implements SimulatedStreamPaths, AutoCloseable {

  /** Where the broker mounts {@link #handler()}. */
  public static final String PATH_PREFIX = SimulatorPath.PREFIX;

  private static final Logger LOG = Logger.getLogger(CameraSimulator.class.getName());

  private final ClipLibrary library;
  private final LiveTransportStreams streams;
  private final SimulatorHttpHandler handler;

  /** Loads the bundled clips (about 3 MB, into memory); {@code clock} places the live edge. */
  public CameraSimulator(TicketValidator validator, Clock clock) {
    this.library = ClipLibrary.bundled();
    this.streams = new LiveTransportStreams(validator, clock, library.timeline(), SimulatorHttpHandler.LIVE_LOOKBACK);
    this.handler = new SimulatorHttpHandler(validator, clock, library, streams);
    LOG.info(
        () -> "camera simulator: " + library.clips().size() + " clips, " + library.totalBytes() / 1024
            + " KiB of segments of " + library.timeline().millis() + " ms");
  }

  /** The HTTP handler for every path under {@link #PATH_PREFIX}. */
  public HttpHandler handler() {
    return handler;
  }

  /** The profiles every simulated camera has, with their sizes and frame rates. */
  public List<SimulatedProfile> profiles() {
    return List.of(SimulatedProfile.values());
  }

  /** Length of one segment: the step of the live window and the resolution of recordings. */
  public Duration segmentDuration() {
    return library.timeline().segmentDuration();
  }

  /**
   * The path of a camera's live stream: {@code /sim/live/{camera}/{profile}/index.m3u8} for
   * {@code STREAM_PROTOCOL_HLS}, {@code .../stream.ts} for {@code STREAM_PROTOCOL_HTTP_TS}.
   *
   * @throws IllegalArgumentException for an unknown profile, a protocol other than those two, or a
   *     camera id that is empty, longer than 128 characters or has control characters
   */
  @Override
  public String livePath(String cameraId, String profileName, StreamProtocol protocol) {
    SimulatedProfile profile = profile(cameraId, profileName);
    return switch (protocol) {
      case STREAM_PROTOCOL_HLS -> SimulatorPath.live(cameraId, profile, "index.m3u8");
      case STREAM_PROTOCOL_HTTP_TS -> SimulatorPath.live(cameraId, profile, "stream.ts");
      default -> throw new IllegalArgumentException("protocol: the simulator serves HLS and HTTP_TS, not " + protocol);
    };
  }

  /**
   * Where the simulator serves MediaMTX's playback API for every camera: {@code /sim/playback/list}
   * and {@code /sim/playback/get}, with {@code path=cam/<camera>/<profile>} in the query. A
   * camera's recorder keeps every segment except 30 s every 10 min (at a phase taken from its id).
   */
  @Override
  public String playbackPrefix() {
    return SimulatorPath.PLAYBACK;
  }

  private static SimulatedProfile profile(String cameraId, String profileName) {
    Optional<String> problem = SimulatorPath.cameraIdProblem(cameraId);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return SimulatedProfile.named(profileName)
        .orElseThrow(() -> new IllegalArgumentException(
            "profile: the simulator serves " + SimulatorPath.profileNames() + ", not '" + profileName + "'"));
  }

  /** Ends every open HTTP-TS stream; HLS needs nothing, its requests are short. */
  @Override
  public void close() {
    streams.close();
  }
}
