package org.watchfloor.client.net;

import java.util.Optional;

/** The broker refused or could not answer a call; the message is the broker's, fit to show. */
public final class BrokerRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What the refusal means for whoever asked. */
  public enum Reason {
    /** Consent or role does not allow it; asking again will not help until that changes. */
    NO_PERMISSION,
    /** The camera offers no protocol the local player can play. */
    UNPLAYABLE_PROTOCOL,
    /** The camera is offline or has no stream. */
    CAMERA_UNAVAILABLE,
    /** Someone else changed the object since it was read: read it again, then decide. */
    CHANGED_SINCE_READ,
    /** The broker could not be reached or did not answer in time: worth trying again. */
    BROKER_UNREACHABLE,
    /** A renewal found its session ended; {@link #sessionEnd()} says why. */
    SESSION_ENDED,
    /** Anything else (a bad request, an unknown camera or session, a session ended by a broker restart). */
    REFUSED
  }

  private final Reason reason;
  private final transient SessionEnd sessionEnd;

  BrokerRefusal(Reason reason, String message, Throwable cause) {
    this(reason, message, cause, null);
  }

  /** A renewal refused because the session ended, for the reason in {@code end}. */
  BrokerRefusal(SessionEnd end, Throwable cause) {
    this(Reason.SESSION_ENDED, end.message(), cause, end);
  }

  private BrokerRefusal(Reason reason, String message, Throwable cause, SessionEnd sessionEnd) {
    super(message, cause);
    this.reason = reason;
    this.sessionEnd = sessionEnd;
  }

  public Reason reason() {
    return reason;
  }

  /** Why the session ended, when the reason is {@link Reason#SESSION_ENDED}. */
  public Optional<SessionEnd> sessionEnd() {
    return Optional.ofNullable(sessionEnd);
  }
}
