package org.watchfloor.server.camera.inventory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.watchfloor.proto.v1.ImportIssue;

/**
 * One record as a format reader found it, before any checking: the contract's columns as text,
 * tags, and the problems the reader already saw in the record's structure.
 *
 * @param index the record index (CSV line, or 1-based GeoJSON feature / Overpass element index)
 * @param sourceRecordId the record's id in the source; empty when it has none
 * @param idField the record field the id came from, for messages ("source_id", "id")
 * @param latitudeField the record field holding the latitude ("latitude", "geometry", "lat")
 * @param longitudeField the record field holding the longitude ("longitude", "geometry", "lon")
 * @param columns non-blank values of the contract's columns (LATITUDE and LONGITUDE included)
 * @param cameraTags tags given as "tag:<key>" columns or properties, keyed without the prefix
 * @param osmTags the OpenStreetMap tags of an OSM record, read with the OSM mapping; else empty
 * @param rawTags the record's attributes kept verbatim in provenance
 * @param issues problems found while reading, in field order
 */
record InventoryRow(
    int index,
    String sourceRecordId,
    String idField,
    String latitudeField,
    String longitudeField,
    Map<InventoryColumn, String> columns,
    Map<String, String> cameraTags,
    Map<String, String> osmTags,
    Map<String, String> rawTags,
    List<ImportIssue> issues) {

  InventoryRow {
    columns = Map.copyOf(columns);
    cameraTags = Map.copyOf(cameraTags);
    osmTags = Map.copyOf(osmTags);
    rawTags = Map.copyOf(rawTags);
    issues = List.copyOf(issues);
  }

  /** A row being read; the format reader fills it in as it walks the record. */
  static final class Draft {
    final int index;
    final String latitudeField;
    final String longitudeField;
    String sourceRecordId = "";
    String idField;
    final Map<InventoryColumn, String> columns = new EnumMap<>(InventoryColumn.class);
    final Map<String, String> cameraTags = new HashMap<>();
    final Map<String, String> osmTags = new HashMap<>();
    final Map<String, String> rawTags = new HashMap<>();
    final List<ImportIssue> issues = new ArrayList<>();

    Draft(int index, String idField, String latitudeField, String longitudeField) {
      this.index = index;
      this.idField = idField;
      this.latitudeField = latitudeField;
      this.longitudeField = longitudeField;
    }

    InventoryRow build() {
      return new InventoryRow(
          index,
          sourceRecordId,
          idField,
          latitudeField,
          longitudeField,
          columns,
          cameraTags,
          osmTags,
          rawTags,
          issues);
    }
  }
}
