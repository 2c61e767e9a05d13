package org.watchfloor.server.retention;

/**
 * The kinds of data the center keeps for a limited time, each with its own retention period. Audit
 * rows are not among them: they are never deleted.
 */
public enum DataClass {
  LPR_READS("lprReads", "LPR reads", "Plate reads from licence-plate readers", 90),
  CENTER_RECORDINGS(
      "centerRecordings", "Recordings the center keeps", "Continuous recordings of public cameras, kept by the center's media server", 30),
  OWNER_SHARED_CLIPS("ownerSharedClips", "Owner-shared clips", "Clips owners shared in answer to footage requests, and their files", 180),
  VIEWING_SESSIONS("viewingSessions", "Viewing-session records", "Who watched which camera, when and for which case (the audit log keeps its own rows)", 365),
  DELETED_CAMERA_ADDRESSES("deletedCameraAddresses", "Deleted cameras' stream addresses",
      "Where the center pulled a deleted camera's video from (sealed, never shown), kept so that an admin's undo brings the camera back whole", 30);

  private final String key;
  private final String label;
  private final String description;
  private final int defaultDays;

  DataClass(String key, String label, String description, int defaultDays) {
    this.key = key;
    this.label = label;
    this.description = description;
    this.defaultDays = defaultDays;
  }

  /** The name in the settings file and in JSON, e.g. {@code lprReads}. */
  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /**
   * Days kept when the settings do not say: LPR reads 90 (Kentucky's legal ceiling), recordings 30,
   * clips 180, sessions 365, deleted cameras' addresses 30.
   */
  public int defaultDays() {
    return defaultDays;
  }
}
