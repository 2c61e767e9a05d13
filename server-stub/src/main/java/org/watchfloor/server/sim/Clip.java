package org.watchfloor.server.sim;

import java.util.Map;

/** One committed piece of footage, looped by the cameras that show it, in every simulated profile. */
record Clip(String name, Map<SimulatedProfile, Rendition> renditions) {

  Clip {
    renditions = Map.copyOf(renditions);
  }

  /** Segments per loop; the same in every profile, so main and sub show the same moment. */
  int segmentCount() {
    return renditions.get(SimulatedProfile.MAIN).segmentCount();
  }

  Rendition rendition(SimulatedProfile profile) {
    return renditions.get(profile);
  }
}
