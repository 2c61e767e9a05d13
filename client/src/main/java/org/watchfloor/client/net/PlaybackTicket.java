package org.watchfloor.client.net;

import java.time.Instant;

/**
 * Permission to play one camera's recording (or an owner-shared clip) between {@code start} and
 * {@code end}: a MediaMTX playback URL (handed to the player as is, never shown or stored; any
 * window inside the ticket's plays on it), and when to renew it.
 */
public record PlaybackTicket(String sessionId, String cameraId, String url, Instant start, Instant end, Instant renewAfter, Instant expiresAt) {

  @Override
  public String toString() {
    // The URL is a credential: keep it out of logs and exception messages.
    return "PlaybackTicket[" + sessionId + ", " + cameraId + ", " + start + " to " + end + ", until " + expiresAt + "]";
  }
}
