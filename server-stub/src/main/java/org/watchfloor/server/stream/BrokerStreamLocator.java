package org.watchfloor.server.stream;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.proto.v1.StreamProtocol;

/**
 * Stream URLs: a camera's upstream URL for the profile when an admin gave one (a media server
 * re-serving the camera), else the built-in simulator on the broker's HTTP port.
 */
public final class BrokerStreamLocator implements StreamBroker.StreamLocator {

  private final Supplier<String> httpBase;

  /** {@code httpBase} is read per ticket: the port is known only once the HTTP listener runs. */
  public BrokerStreamLocator(Supplier<String> httpBase) {
    this.httpBase = httpBase;
  }

  @Override
  public String live(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls) {
    String upstream = upstreamUrls.get(profile.getName());
    return upstream != null ? upstream : httpBase.get() + "/sim/live/" + camera.getId() + "/" + profile.getName() + "/" + file(profile);
  }

  @Override
  public String playback(Camera camera, StreamProfile profile, Map<String, String> upstreamUrls, Instant start, Instant end) {
    String window = "start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond();
    String upstream = upstreamUrls.get("playback:" + profile.getName());
    return upstream != null
        ? upstream + (upstream.contains("?") ? "&" : "?") + window
        : httpBase.get() + "/sim/playback/" + camera.getId() + "/" + profile.getName() + "/index.m3u8?" + window;
  }

  private static String file(StreamProfile profile) {
    return profile.getProtocol() == StreamProtocol.STREAM_PROTOCOL_HTTP_TS ? "stream.ts" : "index.m3u8";
  }
}
