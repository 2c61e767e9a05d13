package org.watchfloor.server.camera.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

  /** The name as written in a header or as a property, e.g. "field_of_view". */
  String columnName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The column with this name, ignoring case and surrounding blanks. */
  static Optional<InventoryColumn> named(String name) {
    String wanted = name.strip();
    for (InventoryColumn column : values()) {
      if (column.columnName().equalsIgnoreCase(wanted)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  /** The tag key of a "tag:<key>" column name, or empty for any other name. */
  static Optional<String> tagKey(String name) {
    String stripped = name.strip();
    return stripped.regionMatches(true, 0, TAG_PREFIX, 0, TAG_PREFIX.length())
        ? Optional.of(stripped.substring(TAG_PREFIX.length()))
        : Optional.empty();
  }
}
