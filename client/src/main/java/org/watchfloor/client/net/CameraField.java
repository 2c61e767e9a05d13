package org.watchfloor.client.net;

import java.util.List;

/** A field of a camera that an admin edits, named as the contract's update mask names it. */
public enum CameraField {
  NAME("name"),
  KIND("kind"),
  LOCATION("location"),
  CONES("cones"),
  ADDRESS("address"),
  OPERATOR("operator"),
  OWNER("owner_id"),
  STREAMS("streams"),
  TAGS("tags"),
  PTZ("ptz"),
  /** Whether the center records the camera, and how long it keeps the recordings: changed together. */
  RECORDING("continuous_recording", "recording_retention");

  private final List<String> paths;

  CameraField(String... paths) {
    this.paths = List.of(paths);
  }

  /** The field's paths in the contract's update mask. */
  List<String> paths() {
    return paths;
  }
}
