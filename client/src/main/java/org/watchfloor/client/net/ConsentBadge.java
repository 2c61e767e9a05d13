package org.watchfloor.client.net;

/** The consent state a private camera's map badge shows; public cameras need none. */
public enum ConsentBadge {
  NONE("Public camera"),
  REGISTERED_ONLY("Registered only: footage by request"),
  LIVE_SHARED("Live shared by its owner"),
  SHARING_PAUSED("Sharing paused by its owner"),
  NOT_SHARED("Not shared");

  private final String label;

  ConsentBadge(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
