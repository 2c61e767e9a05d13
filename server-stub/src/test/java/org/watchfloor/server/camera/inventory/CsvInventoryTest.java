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
import org.watchfloor.proto.v1.ImportIssueSeverity;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ViewCone;

/** CSV inventories as layers.proto defines them: columns, line numbers, rejections, bad headers. */
class CsvInventoryTest {

  @Test
  void documentedColumnsAreReadWhateverTheirCase() {
    Camera camera =
        only(parse(
                """
                Source_ID,NAME,Latitude,Longitude,Kind,Direction,Field_Of_View,Range,Address,Operator,Owner_ID,PTZ,tag:mount
                LEX-17,Main St & Limestone,38.0464,-84.4970,PRIVATE_LIVE,45;225,70,25,"101 W Main St, Lexington",Limestone Deli,own-12,false,wall
                """,
                CameraKind.CAMERA_KIND_UNSPECIFIED))
            .camera()
            .orElseThrow();

    assertEquals("Main St & Limestone", camera.getName());
    assertEquals(CameraKind.CAMERA_KIND_PRIVATE_LIVE, camera.getKind());
    assertEquals(38.0464, camera.getLocation().getLatitude());
    assertEquals(-84.4970, camera.getLocation().getLongitude());
    assertEquals(List.of(cone(45, 70, 25), cone(225, 70, 25)), camera.getConesList());
    assertEquals("101 W Main St, Lexington", camera.getAddress());
    assertEquals("Limestone Deli", camera.getOperator());
    assertEquals("own-12", camera.getOwnerId());
    assertEquals(Map.of("mount", "wall"), camera.getTagsMap());
    assertEquals("LEX-17", camera.getProvenance().getSourceRecordId());
    assertEquals(Map.of(), camera.getProvenance().getRawTagsMap());
  }

