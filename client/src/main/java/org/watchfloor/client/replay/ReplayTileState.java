package org.watchfloor.client.replay;

import java.util.Locale;

/** What a replay tile tells the supervisor about its recording; the view shows the label and the tile's detail. */
public enum ReplayTileState {
  EMPTY("", false),
  /** Asking the broker for a playback ticket, or the media server for the recording's spans. */
  OPENING("Opening the recording", false),
  /** Opening a window of the recording at the clock's moment. */
  SEEKING("Seeking", true),
  /** On the clock's moment (playing or paused with the clock). */
  IN_STEP("", true),
  /** The camera recorded nothing at the clock's moment: the last frame stays, dimmed. */
  NO_RECORDING("No recording", true),
  /** The broker refused the recording (its reason is the tile's detail). */
  REFUSED("Not available", false),
  /** The stream broke; reopening it at the clock's moment. */
  RECONNECTING("Reconnecting", true),
  /** No libVLC here. */
  UNPLAYABLE("Cannot play video here", false);

  private final String label;
  private final boolean keepsPicture;

  ReplayTileState(String label, boolean keepsPicture) {
    this.label = label;
    this.keepsPicture = keepsPicture;
  }

  public String label() {
    return label;
  }

  /** Whether the last frame stays on the tile (dimmed unless in step). */
  public boolean keepsPicture() {
    return keepsPicture;
  }

  public String styleClass() {
    return "replay-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
