package org.watchfloor.server.camera.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;
import org.watchfloor.proto.v1.ViewCone;

/**
 * The messy direction values and repeated positions of real OpenStreetMap ALPR records, taken from
 * the California export (14 features; see ATTRIBUTION.md).
 */
class CaliforniaExcerptTest {

  private ParsedInventory inventory;

  @BeforeEach
  void parseTheExcerpt() throws IOException {
    byte[] content;
    try (InputStream in = getClass().getResourceAsStream("California-excerpt.geojson")) {
      content = in.readAllBytes();
    }
    InventorySource source =
        new InventorySource(
            "openstreetmap",
            CameraKind.CAMERA_KIND_UNSPECIFIED,
            "ODbL-1.0",
            "© OpenStreetMap contributors",
            Instant.parse("2026-01-15T10:00:00Z"));
    inventory =
        new CameraInventoryParser().parse(ImportFormat.IMPORT_FORMAT_GEOJSON, content, source);
  }

  @Test
  void everyRecordIsKeptAsAnLprCameraWhateverItsDirection() {
    assertEquals(14, inventory.records().size());
    assertTrue(
        inventory.records().stream()
            .allMatch(r -> r.camera().orElseThrow().getKind() == CameraKind.CAMERA_KIND_LPR));
  }

  @Test
  void twoBearingsGiveTwoCones() {
    ParsedRecord record = record(11);

    assertEquals("node/12623613815", record.sourceRecordId());
    assertEquals(List.of(cone(45), cone(225)), record.camera().orElseThrow().getConesList());
    assertEquals(List.of(), record.issues());
  }

  @Test
  void threeBearingsAndAnEmptyPartAreRead() {
    assertEquals(List.of(75.0, 85.0, 95.0), headings(record(14)));
    assertEquals(List.of(260.0, 225.0), headings(record(13)));
    assertEquals(List.of(), record(13).issues());
  }

  @Test
  void compassPointsBecomeBearings() {
    assertEquals(List.of(180.0), headings(record(6)));
    assertEquals(List.of(270.0), headings(record(9)));
    assertEquals(List.of(202.5), headings(record(12)));
    assertEquals(List.of(), record(6).issues());
  }

  @Test
  void negativeBearingsAreNormalisedWithAWarning() {
    assertEquals(List.of(270.0), headings(record(2)));
    assertEquals(
        List.of("direction \"-90\" is negative; read as 270° clockwise from north"),
        messages(record(2)));
    assertEquals(List.of(340.0), headings(record(3)));
  }

  @Test
  void unreadableDirectionsKeepTheCameraWithoutACone() {
    for (int index : List.of(1, 5, 8)) {
      ParsedRecord record = record(index);
      assertEquals(List.of(), headings(record), "record " + index);
      assertEquals(1, record.issues(warning()).size(), "record " + index);
      assertTrue(
          messages(record).get(0).endsWith("camera kept without a view cone"),
          messages(record).get(0));
    }
    assertTrue(messages(record(5)).get(0).startsWith("direction \"Flock Raven\" is not"));
  }

  /** The export copies camera:direction into the direction property, which names the field. */
  @Test
  void travelDirectionIsReportedNotGuessed() {
    ParsedRecord record = record(4);

    assertEquals(List.of(), headings(record));
    assertEquals(
        List.of(
            "direction \"NB\" is a travel direction (northbound), not where the camera"
                + " faces; camera kept without a view cone"),
        messages(record));
  }

  @Test
  void repeatedPositionIsKeptWithAWarningNamingTheFirstRecord() {
    ParsedRecord second = record(9);
    ImportIssue warning = second.issues(warning()).get(0);

    assertTrue(second.camera().isPresent());
    assertEquals("geometry", warning.getField());
    assertEquals("same position as record 7; both kept", warning.getMessage());
    assertEquals(
        List.of("same position as record 4; both kept"),
        messages(record(10)).stream().filter(m -> m.startsWith("same position")).toList());
    assertTrue(record(7).issues().isEmpty());
  }

  private ParsedRecord record(int index) {
    ParsedRecord record = inventory.records().get(index - 1);
    assertEquals(index, record.recordIndex());
    return record;
  }

  private static ViewCone cone(double heading) {
    return ViewCone.newBuilder()
        .setHeadingDegrees(heading)
        .setFieldOfViewDegrees(60)
        .setRangeMeters(40)
        .build();
  }

  private static List<Double> headings(ParsedRecord record) {
    return record.camera().orElseThrow().getConesList().stream()
        .map(ViewCone::getHeadingDegrees)
        .toList();
  }

  private static List<String> messages(ParsedRecord record) {
    return record.issues().stream().map(ImportIssue::getMessage).toList();
  }

  private static ImportIssueSeverity warning() {
    return ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING;
  }
}
