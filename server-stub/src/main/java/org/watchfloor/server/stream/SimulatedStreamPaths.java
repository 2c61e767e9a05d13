package org.watchfloor.server.stream;

import org.watchfloor.proto.v1.StreamProtocol;

/** Where the built-in simulator serves a camera's streams on the broker's HTTP port (paths, no host). */
public interface SimulatedStreamPaths {

  String livePath(String cameraId, String profileName, StreamProtocol protocol);

  /** Where the simulator serves MediaMTX's playback API: {@code <prefix>/list} and {@code <prefix>/get}. */
  String playbackPrefix();
}
