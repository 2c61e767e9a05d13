package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One item of the admin's review list: an owner's registration waiting for approval, or an owner's
 * camera waiting to be connected for live sharing (never with the stream's credentials).
 *
 * @param id the registration's or request's id
 * @param kind which of the two
 * @param owner who asks, with their contact details
 * @param submittedAt when they asked
 * @param cameras the cameras concerned (for a live connection, the one camera)
 * @param connection for a live connection, how and from where; null for a registration
 */
public record OwnerReview(String id, Kind kind, Owner owner, Instant submittedAt, List<ReviewedCamera> cameras, LiveConnection connection) {

  public enum Kind {
    REGISTRATION,
    LIVE_CONNECTION
  }

  /** The owner as they described themselves. */
  public record Owner(String name, String organisation, boolean business, String email, String phone) {}

  /** A camera as its owner described it. */
  public record ReviewedCamera(String id, String name, double latitude, double longitude, String address, OptionalDouble headingDegrees,
      String device, String covers) {}

  /**
   * How the owner wants a camera connected, and the last test of its stream.
   *
   * @param technician true when a technician of the center connects it (no address given yet)
   * @param sourceAddress the stream address without credentials; empty when none yet
   * @param hasCredentials whether credentials are stored with it (never sent to clients)
   * @param lastTest the last test's outcome and message; null before the first
   */
  public record LiveConnection(boolean technician, String sourceAddress, boolean hasCredentials, String note, StreamTest lastTest) {}

  /** What the center's media server found when it tried the stream. */
  public record StreamTest(Outcome outcome, String message, Instant testedAt) {}

  public enum Outcome {
    PLAYS,
    UNREACHABLE,
    AUTH_REFUSED,
    NOT_VIDEO,
    NO_ADDRESS
  }
}
