package org.watchfloor.client.net;

import java.time.Instant;

/**
 * Permission to play one camera live: the signed URL (handed to the player as is, never shown or
 * stored), which encoding it serves, and when to renew it before it stops validating.
 */
public record LiveTicket(
    String sessionId, String cameraId, String url, String profile, StreamSize size, Instant renewAfter, Instant expiresAt) {

  @Override
  public String toString() {
    // The URL is a credential: keep it out of logs and exception messages.
    return "LiveTicket[" + sessionId + ", " + cameraId + ", " + profile + ", until " + expiresAt + "]";
  }
}
