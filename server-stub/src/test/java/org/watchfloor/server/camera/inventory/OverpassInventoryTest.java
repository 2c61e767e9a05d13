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
import org.watchfloor.proto.v1.ViewCone;
import org.watchfloor.server.camera.inventory.ParsedInventory.SkippedElement;

/** Overpass API JSON: the contract's OSM tag mapping, skipped elements, rejected ways. */
class OverpassInventoryTest {

  @Test
  void surveillanceTagsDecideTheKind() {
    ParsedInventory inventory =
        parse(
            elements(
                node(1, "\"surveillance:type\": \"ALPR\", \"surveillance:zone\": \"traffic\""),
                node(2, "\"surveillance:type\": \"camera\", \"surveillance:zone\": \"traffic\""),
                node(3, "\"surveillance\": \"public\""),
                node(4, "\"surveillance\": \"outdoor\"")),
            CameraKind.CAMERA_KIND_PRIVATE_REGISTERED,
            "");

    assertEquals(
        List.of(
            CameraKind.CAMERA_KIND_LPR,
            CameraKind.CAMERA_KIND_TRAFFIC,
            CameraKind.CAMERA_KIND_CITY_CCTV),
        inventory.records().stream()
            .limit(3)
            .map(r -> r.camera().orElseThrow().getKind())
            .toList());
    // The import default is private, and an OSM node never names an owner.
    assertEquals(
        List.of(
            RecordIssues.error("owner_id", "owner_id is required for a PRIVATE_REGISTERED camera")),
        inventory.records().get(3).issues());
  }

