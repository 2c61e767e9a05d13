package org.watchfloor.server.camera.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;
import org.watchfloor.proto.v1.ViewCone;

/** GeoJSON inventories: the contract's property names, per-feature rejections, unreadable files. */
class GeoJsonInventoryTest {

  private static final String GOOD_FEATURE =
      """
      {"type": "Feature", "id": "ok-1", "properties": {"name": "Main St & 3rd"},
       "geometry": {"type": "Point", "coordinates": [-84.5, 38.05]}}\
      """;

  @Test
  void propertiesUseTheCsvColumnNames() {
    String feature =
        """
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [-84.4958, 38.0464]},
         "properties": {"source_id": "KYTC-7-0042", "name": "US-27 at New Circle Rd",
           "kind": "traffic", "direction": 90, "field_of_view": 45, "range": 200,
           "address": "US-27 & New Circle Rd, Lexington", "operator": "KYTC District 7",
           "ptz": true, "tag:mount": "mast arm", "install_year": 2019}}
        """;

    Camera camera =
        only(parse(collection(feature), CameraKind.CAMERA_KIND_UNSPECIFIED).records())
            .camera()
            .orElseThrow();

    assertEquals("US-27 at New Circle Rd", camera.getName());
    assertEquals(CameraKind.CAMERA_KIND_TRAFFIC, camera.getKind());
    assertEquals(
        List.of(
            ViewCone.newBuilder()
                .setHeadingDegrees(90)
                .setFieldOfViewDegrees(45)
                .setRangeMeters(200)
                .build()),
        camera.getConesList());
    assertEquals("US-27 & New Circle Rd, Lexington", camera.getAddress());
    assertEquals("KYTC District 7", camera.getOperator());
    assertTrue(camera.getPtz());
    assertEquals(Map.of("mount", "mast arm"), camera.getTagsMap());
    assertEquals("KYTC-7-0042", camera.getProvenance().getSourceRecordId());
    assertEquals(
        Map.of("install_year", "2019", "tag:mount", "mast arm"),
        camera.getProvenance().getRawTagsMap());
  }

  @Test
  void latitudeOutsideItsRangeRejectsOnlyThatFeature() {
    ParsedInventory inventory =
        parse(
            collection(
                """
                {"type": "Feature", "id": "bad-1", "properties": {"name": "Typo"},
                 "geometry": {"type": "Point", "coordinates": [-84.5, 91.2]}}\
                """,
                GOOD_FEATURE),
            CameraKind.CAMERA_KIND_CITY_CCTV);

    ParsedRecord bad = inventory.records().get(0);
    assertTrue(bad.rejected());
    assertEquals(List.of(error("geometry", "latitude 91.2 is outside -90..90")), bad.issues());
    assertTrue(inventory.records().get(1).camera().isPresent());
  }

  @Test
  void nullIslandIsRejected() {
    ParsedRecord record =
        only(
            parse(
                    collection(
                        """
                        {"type": "Feature", "id": "zero", "properties": {"name": "Unplaced"},
                         "geometry": {"type": "Point", "coordinates": [0, 0]}}\
                        """),
                    CameraKind.CAMERA_KIND_CITY_CCTV)
                .records());

    assertTrue(record.rejected());
    assertEquals(
        "position 0, 0 (\"null island\" in the Gulf of Guinea) is a missing position written as"
            + " zeros",
        record.issues(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR).get(0).getMessage());
  }

  @Test
  void lineStringIsRejectedNamingItsType() {
    String feature =
        """
        {"type": "Feature", "id": "road", "properties": {"name": "Corridor"},
         "geometry": {"type": "LineString",
                      "coordinates": [[-84.5, 38.0], [-84.4, 38.1]]}}
        """;

    ParsedRecord record =
        only(parse(collection(feature), CameraKind.CAMERA_KIND_CITY_CCTV).records());

    assertTrue(record.rejected());
    assertEquals(
        List.of(
            error(
                "geometry",
                "geometry is a LineString; only Point features can be imported as cameras")),
        record.issues());
  }

  @Test
  void featureWithoutGeometryIsRejected() {
    ParsedRecord record =
        only(
            parse(
                    collection(
                        "{\"type\": \"Feature\", \"properties\": {\"name\": \"Lost\"},"
                            + " \"geometry\": null}"),
                    CameraKind.CAMERA_KIND_CITY_CCTV)
                .records());

    assertEquals(
        List.of(error("geometry", "the feature has no geometry; a camera needs a Point")),
        record.issues());
  }

  @Test
  void repeatedIdRejectsTheLaterFeatureNamingTheFirst() {
    ParsedInventory inventory =
        parse(
            collection(GOOD_FEATURE, GOOD_FEATURE.replace("-84.5", "-84.6")),
            CameraKind.CAMERA_KIND_CITY_CCTV);

    assertTrue(inventory.records().get(0).camera().isPresent());
    ParsedRecord second = inventory.records().get(1);
    assertTrue(second.rejected());
    assertEquals(
        List.of(
            error(
                "id",
                "id \"ok-1\" is already used by record 1; an id may appear only once in a file")),
        second.issues());
  }

