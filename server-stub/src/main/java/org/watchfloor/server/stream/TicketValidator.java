package org.watchfloor.server.stream;

import java.util.Optional;

/**
 * Decides whether a stream ticket lets its bearer read a camera's stream right now. The media
 * server's auth hook and the built-in simulator both ask it, so a revoked or expired session stops
 * validating everywhere at once.
 */
public interface TicketValidator {

  /** What a reader does with a stream: watch it live, or play a recording back. */
  enum Access {
    LIVE,
    PLAYBACK
  }

  /**
   * Empty when {@code ticket} is valid for {@code access} to {@code cameraId} now; otherwise why
   * not, for the log and the HTTP answer (e.g. "session ses-123 has ended"). A live ticket never
   * opens recordings, nor a playback ticket the live stream.
   */
  Optional<String> refusal(String ticket, String cameraId, Access access);
}
