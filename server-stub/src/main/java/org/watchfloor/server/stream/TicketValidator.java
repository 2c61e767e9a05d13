package org.watchfloor.server.stream;

import java.util.Optional;

/**
 * Decides whether a stream ticket lets its bearer read a camera's stream right now. The media
 * server's auth hook and the built-in simulator both ask it, so a revoked or expired session stops
 * validating everywhere at once.
 */
public interface TicketValidator {

  /**
   * Empty when {@code ticket} is valid for reading {@code cameraId} now; otherwise why not, for
   * the log and the HTTP answer (e.g. "session ses-123 ended: consent revoked").
   */
  Optional<String> refusal(String ticket, String cameraId);
}
