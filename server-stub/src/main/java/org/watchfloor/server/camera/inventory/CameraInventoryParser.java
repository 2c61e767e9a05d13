package org.watchfloor.server.camera.inventory;

import java.util.Arrays;
import org.watchfloor.proto.v1.ImportFormat;

/**
 * Reads a camera inventory file (GeoJSON, CSV or Overpass JSON, as layers.proto defines them) into
 * cameras ready to store and issues a person can act on, without touching the store. A malformed
 * record becomes a rejected record; only a file that cannot be read as a whole throws.
 */
public final class CameraInventoryParser {

  private static final String OSM_LICENCE = "ODbL-1.0";
  private static final String OSM_ATTRIBUTION = "© OpenStreetMap contributors";

  private final GeoJsonInventoryReader geoJson = new GeoJsonInventoryReader();
  private final CsvInventoryReader csv = new CsvInventoryReader();
  private final OverpassInventoryReader overpass = new OverpassInventoryReader();

  /**
   * Parses {@code content} (UTF-8; a byte order mark is ignored).
   *
   * @throws InventoryFormatException when the file as a whole cannot be read
   * @throws IllegalArgumentException when {@code format} is unspecified ("format: required")
   */
  public ParsedInventory parse(ImportFormat format, byte[] content, InventorySource source) {
    return parse(format, content, source, FieldMapping.NONE);
  }

  /** As {@link #parse(ImportFormat, byte[], InventorySource)}, reading CSV columns and GeoJSON properties through {@code mapping}. */
  public ParsedInventory parse(ImportFormat format, byte[] content, InventorySource source, FieldMapping mapping) {
    byte[] text = withoutByteOrderMark(content);
    InventoryRows rows =
        switch (format) {
          case IMPORT_FORMAT_GEOJSON -> geoJson.read(text, mapping);
          case IMPORT_FORMAT_CSV -> csv.read(text, mapping);
          case IMPORT_FORMAT_OSM_JSON -> overpass.read(text);
          case IMPORT_FORMAT_UNSPECIFIED, UNRECOGNIZED ->
              throw new IllegalArgumentException("format: required");
        };
    InventorySource withDefaults =
        format == ImportFormat.IMPORT_FORMAT_OSM_JSON
            ? source.withDefaultLicence(OSM_LICENCE, OSM_ATTRIBUTION)
            : source;
    InventoryRecordMapper mapper = new InventoryRecordMapper(withDefaults);
    return new ParsedInventory(rows.rows().stream().map(mapper::map).toList(), rows.skipped());
  }

  private static byte[] withoutByteOrderMark(byte[] content) {
    boolean marked =
        content.length >= 3
            && content[0] == (byte) 0xEF
            && content[1] == (byte) 0xBB
            && content[2] == (byte) 0xBF;
    return marked ? Arrays.copyOfRange(content, 3, content.length) : content;
  }
}
