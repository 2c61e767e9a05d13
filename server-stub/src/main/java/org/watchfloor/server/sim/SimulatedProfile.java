package org.watchfloor.server.sim;

import java.util.Arrays;
import java.util.Optional;

/**
 * The two encodings every simulated camera serves: the full-size main stream and the small sub
 * stream a wall picks for small tiles. Both are H.264 without audio and play as HLS or HTTP-TS.
 */
public enum SimulatedProfile {
  MAIN("main", 1280, 720, 15),
  SUB("sub", 640, 360, 15);

  private final String profileName;
  private final int width;
  private final int height;
  private final int frameRate;

  SimulatedProfile(String profileName, int width, int height, int frameRate) {
    this.profileName = profileName;
    this.width = width;
    this.height = height;
    this.frameRate = frameRate;
  }

  /** The stream profile name a camera's {@code StreamProfile} and the simulator's URLs use. */
  public String profileName() {
    return profileName;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int frameRate() {
    return frameRate;
  }

  public static Optional<SimulatedProfile> named(String profileName) {
    return Arrays.stream(values()).filter(profile -> profile.profileName.equals(profileName)).findFirst();
  }
}
