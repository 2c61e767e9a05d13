package org.watchfloor.client.net;

/** A field of a camera that an admin edits, named as the contract's update mask names it. */
public enum CameraField {
  NAME("name"),
  KIND("kind"),
  LOCATION("location"),
  CONES("cones"),
  ADDRESS("address"),
  OPERATOR("operator"),
  OWNER("owner_id");

  private final String path;

  CameraField(String path) {
    this.path = path;
  }

  /** The field's path in the contract's update mask. */
  String path() {
    return path;
  }
}
