package org.watchfloor.server.camera.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a GeoJSON FeatureCollection of Point features whose properties use the CSV column names.
 *
 * <p>Exports of OpenStreetMap data (such as alpr-sync-usa's) keep a node's tags in a "tags" object
 * and its node id in properties.id. Those tags are read with the OSM mapping wherever a column
 * property is missing, and such an id becomes "node/&lt;id&gt;", so the same camera matches on
 * re-import whether it arrives as GeoJSON or as Overpass JSON.
 */
final class GeoJsonInventoryReader {

  private static final String OSM_TAGS = "tags";
  private static final String OSM_ID = "id";
  private static final int SHOWN_JSON_CHARACTERS = 80;

  /**
   * Reads the features as they come, one small tree each, instead of the whole file as one tree:
   * a 100,000-feature file's tree outlives many young collections and is copied on by the
   * collector (see the README's import figures).
   */
  InventoryRows read(byte[] content, FieldMapping mapping) {
    return JsonInventoryDocument.stream(content, (parser, start) -> collection(parser, start, mapping));
  }

  private static InventoryRows collection(JsonParser parser, JsonLocation start, FieldMapping mapping)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw wrongShape(
          start,
          "expected a GeoJSON FeatureCollection object, found "
              + JsonInventoryDocument.describe(JsonInventoryDocument.tree(parser)));
    }
    JsonNode type = MissingNode.getInstance();
    JsonNode features = MissingNode.getInstance();
    // The features read so far; a repeated member counts once, the last, as in a tree of the file.
    List<InventoryRow> rows = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      parser.nextToken();
      if (member.equals("features") && parser.currentToken() == JsonToken.START_ARRAY) {
        rows = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          rows.add(feature(rows.size() + 1, JsonInventoryDocument.tree(parser), mapping));
        }
      } else if (member.equals("features")) {
        rows = null;
        features = JsonInventoryDocument.tree(parser);
      } else if (member.equals("type")) {
        type = JsonInventoryDocument.tree(parser);
      } else {
        parser.skipChildren();
      }
    }
    if (!"FeatureCollection".equals(type.asText())) {
      throw wrongShape(start, "expected a GeoJSON FeatureCollection, found \"type\": " + shown(type));
    }
    if (rows == null) {
      throw wrongShape(
          start,
          "a FeatureCollection needs a \"features\" array, found "
              + JsonInventoryDocument.describe(features));
    }
    return new InventoryRows(rows, List.of());
  }

  private static InventoryFormatException wrongShape(JsonLocation start, String problem) {
    return new InventoryFormatException(start.getLineNr(), start.getColumnNr(), problem);
  }

  private static InventoryRow feature(int index, JsonNode feature, FieldMapping mapping) {
    InventoryRow.Draft row = new InventoryRow.Draft(index, "id", "geometry", "geometry");
    if (!feature.isObject()) {
      row.issues.add(
          RecordIssues.error(
              "", "the feature is " + JsonInventoryDocument.describe(feature) + ", not an object"));
      return row.build();
    }
    if (!"Feature".equals(feature.path("type").asText())) {
      row.issues.add(
          RecordIssues.error(
              "type", "type must be \"Feature\", found " + shown(feature.path("type"))));
    }
    JsonNode properties = feature.path("properties");
    if (!properties.isObject() && !properties.isNull() && !properties.isMissingNode()) {
      row.issues.add(
          RecordIssues.error(
              "properties",
              "properties must be an object, found " + JsonInventoryDocument.describe(properties)));
    }
    row.osmTags.putAll(JsonInventoryDocument.verbatimMembers(properties.path(OSM_TAGS)));
    Optional<String> idProperty = id(feature, properties, row, mapping);
    point(feature.path("geometry"), row);
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      String key = property.getKey();
      boolean consumed =
          idProperty.filter(key::equals).isPresent()
              || key.equals(OSM_TAGS) && property.getValue().isObject();
      if (!consumed) {
        property(key, mapping.resolve(key), property.getValue(), row);
      }
    }
    // The OSM tags are the record's original attributes; the export's flat copies say the same.
    row.rawTags.putAll(row.osmTags);
    return row.build();
  }

  /** Sets the record's id; returns the property it came from, which is then not a raw tag. */
  private static Optional<String> id(
      JsonNode feature, JsonNode properties, InventoryRow.Draft row, FieldMapping mapping) {
    Optional<String> featureId = JsonInventoryDocument.scalarText(feature.get("id"));
    if (featureId.isPresent()) {
      row.sourceRecordId = featureId.get();
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      Optional<String> sourceId = JsonInventoryDocument.scalarText(property.getValue());
      if (InventoryColumn.named(mapping.resolve(property.getKey())).orElse(null) == InventoryColumn.SOURCE_ID
          && sourceId.isPresent()) {
        row.sourceRecordId = sourceId.get();
        row.idField = property.getKey();
        return Optional.of(property.getKey());
      }
    }
    Optional<String> osmId = JsonInventoryDocument.scalarText(properties.get(OSM_ID));
    if (osmId.isEmpty()) {
      return Optional.empty();
    }
    boolean osmNode = !row.osmTags.isEmpty() && osmId.get().matches("\\d+");
    row.sourceRecordId = osmNode ? "node/" + osmId.get() : osmId.get();
    return Optional.of(OSM_ID);
  }

  private static void point(JsonNode geometry, InventoryRow.Draft row) {
    if (geometry.isMissingNode() || geometry.isNull()) {
      row.issues.add(
          RecordIssues.error("geometry", "the feature has no geometry; a camera needs a Point"));
      return;
    }
    String type = geometry.path("type").asText("");
    if (!type.equals("Point")) {
      row.issues.add(
          RecordIssues.error(
              "geometry",
              "geometry is "
                  + (type.isEmpty() ? "not a GeoJSON geometry" : "a " + type)
                  + "; only Point features can be imported as cameras"));
      return;
    }
    JsonNode coordinates = geometry.path("coordinates");
    if (!coordinates.isArray()
        || coordinates.size() < 2
        || !coordinates.get(0).isNumber()
        || !coordinates.get(1).isNumber()) {
      row.issues.add(
          RecordIssues.error(
              "geometry",
              "Point coordinates must be [longitude, latitude] numbers, found "
                  + shown(coordinates)));
      return;
    }
    row.columns.put(InventoryColumn.LONGITUDE, coordinates.get(0).asText());
    row.columns.put(InventoryColumn.LATITUDE, coordinates.get(1).asText());
  }

  /** Reads one property, named {@code key} in the file and read as {@code read} (its mapping). */
  private static void property(String key, String read, JsonNode value, InventoryRow.Draft row) {
    Optional<String> text = JsonInventoryDocument.scalarText(value);
    Optional<String> tagKey = InventoryColumn.tagKey(read);
    // Position and id come from the geometry and the feature id, so same-named properties are
    // only kept as raw tags.
    Optional<InventoryColumn> column =
        InventoryColumn.named(read)
            .filter(
                c ->
                    c != InventoryColumn.LATITUDE
                        && c != InventoryColumn.LONGITUDE
                        && c != InventoryColumn.SOURCE_ID);
    if ((tagKey.isPresent() || column.isPresent()) && value.isContainerNode()) {
      row.issues.add(
          RecordIssues.error(
              key,
              key + " must be text or a number, found " + JsonInventoryDocument.describe(value)));
    } else if (column.isPresent()) {
      text.ifPresent(t -> row.columns.put(column.get(), t));
    } else if (tagKey.isPresent()) {
      text.ifPresent(
          t -> {
            row.cameraTags.put(tagKey.get(), t);
            row.rawTags.put(key, t);
          });
    } else {
      JsonInventoryDocument.verbatim(value).ifPresent(t -> row.rawTags.put(key, t));
    }
  }

  private static String shown(JsonNode value) {
    String json = value.isMissingNode() ? "none" : value.toString();
    return json.length() <= SHOWN_JSON_CHARACTERS
        ? json
        : json.substring(0, SHOWN_JSON_CHARACTERS) + "...";
  }
}
