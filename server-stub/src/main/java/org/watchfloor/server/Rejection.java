package org.watchfloor.server;

/**
 * A request the broker refuses, with a message a person can act on. Feature logic throws it; the
 * gRPC edge turns its kind into the matching status code.
 */
public final class Rejection extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the request was refused; mirrors the gRPC status codes the contract promises. */
  public enum Kind {
    INVALID_ARGUMENT,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    ABORTED,
    RESOURCE_EXHAUSTED
  }

  private final Kind kind;

  private Rejection(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** {@code field: rule}, e.g. {@code bbox.south: must be between -90 and 90, got 91}. */
  public static Rejection invalid(String field, String rule) {
    return new Rejection(Kind.INVALID_ARGUMENT, field + ": " + rule);
  }

  public static Rejection notFound(String what) {
    return new Rejection(Kind.NOT_FOUND, what);
  }

  public static Rejection denied(String message) {
    return new Rejection(Kind.PERMISSION_DENIED, message);
  }

  public static Rejection unauthenticated(String message) {
    return new Rejection(Kind.UNAUTHENTICATED, message);
  }

  /** An update that names no base revision: every update of a camera, layer or user must. */
  public static void requireBaseRevision(String type, long expectedRevision) {
    if (expectedRevision == 0) {
      throw invalid("expected_revision", "required: the revision of the " + type + " your edit is based on");
    }
  }

  /**
   * Refuses an update based on an older revision than the object's current one, naming both, so
   * that no edit overwrites a change its sender has not seen (see ABORTED in common.proto).
   */
  public static void requireCurrent(String type, String id, long expectedRevision, long currentRevision) {
    requireBaseRevision(type, expectedRevision);
    if (expectedRevision != currentRevision) {
      throw new Rejection(Kind.ABORTED, type + " " + id + " changed since revision " + expectedRevision
          + " (now " + currentRevision + "); reload it and apply your edit again");
    }
  }

  public static Rejection of(Kind kind, String message) {
    return new Rejection(kind, message);
  }
}