  @Test
  void recordIndexIsTheLineTheRecordStartsOn() {
    List<ParsedRecord> records =
        parse(
                """
                source_id,name,latitude,longitude,address
                A,First,38.01,-84.51,"12 Oak St

                Lexington"

                B,Second,38.02,-84.52,
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV)
            .records();

    assertEquals(List.of(2, 6), records.stream().map(ParsedRecord::recordIndex).toList());
    assertEquals("12 Oak St\n\nLexington", records.get(0).camera().orElseThrow().getAddress());
  }

  @Test
  void emptyNumericFieldsAreAbsentAndTheKindDefaultsApply() {
    Camera camera =
        only(parse(
                """
                source_id,name,latitude,longitude,kind,direction,field_of_view,range
                T-1,I-75 at exit 110,38.04,-84.45,TRAFFIC,180,,
                """,
                CameraKind.CAMERA_KIND_UNSPECIFIED))
            .camera()
            .orElseThrow();

    assertEquals(List.of(cone(180, 60, 150)), camera.getConesList());
  }

  @Test
  void aDirectionRangeGivesItsOwnConeAndSaysSoWhenTheFieldOfViewDisagrees() {
    ParsedRecord record =
        only(parse(
                """
                source_id,name,latitude,longitude,direction,field_of_view,range
                C-1,Overpass,38.04,-84.45,90-270;0,60,80
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(List.of(cone(180, 180, 80), cone(0, 60, 80)), record.camera().orElseThrow().getConesList());
    assertEquals(
        List.of("field_of_view 60 differs from the width of the direction range, 180°, centred on 180°; the range's width is used for that cone"),
        record.issues(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING).stream().map(ImportIssue::getMessage).toList());
  }

  @Test
  void rangeWithoutDirectionIsDrawnAsACircle() {
    Camera camera =
        only(parse(
                """
                source_id,name,latitude,longitude,range
                C-1,Park lot,38.04,-84.45,60
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV))
            .camera()
            .orElseThrow();

    assertEquals(
        List.of(ViewCone.newBuilder().setFieldOfViewDegrees(360).setRangeMeters(60).build()),
        camera.getConesList());
  }

  @Test
  void moreThanEightDirectionsKeepTheFirstEightWithAWarning() {
    ParsedRecord record =
        only(
            parse(
                """
                source_id,name,latitude,longitude,direction
                C-1,Roundabout,38.04,-84.45,0;40;80;120;160;200;240;280;320
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(8, record.camera().orElseThrow().getConesCount());
    assertEquals(
        List.of(
            RecordIssues.warning(
                "direction",
                "direction \"0;40;80;120;160;200;240;280;320\" gives 9 directions; kept the first"
                    + " 8, the most a camera has")),
        record.issues());
  }

  @Test
  void nonNumericValueRejectsTheRowNamingColumnAndValue() {
    ParsedInventory inventory =
        parse(
            """
            source_id,name,latitude,longitude,range
            C-1,Far one,38.04,-84.45,far
            C-2,Fine one,38.05,-84.46,80
            """,
            CameraKind.CAMERA_KIND_CITY_CCTV);

    ParsedRecord bad = inventory.records().get(0);
    assertTrue(bad.rejected());
    assertEquals(
        List.of(RecordIssues.error("range", "range \"far\" is not a number")), bad.issues());
    assertTrue(inventory.records().get(1).camera().isPresent());
  }

  @Test
  void nonNumericLatitudeIsRejected() {
    ParsedRecord record =
        only(
            parse(
                """
                source_id,name,latitude,longitude
                C-1,Somewhere,38°02'N,-84.45
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(
        List.of(RecordIssues.error("latitude", "latitude \"38°02'N\" is not a number")),
        record.issues());
  }

  @Test
  void repeatedSourceIdRejectsTheLaterRowNamingTheFirstLine() {
    ParsedInventory inventory =
        parse(
            """
            source_id,name,latitude,longitude
            A-1,North door,38.04,-84.45
            A-1,South door,38.03,-84.45
            """,
            CameraKind.CAMERA_KIND_CITY_CCTV);

    assertEquals(
        List.of(
            RecordIssues.error(
                "source_id",
                "source_id \"A-1\" is already used by record 2; an id may appear only once in a"
                    + " file")),
        inventory.records().get(1).issues());
  }

  @Test
  void rowWithoutKindIsRejectedWhenTheImportHasNoDefault() {
    ParsedRecord record =
        only(
            parse(
                """
                source_id,name,latitude,longitude,kind
                A-1,North door,38.04,-84.45,
                """,
                CameraKind.CAMERA_KIND_UNSPECIFIED));

    assertEquals(
        List.of(RecordIssues.error("kind", "kind is empty and the import has no default kind")),
        record.issues());
  }

  @Test
  void unnamedRowIsNamedWithAWarning() {
    ParsedRecord record =
        only(
            parse(
                """
                source_id,latitude,longitude
                A-1,38.04,-84.45
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals("Camera A-1", record.camera().orElseThrow().getName());
    assertEquals(
        List.of(RecordIssues.warning("name", "name is empty; named \"Camera A-1\"")),
        record.issues());
  }

  @Test
  void unknownColumnsAreKeptRawWithOneWarningForTheFile() {
    ParsedInventory inventory =
        parse(
            """
            source_id,name,latitude,longitude,installed
            A-1,North door,38.04,-84.45,2021-05
            A-2,South door,38.03,-84.45,2022-11
            """,
            CameraKind.CAMERA_KIND_CITY_CCTV);

    assertEquals(
        List.of(
            RecordIssues.warning(
                "installed",
                "column \"installed\" is not a documented column; its values are kept in provenance"
                    + " raw_tags")),
        inventory.records().get(0).issues());
    assertEquals(List.of(), inventory.records().get(1).issues());
    assertEquals(
        Map.of("installed", "2022-11"),
        inventory.records().get(1).camera().orElseThrow().getProvenance().getRawTagsMap());
  }

  @Test
  void rowWithMoreFieldsThanTheHeaderIsRejected() {
    ParsedRecord record =
        only(
            parse(
                """
                source_id,name,latitude,longitude
                A-1,North door, east side,38.04,-84.45
                """,
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertTrue(record.rejected());
    assertEquals(
        RecordIssues.error("", "the record has 5 fields but the header has 4"),
        record.issues().get(0));
  }

  @Test
  void byteOrderMarkIsIgnored() {
    ParsedRecord record =
        only(
            parse(
                "\uFEFFlatitude,longitude,name\n38.04,-84.45,Door\n",
                CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals("Door", record.camera().orElseThrow().getName());
  }

  @Test
  void headerWithoutCoordinatesFailsTheFileNamingTheMissingColumns() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () ->
                parse("id,name,lat,lon\n1,Door,38.04,-84.45\n", CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(
        "line 1, column 1: the header lacks the required columns latitude, longitude"
            + " (found: id, name, lat, lon)",
        failure.getMessage());
  }

  @Test
  void semicolonSeparatedFileIsExplained() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () ->
                parse(
                    "name;latitude;longitude\nDoor;38.04;-84.45\n",
                    CameraKind.CAMERA_KIND_CITY_CCTV));

    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "the file looks semicolon-separated, but columns must be separated by commas"),
        failure.getMessage());
  }

  @Test
  void emptyFileFails() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class, () -> parse("", CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(
        "line 1, column 1: the file is empty; expected a header row naming at least latitude and"
            + " longitude",
        failure.getMessage());
  }

  @Test
  void unterminatedQuoteFailsTheFileWhereItIsNoticed() {
    InventoryFormatException failure =
        assertThrows(
            InventoryFormatException.class,
            () ->
                parse(
                    "name,latitude,longitude\nDoor,38.04,-84.45\n\"Gate,38.05,-84.46\n",
                    CameraKind.CAMERA_KIND_CITY_CCTV));

    assertEquals(4, failure.line());
    assertTrue(failure.problem().contains("Missing closing quote"), failure.problem());
  }

  private static ParsedInventory parse(String csv, CameraKind defaultKind) {
    InventorySource source =
        new InventorySource(
            "csv:city-inventory", defaultKind, "", "", Instant.parse("2026-01-15T10:00:00Z"));
    return new CameraInventoryParser()
        .parse(ImportFormat.IMPORT_FORMAT_CSV, csv.getBytes(StandardCharsets.UTF_8), source);
  }

  private static ParsedRecord only(ParsedInventory inventory) {
    assertEquals(1, inventory.records().size());
    return inventory.records().get(0);
  }

  private static ViewCone cone(double heading, double fieldOfView, double range) {
    return ViewCone.newBuilder()
        .setHeadingDegrees(heading)
        .setFieldOfViewDegrees(fieldOfView)
        .setRangeMeters(range)
        .build();
  }
}
