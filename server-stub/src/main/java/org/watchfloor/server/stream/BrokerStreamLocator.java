package org.watchfloor.server.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.server.Rejection;

/**
 * Stream URLs: a camera's upstream URL for the profile when an admin gave one (a media server
 * re-serving the camera), else the built-in simulator on the broker's HTTP port.
 */
public final class BrokerStreamLocator implements StreamBroker.StreamLocator {

  private final Supplier<String> httpBase;
  private final Optional<SimulatedStreamPaths> simulator;

  /**
   * {@code httpBase} is read per ticket: the port is known only once the HTTP listener runs.
   * Without a simulator, a camera needs an upstream URL to be viewed.
   */
  public BrokerStreamLocator(Supplier<String> httpBase, Optional<SimulatedStreamPaths> simulator) {
    this.httpBase = httpBase;
    this.simulator = simulator;
  }

  @Override
  public String live(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls) {
    String upstream = upstreamUrls.get(profile.getName());
    return upstream != null ? upstream : httpBase.get() + simulator(camera).livePath(camera.getId(), profile.getName(), profile.getProtocol());
  }

  /**
   * A MediaMTX playback {@code /get} URL of the window: under the admin's upstream
   * {@code playback:<profile>} URL (a MediaMTX playback server's address, e.g.
   * {@code http://mediamtx:9996}) or the simulator's, for path {@code cam/<camera>/<profile>}.
   */
  @Override
  public String playback(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls, Instant start, Instant end) {
    String upstream = upstreamUrls.get("playback:" + profile.getName());
    String base = upstream != null ? stripTrailingSlash(upstream) : httpBase.get() + simulator(camera).playbackPrefix();
    PlaybackQuery.Get window = new PlaybackQuery.Get(
        new PlaybackQuery.MediaPath(camera.getId(), profile.getName()), start, Duration.between(start, end), PlaybackQuery.Format.FMP4);
    return base + "/get?" + PlaybackQuery.getQuery(window);
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private SimulatedStreamPaths simulator(Camera camera) {
    return simulator.orElseThrow(() -> Rejection.of(Rejection.Kind.FAILED_PRECONDITION,
        "camera " + camera.getId() + " has no upstream stream URL and the simulator is off (--no-sim)"));
  }
}
