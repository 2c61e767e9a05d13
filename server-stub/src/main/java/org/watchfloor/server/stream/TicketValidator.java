package org.watchfloor.server.stream;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

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

  /** A playback ticket's window [start, end): what it lets its bearer read. */
  record PlaybackWindow(Instant start, Instant end) {
    public boolean covers(Instant from, Instant to) {
      return !from.isBefore(start) && !to.isAfter(end);
    }
  }

  /** The window of a playback ticket that {@link #refusal} accepts for PLAYBACK; empty otherwise. */
  Optional<PlaybackWindow> playbackWindow(String ticket, String cameraId);

  /** Asks {@code validator}'s value at each call: for a simulator built before the broker that validates its tickets. */
  static TicketValidator deferred(Supplier<? extends TicketValidator> validator) {
    return new TicketValidator() {
      @Override
      public Optional<String> refusal(String ticket, String cameraId, Access access) {
        return validator.get().refusal(ticket, cameraId, access);
      }

      @Override
      public Optional<PlaybackWindow> playbackWindow(String ticket, String cameraId) {
        return validator.get().playbackWindow(ticket, cameraId);
      }
    };
  }

  /** Empty when {@code ticket} lets its bearer read {@code cameraId}'s recording of [from, to) now. */
  default Optional<String> playbackRefusal(String ticket, String cameraId, Instant from, Instant to) {
    Optional<String> refusal = refusal(ticket, cameraId, Access.PLAYBACK);
    if (refusal.isPresent()) {
      return refusal;
    }
    PlaybackWindow window = playbackWindow(ticket, cameraId).orElseThrow();
    return window.covers(from, to)
        ? Optional.empty()
        : Optional.of("window: " + from + " to " + to + " is outside the ticket's " + window.start() + " to " + window.end());
  }
}
