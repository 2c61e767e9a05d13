package org.watchfloor.client.net;

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
    /** Anything else (a bad request, an unknown camera, a session that ended). */
    REFUSED
  }

  private final Reason reason;

  BrokerRefusal(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
