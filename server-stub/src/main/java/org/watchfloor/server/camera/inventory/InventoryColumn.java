package org.watchfloor.server.camera.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The columns of the contract's CSV inventory format; GeoJSON properties use the same names. */
enum InventoryColumn {
  SOURCE_ID,
  NAME,
  LATITUDE,
  LONGITUDE,
  KIND,
  DIRECTION,
  FIELD_OF_VIEW,
  RANGE,
  ADDRESS,
  OPERATOR,
  OWNER_ID,
  PTZ;

  /** Prefix of a column (or GeoJSON property) that carries one camera tag, e.g. "tag:mount". */
  static final String TAG_PREFIX = "tag:";

  /** Keys Camera.tags allows. */
  static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");

  /** Columns by name, made once: readers ask for every property of every record. */
  private static final Map<String, InventoryColumn> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(InventoryColumn::columnName, column -> column));

  private final String columnName = name().toLowerCase(Locale.ROOT);

  /** The name as written in a header or as a property, e.g. "field_of_view". */
  String columnName() {
    return columnName;
  }

  /** The column with this name, ignoring case and surrounding blanks. */
  static Optional<InventoryColumn> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
  }

  /** The tag key of a "tag:<key>" column name, or empty for any other name. */
  static Optional<String> tagKey(String name) {
    String stripped = name.strip();
    return stripped.regionMatches(true, 0, TAG_PREFIX, 0, TAG_PREFIX.length())
        ? Optional.of(stripped.substring(TAG_PREFIX.length()))
        : Optional.empty();
  }
}
