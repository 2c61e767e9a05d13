package org.watchfloor.server.camera.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.watchfloor.proto.v1.CameraKind;

/** The contract's mapping of OpenStreetMap surveillance tags to camera fields. */
final class OsmTags {

  /** Direction tags in order of preference: camera:direction is the surveillance-specific key. */
  static final List<String> DIRECTION_KEYS = List.of("camera:direction", "direction");

  /** Descriptive tags worth searching and showing, copied to Camera.tags under their OSM keys. */
  private static final List<String> CAMERA_TAG_KEYS =
      List.of(
          "brand",
          "manufacturer",
          "model",
          "ref",
          "description",
          "camera:type",
          "camera:mount",
          "surveillance",
          "surveillance:type",
          "surveillance:zone");

  private OsmTags() {}

  /**
   * The kind the tags state: surveillance:type=ALPR is LPR, surveillance:zone=traffic TRAFFIC,
   * surveillance=public CITY_CCTV; anything else states none (the import's default applies).
   */
  static Optional<CameraKind> kind(Map<String, String> tags) {
    if (is(tags, "surveillance:type", "ALPR")) {
      return Optional.of(CameraKind.CAMERA_KIND_LPR);
    }
    if (is(tags, "surveillance:zone", "traffic")) {
      return Optional.of(CameraKind.CAMERA_KIND_TRAFFIC);
    }
    if (is(tags, "surveillance", "public")) {
      return Optional.of(CameraKind.CAMERA_KIND_CITY_CCTV);
    }
    return Optional.empty();
  }

  /** A dome sees all around, so with no direction it gets a 360° cone. */
  static boolean isDome(Map<String, String> tags) {
    return is(tags, "camera:type", "dome");
  }

  static boolean isPanning(Map<String, String> tags) {
    return is(tags, "camera:type", "panning");
  }

  static Optional<String> name(Map<String, String> tags) {
    return value(tags, "name");
  }

  static Optional<String> operator(Map<String, String> tags) {
    return value(tags, "operator");
  }

  /**
   * The address from addr:full, else from its parts: "12 Main St, Lexington, KY 40507"; empty when
   * the tags have no address.
   */
  static Optional<String> address(Map<String, String> tags) {
    if (tags.isEmpty()) {
      // Most records of a city's file carry no OSM tags: no joins for them.
      return Optional.empty();
    }
    Optional<String> full = value(tags, "addr:full");
    if (full.isPresent()) {
      return full;
    }
    Optional<String> street = value(tags, "addr:street").or(() -> value(tags, "addr:place"));
    String firstLine = join(" ", List.of(value(tags, "addr:housenumber"), street));
    String region = join(" ", List.of(value(tags, "addr:state"), value(tags, "addr:postcode")));
    String address =
        join(", ", List.of(nonEmpty(firstLine), value(tags, "addr:city"), nonEmpty(region)));
    return nonEmpty(address);
  }

  /** The descriptive tags (see CAMERA_TAG_KEYS) the record has. */
  static Map<String, String> cameraTags(Map<String, String> tags) {
    Map<String, String> copied = new TreeMap<>();
    for (String key : CAMERA_TAG_KEYS) {
      value(tags, key).ifPresent(value -> copied.put(key, value));
    }
    return copied;
  }

  private static boolean is(Map<String, String> tags, String key, String expected) {
    return value(tags, key).map(v -> v.equalsIgnoreCase(expected)).orElse(false);
  }

  private static Optional<String> value(Map<String, String> tags, String key) {
    return Optional.ofNullable(tags.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static String join(String separator, List<Optional<String>> parts) {
    return parts.stream().flatMap(Optional::stream).collect(Collectors.joining(separator));
  }

  private static Optional<String> nonEmpty(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
