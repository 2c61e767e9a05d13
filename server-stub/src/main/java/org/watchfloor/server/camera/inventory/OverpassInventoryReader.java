package org.watchfloor.server.camera.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.server.camera.inventory.ParsedInventory.SkippedElement;

/**
 * Reads Overpass API JSON ({@code [out:json]}): each node tagged man_made=surveillance is a camera
 * record with id "node/&lt;id&gt;"; other elements are skipped with a warning, and surveillance
 * ways or relations are rejected because a camera needs a single position.
 */
final class OverpassInventoryReader {

  InventoryRows read(byte[] content) {
    JsonInventoryDocument document = JsonInventoryDocument.read(content);
    JsonNode elements = document.root().path("elements");
    if (!document.root().isObject() || !elements.isArray()) {
      throw document.wrongShape(
          "expected Overpass API JSON (an object with an \"elements\" array), found "
              + (document.root().isObject()
                  ? "an object without one"
                  : JsonInventoryDocument.describe(document.root())));
    }
    List<InventoryRow> rows = new ArrayList<>();
    List<SkippedElement> skipped = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      int index = i + 1;
      JsonNode element = elements.get(i);
      String type = element.path("type").asText("");
      Optional<String> id = JsonInventoryDocument.scalarText(element.get("id"));
      String elementId = type.isEmpty() || id.isEmpty() ? "" : type + "/" + id.get();
      if (!element.isObject()) {
        skipped.add(
            new SkippedElement(
                index,
                "",
                RecordIssues.warning(
                    "",
                    "element "
                        + index
                        + " is "
                        + JsonInventoryDocument.describe(element)
                        + ", not an OSM element; skipped")));
      } else if (!"surveillance".equals(element.path("tags").path("man_made").asText())) {
        skipped.add(
            new SkippedElement(
                index,
                elementId,
                RecordIssues.warning(
                    "man_made",
                    (elementId.isEmpty() ? "element " + index : elementId)
                        + " is not tagged man_made=surveillance; skipped")));
      } else {
        rows.add(camera(index, type, elementId, element));
      }
    }
    return new InventoryRows(rows, skipped);
  }

  private static InventoryRow camera(int index, String type, String elementId, JsonNode element) {
    InventoryRow.Draft row = new InventoryRow.Draft(index, "id", "lat", "lon");
    row.sourceRecordId = elementId;
    row.osmTags.putAll(JsonInventoryDocument.verbatimMembers(element.path("tags")));
    row.rawTags.putAll(row.osmTags);
    if (!type.equals("node")) {
      row.issues.add(
          RecordIssues.error(
              "type",
              (elementId.isEmpty() ? "the element" : elementId)
                  + " is "
                  + (type.isEmpty() ? "of no type" : "a " + type)
                  + "; only nodes (single points) can be imported as cameras"));
      return row.build();
    }
    coordinate(element, "lat", InventoryColumn.LATITUDE, row);
    coordinate(element, "lon", InventoryColumn.LONGITUDE, row);
    return row.build();
  }

  private static void coordinate(
      JsonNode element, String member, InventoryColumn column, InventoryRow.Draft row) {
    JsonNode value = element.path(member);
    if (value.isNumber()) {
      row.columns.put(column, value.asText());
    } else if (!value.isMissingNode() && !value.isNull()) {
      row.issues.add(
          RecordIssues.error(
              member,
              member + " must be a number, found " + JsonInventoryDocument.describe(value)));
    }
  }
}
