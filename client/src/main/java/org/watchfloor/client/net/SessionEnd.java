package org.watchfloor.client.net;

/** The broker ended one of this user's viewing sessions; {@code message} is the broker's, for a person. */
public record SessionEnd(String sessionId, String cameraId, Cause cause, String message) {

  /** Why, in the groups a wall tile tells apart. */
  public enum Cause {
    /** The owner revoked or paused sharing, or its schedule, emergency or grant ended. */
    CONSENT_ENDED,
    /** The ticket was not renewed in time. */
    TICKET_EXPIRED,
    CAMERA_OFFLINE,
    CAMERA_REMOVED,
    /** Closed by this user elsewhere, or by a supervisor or admin, or the user was disabled. */
    CLOSED
  }
}
