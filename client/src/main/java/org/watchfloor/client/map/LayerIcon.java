package org.watchfloor.client.map;

import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/**
 * The client's icon set for layers (layers.proto, LayerStyle.icon): a small glyph in the layer's
 * colour, drawn where a layer is named (the layers panel, the layer admin screen). An unknown
 * name, which an older or newer broker may send, is drawn as the default disc.
 */
public final class LayerIcon {

  /** The names a layer may choose, in the order an admin is offered them. */
  public static final List<String> NAMES = List.of("cctv", "traffic", "lpr", "home", "store");

  /** Outlines on a 16 x 16 grid; holes by the even-odd rule. */
  private static final Map<String, String> OUTLINES = Map.of(
      "cctv", "M1 4 L12 1 L14 6 L3 9 Z M12 6.5 L15 5.5 L15 8 L12.8 8.6 Z M6 8.2 L7.4 7.8 L7.4 12 L11 12 L11 14 L4 14 L4 12 L6 12 Z",
      "traffic", "M5 0.5 H11 V15.5 H5 Z M8 2 A2 2 0 1 0 8.01 2 Z M8 6 A2 2 0 1 0 8.01 6 Z M8 10 A2 2 0 1 0 8.01 10 Z",
      "lpr", "M0.5 4 H15.5 V12 H0.5 Z M2 5.5 V10.5 H14 V5.5 Z M3.5 7 H6 V9 H3.5 Z M7 7 H9 V9 H7 Z M10 7 H12.5 V9 H10 Z",
      "home", "M8 1 L15.5 8 H13 V15 H9.5 V10.5 H6.5 V15 H3 V8 H0.5 Z",
      "store", "M1 1.5 H15 L16 6 H0 Z M1.5 7 H14.5 V15 H9.5 V10 H6.5 V15 H1.5 Z");
  private static final String DEFAULT = "M8 2 A6 6 0 1 0 8.01 2 Z";

  private LayerIcon() {}

  /** A new glyph node for {@code name} filled in {@code color} (a CSS colour; grey when it does not read). */
  public static SVGPath of(String name, String color) {
    SVGPath glyph = new SVGPath();
    glyph.setContent(OUTLINES.getOrDefault(name, DEFAULT));
    glyph.setFillRule(FillRule.EVEN_ODD);
    glyph.getStyleClass().add("layer-icon");
    Color fill;
    try {
      fill = Color.web(color);
    } catch (IllegalArgumentException e) {
      fill = Color.GRAY;
    }
    glyph.setFill(fill);
    glyph.setStroke(fill.darker());
    glyph.setStrokeWidth(0.5);
    return glyph;
  }
}
