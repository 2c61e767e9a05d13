package org.watchfloor.client.wall;

/** What a wall tile tells the analyst about its feed; the overlay shows the label and the tile's detail. */
public enum TileState {
  EMPTY("Drop a camera here", false),
  /** Waiting for a case number: every live view is opened for a case and audited with it. */
  NEEDS_CASE("Case number needed", false),
  CONNECTING("Connecting", false),
  LIVE("Live", true),
  RECONNECTING("Reconnecting", false),
  OFFLINE("Offline", false),
  ENDED_BY_OWNER("Sharing ended by owner", false),
  NO_PERMISSION("No permission", false),
  UNPLAYABLE("Cannot play this protocol here", false),
  /** Not on screen (window minimised, tile covered, layout too small): not decoding. */
  HIDDEN("Not shown: paused", false),
  CLOSED("View closed", false);

  private final String label;
  private final boolean playing;

  TileState(String label, boolean playing) {
    this.label = label;
    this.playing = playing;
  }

  public String label() {
    return label;
  }

  /** Whether video is on the tile. */
  public boolean playing() {
    return playing;
  }

  /** The CSS class of the overlay in this state. */
  public String styleClass() {
    return "tile-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
