package org.watchfloor.client.map;

import javafx.scene.paint.Color;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;

/** The colours and letters that tell camera types and consent states apart, on the map and in lists. */
public final class CameraStyle {

  private CameraStyle() {}

  public static Color color(CameraType type) {
    return switch (type) {
      case TRAFFIC -> Color.web("#3fb950");
      case CITY_CCTV -> Color.web("#58a6ff");
      case LPR -> Color.web("#f0883e");
      case REGISTERED -> Color.web("#bc8cff");
      case LIVE_SHARING -> Color.web("#ff7b9c");
    };
  }

  public static String letter(CameraType type) {
    return switch (type) {
      case TRAFFIC -> "T";
      case CITY_CCTV -> "C";
      case LPR -> "P";
      case REGISTERED -> "R";
      case LIVE_SHARING -> "L";
    };
  }

  public static Color badgeColor(ConsentBadge badge, boolean online) {
    if (!online) {
      return Color.web("#f85149");
    }
    return switch (badge) {
      case LIVE_SHARED -> Color.web("#3fb950");
      case SHARING_PAUSED -> Color.web("#d29922");
      case REGISTERED_ONLY, NOT_SHARED, NONE -> Color.web("#8b949e");
    };
  }
}
