package org.watchfloor.client.map;

import java.time.Instant;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.ViewPurpose;

/** What the analyst can do with a selected camera; the window wires them to the wall and the broker. */
public interface CameraActions {

  /** Puts the camera on the video wall; returns what happened, in a sentence. FX thread. */
  String viewLive(Camera camera);

  /** Asks the camera's owner for footage of a window (blocking: call off the FX thread). */
  FootageRequestSent requestFootage(Camera camera, Instant start, Instant end, ViewPurpose purpose, String idempotencyKey);
}
