package org.watchfloor.server.camera.inventory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a file names the contract's fields: its column (CSV) or property (GeoJSON) names mapped to
 * the documented ones, e.g. "Lat" to "latitude", "CameraName" to "name", "ID" to "source_id".
 * Names are compared without case; a name the mapping does not list is read as it is.
 */
public final class FieldMapping {

  public static final FieldMapping NONE = new FieldMapping(Map.of());

  private final Map<String, String> contractNameByFileName;

  private FieldMapping(Map<String, String> contractNameByFileName) {
    this.contractNameByFileName = contractNameByFileName;
  }

  /**
   * A mapping from the request's {@code field_mapping}, checked: every target a documented column
   * or "tag:&lt;key&gt;", no target twice.
   *
   * @throws IllegalArgumentException with "field_mapping[\"Lat\"]: ..." naming the entry and the rule
   */
  public static FieldMapping of(Map<String, String> fileToContract) {
    Map<String, String> byFileName = new HashMap<>();
    Map<String, String> fileNameByTarget = new HashMap<>();
    for (Map.Entry<String, String> entry : fileToContract.entrySet()) {
      String field = "field_mapping[\"" + entry.getKey() + "\"]";
      if (entry.getKey().isBlank() || entry.getKey().length() > 100) {
        throw new IllegalArgumentException(field + ": the file's name must be 1 to 100 characters");
      }
      String target = entry.getValue().strip();
      boolean known = InventoryColumn.named(target).isPresent()
          || InventoryColumn.tagKey(target).filter(key -> InventoryColumn.TAG_KEY.matcher(key).matches()).isPresent();
      if (!known) {
        throw new IllegalArgumentException(field + ": '" + target + "' is not a camera field; use one of "
            + String.join(", ", java.util.Arrays.stream(InventoryColumn.values()).map(InventoryColumn::columnName).toList())
            + " or tag:<key>");
      }
      String previous = fileNameByTarget.put(target.toLowerCase(Locale.ROOT), entry.getKey());
      if (previous != null) {
        throw new IllegalArgumentException(field + ": '" + target + "' is already mapped from \"" + previous + "\"");
      }
      byFileName.put(entry.getKey().strip().toLowerCase(Locale.ROOT), target);
    }
    return new FieldMapping(Map.copyOf(byFileName));
  }

  /** The documented name to read {@code fileName} as: its mapping, or itself. */
  String resolve(String fileName) {
    return Optional.ofNullable(contractNameByFileName.get(fileName.strip().toLowerCase(Locale.ROOT))).orElse(fileName);
  }

  boolean isEmpty() {
    return contractNameByFileName.isEmpty();
  }
}
