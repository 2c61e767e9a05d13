package org.watchfloor.client.net;

/** What the client knows about its link to the broker, as the status bar shows it. */
public enum ConnectionState {
  /** First attempt, nothing heard yet. */
  CONNECTING("Connecting"),
  /** The broker answers and reports itself serving. */
  CONNECTED("Connected"),
  /** The link was up and broke; retrying with backoff. What is on screen may be stale. */
  RECONNECTING("Reconnecting"),
  /** The broker answers but reports that it is not serving (starting or shutting down). */
  NOT_SERVING("Broker not serving");

  private final String label;

  ConnectionState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
