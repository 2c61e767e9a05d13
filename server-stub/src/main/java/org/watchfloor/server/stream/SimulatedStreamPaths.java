package org.watchfloor.server.stream;

import java.time.Instant;
import org.watchfloor.proto.v1.StreamProtocol;

/** Where the built-in simulator serves a camera's streams on the broker's HTTP port (paths, no host). */
public interface SimulatedStreamPaths {

  String livePath(String cameraId, String profileName, StreamProtocol protocol);

  String playbackPath(String cameraId, String profileName, Instant start, Instant end);
}