  @Test
  void osmLicenceAndAttributionApplyUnlessTheImportGivesOthers() {
    Camera byDefault =
        first(
            parse(
                elements(node(7, "\"surveillance\": \"public\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                ""));
    Camera given =
        first(
            parse(
                elements(node(7, "\"surveillance\": \"public\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                "CC0-1.0"));

    assertEquals("ODbL-1.0", byDefault.getProvenance().getLicence());
    assertEquals("© OpenStreetMap contributors", byDefault.getProvenance().getAttribution());
    assertEquals("CC0-1.0", given.getProvenance().getLicence());
    assertEquals("© OpenStreetMap contributors", given.getProvenance().getAttribution());
  }

  @Test
  void everyTagIsKeptRawAndTheIdIsTheNode() {
    Camera camera =
        first(
            parse(
                elements(node(42, "\"surveillance\": \"public\", \"camera:mount\": \"pole\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                ""));

    assertEquals("node/42", camera.getProvenance().getSourceRecordId());
    assertEquals(
        Map.of("man_made", "surveillance", "surveillance", "public", "camera:mount", "pole"),
        camera.getProvenance().getRawTagsMap());
    assertEquals(Map.of("surveillance", "public", "camera:mount", "pole"), camera.getTagsMap());
  }

  @Test
  void nameAddressAndOperatorComeFromTheirTags() {
    Camera camera =
        first(
            parse(
                elements(
                    node(
                        5,
                        """
                        "surveillance": "public", "operator": "LFUCG", "addr:housenumber": "200",
                        "addr:street": "E Main St", "addr:city": "Lexington", "addr:state": "KY",
                        "addr:postcode": "40507\"\
                        """)),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                ""));

    assertEquals("LFUCG camera", camera.getName());
    assertEquals("LFUCG", camera.getOperator());
    assertEquals("200 E Main St, Lexington, KY 40507", camera.getAddress());
  }

  @Test
  void unnamedNodeWithoutOperatorIsNamedAfterItsId() {
    assertEquals(
        "Camera node/9",
        first(
                parse(
                    elements(node(9, "\"surveillance\": \"public\"")),
                    CameraKind.CAMERA_KIND_UNSPECIFIED,
                    ""))
            .getName());
  }

  @Test
  void cameraDirectionIsPreferredAndADisagreeingDirectionIsReported() {
    ParsedRecord record =
        parse(
                elements(
                    node(
                        3,
                        "\"surveillance\": \"public\", \"camera:direction\": \"NE\", \"direction\":"
                            + " \"90\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                "")
            .records()
            .get(0);

    assertEquals(45, record.camera().orElseThrow().getCones(0).getHeadingDegrees());
    assertEquals(
        List.of(
            RecordIssues.warning(
                "direction",
                "direction \"90\" differs from camera:direction \"NE\"; used camera:direction")),
        record.issues());
  }

  @Test
  void domeWithoutDirectionSeesAllAround() {
    Camera camera =
        first(
            parse(
                elements(node(3, "\"surveillance\": \"public\", \"camera:type\": \"dome\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                ""));

    assertEquals(
        List.of(ViewCone.newBuilder().setFieldOfViewDegrees(360).setRangeMeters(80).build()),
        camera.getConesList());
  }

  @Test
  void panningCameraIsPtzAndCameraAngleIsNotAFieldOfView() {
    Camera camera =
        first(
            parse(
                elements(
                    node(
                        3,
                        "\"surveillance\": \"public\", \"camera:type\": \"panning\","
                            + " \"camera:direction\": \"180\", \"camera:angle\": \"15\"")),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                ""));

    assertTrue(camera.getPtz());
    assertEquals(60, camera.getCones(0).getFieldOfViewDegrees());
  }

  @Test
  void elementsThatAreNotCamerasAreSkippedWithAWarning() {
    ParsedInventory inventory =
        parse(
            elements(
                "{\"type\": \"node\", \"id\": 10, \"lat\": 38.0, \"lon\": -84.5}",
                node(11, "\"surveillance\": \"public\"")),
            CameraKind.CAMERA_KIND_UNSPECIFIED,
            "");

    assertEquals(
        List.of(
            new SkippedElement(
                1,
                "node/10",
                RecordIssues.warning(
                    "man_made", "node/10 is not tagged man_made=surveillance; skipped"))),
        inventory.skipped());
    assertEquals(List.of(2), inventory.records().stream().map(ParsedRecord::recordIndex).toList());
  }

  @Test
  void surveillanceWayIsRejected() {
    ParsedRecord record =
        parse(
                elements(
                    "{\"type\": \"way\", \"id\": 77, \"nodes\": [1, 2], \"tags\": {\"man_made\":"
                        + " \"surveillance\", \"surveillance\": \"public\"}}"),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                "")
            .records()
            .get(0);

    assertTrue(record.rejected());
    assertEquals("way/77", record.sourceRecordId());
    assertEquals(
        RecordIssues.error(
            "type", "way/77 is a way; only nodes (single points) can be imported as cameras"),
        record.issues().get(0));
  }

  @Test
  void nodeWithoutLatitudeIsRejected() {
    ParsedRecord record =
        parse(
                elements(
                    "{\"type\": \"node\", \"id\": 8, \"lon\": -84.5, \"tags\": {\"man_made\":"
                        + " \"surveillance\", \"surveillance\": \"public\"}}"),
                CameraKind.CAMERA_KIND_UNSPECIFIED,
                "")
            .records()
            .get(0);

    assertEquals(List.of(RecordIssues.error("lat", "latitude is missing")), record.issues());
  }

  @Test
  void jsonWithoutElementsFailsTheFile() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () ->
                parse(
                    "{\"type\": \"FeatureCollection\", \"features\": []}",
                    CameraKind.CAMERA_KIND_LPR,
                    ""));

    assertEquals(
        "line 1, column 1: expected Overpass API JSON (an object with an \"elements\" array), found"
            + " an object without one",
        failure.getMessage());
  }

  private static ParsedInventory parse(String json, CameraKind defaultKind, String licence) {
    InventorySource source =
        new InventorySource(
            "openstreetmap", defaultKind, licence, "", Instant.parse("2026-01-15T10:00:00Z"));
    return new CameraInventoryParser()
        .parse(ImportFormat.IMPORT_FORMAT_OSM_JSON, json.getBytes(StandardCharsets.UTF_8), source);
  }

  /** An Overpass result as {@code [out:json]} writes it. */
  private static String elements(String... elements) {
    return "{\"version\": 0.6, \"generator\": \"Overpass API\", \"elements\": [\n"
        + String.join(",\n", elements)
        + "\n]}";
  }

  /** A surveillance node at a distinct position per id, with the given extra tags. */
  private static String node(long id, String tags) {
    return "{\"type\": \"node\", \"id\": "
        + id
        + ", \"lat\": "
        + (38.0 + id / 1000.0)
        + ", \"lon\": -84.5, \"tags\": {\"man_made\": \"surveillance\", "
        + tags
        + "}}";
  }

  private static Camera first(ParsedInventory inventory) {
    return inventory.records().get(0).camera().orElseThrow();
  }
}
