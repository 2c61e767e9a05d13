package org.watchfloor.client.map;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A flight-recorder event per batch of camera changes applied on the FX thread (its duration is
 * that work), for benchmarks and for diagnosing a slow workstation; free unless a recording asks.
 */
@Name("org.watchfloor.map.CameraBatch")
@Label("Camera changes applied")
@Category("Watchfloor")
@Description("One batch of the camera feed applied to the map's model on the FX thread")
final class CameraBatchEvent extends Event {

  @Label("Cameras changed or added")
  int upserted;

  @Label("Cameras removed")
  int removed;

  @Label("Cameras held after the batch")
  int cameras;

  @Label("List current after the batch")
  boolean current;
}
