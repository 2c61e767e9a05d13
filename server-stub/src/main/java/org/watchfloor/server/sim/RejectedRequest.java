package org.watchfloor.server.sim;

/** A simulator request answered with an HTTP error: the status and the text for the body and the log. */
final class RejectedRequest extends Exception {

  private final int status;

  RejectedRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
