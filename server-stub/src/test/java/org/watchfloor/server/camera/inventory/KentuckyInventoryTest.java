package org.watchfloor.server.camera.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;
import org.watchfloor.proto.v1.Provenance;
import org.watchfloor.proto.v1.ViewCone;

/**
 * The 463 OpenStreetMap ALPR cameras of Kentucky (alpr-sync-usa export) as the importer reads them.
 */
class KentuckyInventoryTest {

  private static final Instant IMPORTED_AT = Instant.parse("2026-01-15T10:00:00Z");

  private ParsedInventory inventory;

  @BeforeEach
  void parseTheExport() throws IOException {
    byte[] content;
    try (InputStream in = getClass().getResourceAsStream("Kentucky.geojson")) {
      content = in.readAllBytes();
    }
    InventorySource source =
        new InventorySource(
            "openstreetmap",
            CameraKind.CAMERA_KIND_UNSPECIFIED,
            "ODbL-1.0",
            "© OpenStreetMap contributors",
            IMPORTED_AT);
    inventory =
        new CameraInventoryParser().parse(ImportFormat.IMPORT_FORMAT_GEOJSON, content, source);
  }

  @Test
  void everyFeatureIsARecordNumberedByItsPositionInTheFile() {
    assertEquals(463, inventory.records().size());
    assertEquals(
        IntStream.rangeClosed(1, 463).boxed().toList(),
        inventory.records().stream().map(ParsedRecord::recordIndex).toList());
    assertEquals(List.of(), inventory.skipped());
  }

  @Test
  void everyRecordIsAnLprCameraSinceAllAreTaggedAlpr() {
    for (ParsedRecord record : inventory.records()) {
      assertTrue(
          record.camera().isPresent() || !record.issues(error()).isEmpty(),
          "record " + record.recordIndex() + " has neither a camera nor an error");
    }
    assertEquals(List.of(), rejected());
    assertTrue(
        inventory.records().stream()
            .allMatch(r -> r.camera().orElseThrow().getKind() == CameraKind.CAMERA_KIND_LPR));
  }

  @Test
  void idIsTheOsmNodeAndProvenanceKeepsLicenceAndTags() {
    ParsedRecord first = record(1);
    Camera camera = first.camera().orElseThrow();

    assertEquals("node/165074408", first.sourceRecordId());
    Provenance provenance = camera.getProvenance();
    assertEquals("openstreetmap", provenance.getSource());
    assertEquals("node/165074408", provenance.getSourceRecordId());
    assertEquals(IMPORTED_AT.getEpochSecond(), provenance.getImportedAt().getSeconds());
    assertEquals("ODbL-1.0", provenance.getLicence());
    assertEquals("© OpenStreetMap contributors", provenance.getAttribution());
    assertEquals("ALPR", provenance.getRawTagsMap().get("surveillance:type"));
    assertEquals("Kentucky", provenance.getRawTagsMap().get("state"));
    assertEquals(38.24803, camera.getLocation().getLatitude());
    assertEquals(-85.598879, camera.getLocation().getLongitude());
  }

  @Test
  void importedCameraHasNoStoreAssignedFields() {
    Camera camera = record(1).camera().orElseThrow();

    assertEquals("", camera.getId());
    assertEquals(0, camera.getRevision());
    assertFalse(camera.hasCreatedAt());
    assertFalse(camera.hasUpdatedAt());
  }

  @Test
  void descriptiveOsmTagsBecomeCameraTags() {
    Map<String, String> tags = record(6).camera().orElseThrow().getTagsMap();

    assertEquals("Flock Safety", tags.get("brand"));
    assertEquals("pole", tags.get("camera:mount"));
    assertEquals("traffic", tags.get("surveillance:zone"));
    assertFalse(tags.containsKey("brand:wikidata"));
  }

  @Test
  void bearingGivesOneConeWithTheLprDefaults() {
    ParsedRecord first = record(1);

    assertEquals(
        List.of(
            ViewCone.newBuilder()
                .setHeadingDegrees(190)
                .setFieldOfViewDegrees(60)
                .setRangeMeters(40)
                .build()),
        first.camera().orElseThrow().getConesList());
    assertEquals(List.of(), first.issues());
  }

  @Test
  void nameComesFromTheNameTagElseFromOperatorElseFromTheId() {
    assertEquals("ALPR FLOCK CAMERA", name(294));
    assertEquals("Lexington Police Department camera", name(6));
    assertEquals("Camera node/165074408", name(1));
  }

  @Test
  void operatorIsReadFromTheRecords() {
    long lexington =
        inventory.records().stream()
            .filter(
                r -> r.camera().orElseThrow().getOperator().equals("Lexington Police Department"))
            .count();
    assertEquals(52, lexington);
  }

  @Test
  void negativeDirectionIsNormalisedWithAWarning() {
    ParsedRecord record = record(328);

    assertEquals("node/12964505044", record.sourceRecordId());
    assertEquals(List.of(245.0), headings(record));
    assertEquals(
        List.of("direction \"-115\" is negative; read as 245° clockwise from north"),
        messages(record.issues(warning())));
  }

  @Test
  void runTogetherDirectionKeepsTheCameraWithoutACone() {
    ParsedRecord record = record(100);

    assertEquals("node/12372249147", record.sourceRecordId());
    assertTrue(record.camera().isPresent());
    assertEquals(List.of(), headings(record));
    assertEquals(
        List.of(
            "direction \"135145\" is not a compass bearing (0-360) or a compass point"
                + " (N, NNE ... NNW); camera kept without a view cone"),
        messages(record.issues(warning())));
  }

  @Test
  void directionOf360IsNorth() {
    assertEquals(List.of(0.0), headings(record(123)));
    assertEquals(List.of(), record(123).issues());
  }

  @Test
  void disagreeingCameraDirectionTagIsReported() {
    ParsedRecord record = record(276);

    assertEquals(List.of(270.0), headings(record));
    ImportIssue warning = record.issues().get(0);
    assertEquals("camera:direction", warning.getField());
    assertEquals(
        "camera:direction \"5\" differs from direction \"270\"; used direction",
        warning.getMessage());
  }

  @Test
  void cameraWithoutDirectionHasNoConeAndNoIssue() {
    ParsedRecord record = record(2);

    assertEquals(List.of(), record.camera().orElseThrow().getConesList());
    assertEquals(List.of(), record.issues());
  }

  @Test
  void exportHasNoRepeatedPositionsOrIds() {
    assertTrue(
        inventory.records().stream()
            .flatMap(r -> r.issues().stream())
            .noneMatch(
                i ->
                    i.getMessage().contains("same position")
                        || i.getMessage().contains("already used")));
  }

  private ParsedRecord record(int index) {
    ParsedRecord record = inventory.records().get(index - 1);
    assertEquals(index, record.recordIndex());
    return record;
  }

  private String name(int index) {
    return record(index).camera().orElseThrow().getName();
  }

  private List<ParsedRecord> rejected() {
    return inventory.records().stream().filter(ParsedRecord::rejected).toList();
  }

  private static List<Double> headings(ParsedRecord record) {
    return record.camera().orElseThrow().getConesList().stream()
        .map(ViewCone::getHeadingDegrees)
        .toList();
  }

  private static List<String> messages(List<ImportIssue> issues) {
    return issues.stream().map(ImportIssue::getMessage).toList();
  }

  private static ImportIssueSeverity warning() {
    return ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING;
  }

  private static ImportIssueSeverity error() {
    return ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR;
  }
}
