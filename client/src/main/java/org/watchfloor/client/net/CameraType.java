package org.watchfloor.client.net;

/** The kinds of camera the center knows, in the words the analyst sees. */
public enum CameraType {
  TRAFFIC("Traffic"),
  CITY_CCTV("City CCTV"),
  LPR("Licence-plate reader"),
  REGISTERED("Private, registered (Level 1)"),
  LIVE_SHARING("Private, live sharing (Level 2)");

  private final String label;

  CameraType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