  @Test
  void recordWithoutKindIsRejectedWhenTheImportHasNoDefault() {
    ParsedRecord record =
        only(parse(collection(GOOD_FEATURE), CameraKind.CAMERA_KIND_UNSPECIFIED).records());

    assertTrue(record.rejected());
    assertEquals(
        List.of(error("kind", "kind is empty and the import has no default kind")),
        record.issues());
  }

  @Test
  void importDefaultKindAppliesWhenTheRecordStatesNone() {
    Camera camera =
        only(parse(collection(GOOD_FEATURE), CameraKind.CAMERA_KIND_CITY_CCTV).records())
            .camera()
            .orElseThrow();

    assertEquals(CameraKind.CAMERA_KIND_CITY_CCTV, camera.getKind());
    assertEquals("", camera.getProvenance().getLicence());
  }

  @Test
  void unknownKindIsRejected() {
    ParsedRecord record =
        only(
            parse(
                    collection(GOOD_FEATURE.replace("\"name\"", "\"kind\": \"dome\", \"name\"")),
                    CameraKind.CAMERA_KIND_CITY_CCTV)
                .records());

    assertEquals(
        List.of(
            error(
                "kind",
                "kind \"dome\" is not one of TRAFFIC, CITY_CCTV, LPR, PRIVATE_REGISTERED,"
                    + " PRIVATE_LIVE")),
        record.issues());
  }

  @Test
  void privateCameraNeedsAnOwnerAndPublicCameraMustNotHaveOne() {
    ParsedInventory inventory =
        parse(
            collection(
                GOOD_FEATURE.replace("\"name\"", "\"kind\": \"PRIVATE_REGISTERED\", \"name\""),
                GOOD_FEATURE
                    .replace("ok-1", "ok-2")
                    .replace("\"name\"", "\"kind\": \"LPR\", \"owner_id\": \"own-7\", \"name\"")),
            CameraKind.CAMERA_KIND_UNSPECIFIED);

    assertEquals(
        List.of(error("owner_id", "owner_id is required for a PRIVATE_REGISTERED camera")),
        inventory.records().get(0).issues());
    assertEquals(
        List.of(
            warning("geometry", "same position as record 1; both kept"),
            error("owner_id", "owner_id must be empty for a public camera (LPR)")),
        inventory.records().get(1).issues());
  }

  @Test
  void nonNumericFieldOfViewIsRejectedNamingTheValue() {
    ParsedRecord record =
        only(
            parse(
                    collection(
                        GOOD_FEATURE.replace("\"name\"", "\"field_of_view\": \"wide\", \"name\"")),
                    CameraKind.CAMERA_KIND_CITY_CCTV)
                .records());

    assertEquals(
        List.of(error("field_of_view", "field_of_view \"wide\" is not a number")), record.issues());
  }

  @Test
  void truncatedJsonFailsTheFileAtTheLineWhereItEnds() {
    String truncated =
        """
        {"type": "FeatureCollection",
         "features": [
          {"type": "Feature", "id": "ok-1",
        """;

    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class, () -> parse(truncated, CameraKind.CAMERA_KIND_LPR));

    assertEquals(4, failure.line());
    assertTrue(
        failure.getMessage().startsWith("line 4, column 1: Unexpected end-of-input"),
        failure.getMessage());
  }

  @Test
  void textThatIsNotJsonFailsTheFile() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () -> parse("id,name,latitude\n1,x,38\n", CameraKind.CAMERA_KIND_LPR));

    assertEquals(1, failure.line());
    assertTrue(failure.problem().startsWith("Unrecognized token 'id'"), failure.problem());
  }

  @Test
  void jsonThatIsNotAFeatureCollectionFailsTheFile() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () -> parse("\n  " + GOOD_FEATURE, CameraKind.CAMERA_KIND_LPR));

    assertEquals(
        "line 2, column 3: expected a GeoJSON FeatureCollection, found \"type\": \"Feature\"",
        failure.getMessage());
  }

  private static ParsedInventory parse(String json, CameraKind defaultKind) {
    InventorySource source =
        new InventorySource(
            "geojson:test", defaultKind, "", "", Instant.parse("2026-01-15T10:00:00Z"));
    return new CameraInventoryParser()
        .parse(ImportFormat.IMPORT_FORMAT_GEOJSON, json.getBytes(StandardCharsets.UTF_8), source);
  }

  private static String collection(String... features) {
    return "{\"type\": \"FeatureCollection\", \"features\": [\n"
        + String.join(",\n", features)
        + "\n]}";
  }

  private static ParsedRecord only(List<ParsedRecord> records) {
    assertEquals(1, records.size());
    return records.get(0);
  }

  private static ImportIssue error(String field, String message) {
    return RecordIssues.error(field, message);
  }

  private static ImportIssue warning(String field, String message) {
    return RecordIssues.warning(field, message);
  }
}
