package org.watchfloor.server.camera.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;

/** The OpenStreetMap direction forms the importer understands, and what it says about the rest. */
class OsmDirectionTest {

  @Test
  void plainBearingGivesOneHeadingWithoutWarnings() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "190");

    assertEquals(List.of(bearing(190)), reading.headings());
    assertEquals(List.of(), reading.warnings());
  }

  @Test
  void decimalBearingIsKeptAsWritten() {
    assertEquals(List.of(bearing(22.5)), OsmDirection.read("direction", "22.5").headings());
  }

  @Test
  void threeSixtyIsNorth() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "360");

    assertEquals(List.of(bearing(0)), reading.headings());
    assertEquals(List.of(), reading.warnings());
  }

  @Test
  void semicolonSeparatedBearingsGiveOneHeadingEachInOrder() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "45;225");

    assertEquals(List.of(bearing(45), bearing(225)), reading.headings());
    assertEquals(List.of(), reading.warnings());
  }

  @Test
  void emptyPartsBetweenSemicolonsAreIgnored() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "260;;225;");

    assertEquals(List.of(bearing(260), bearing(225)), reading.headings());
    assertEquals(List.of(), reading.warnings());
  }

  @ParameterizedTest
  @CsvSource({
    "N, 0",
    "NNE, 22.5",
    "E, 90",
    "ESE, 112.5",
    "S, 180",
    "SSW, 202.5",
    "W, 270",
    "NNW, 337.5",
    "sw, 225"
  })
  void compassPointsAreSixteenthsOfACircle(String point, double degrees) {
    OsmDirection.Reading reading = OsmDirection.read("camera:direction", point);

    assertEquals(List.of(bearing(degrees)), reading.headings());
    assertEquals(List.of(), reading.warnings());
  }

  @Test
  void negativeBearingCountsBackFromNorthWithAWarning() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "-10");

    assertEquals(List.of(bearing(350)), reading.headings());
    assertEquals(
        List.of("direction \"-10\" is negative; read as 350° clockwise from north"),
        messages(reading.warnings()));
  }

  @Test
  void bearingBeyond360IsDroppedButExplained() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "9018045");

    assertEquals(List.of(), reading.headings());
    ImportIssue warning = reading.warnings().get(0);
    assertEquals(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING, warning.getSeverity());
    assertEquals("direction", warning.getField());
    assertEquals(
        "direction \"9018045\" is not a compass bearing (0-360) or a compass point"
            + " (N, NNE ... NNW); camera kept without a view cone",
        warning.getMessage());
  }

  @Test
  void travelDirectionIsNotTakenForWhereTheCameraFaces() {
    OsmDirection.Reading reading = OsmDirection.read("camera:direction", "NB");

    assertEquals(List.of(), reading.headings());
    assertEquals(
        List.of(
            "camera:direction \"NB\" is a travel direction (northbound), not where the camera"
                + " faces; camera kept without a view cone"),
        messages(reading.warnings()));
  }

  @Test
  void oneUnreadablePartKeepsTheOtherHeadings() {
    OsmDirection.Reading reading = OsmDirection.read("direction", "45;up;225");

    assertEquals(List.of(bearing(45), bearing(225)), reading.headings());
    assertEquals(1, reading.warnings().size());
    assertTrue(
        reading.warnings().get(0).getMessage().startsWith("direction \"45;up;225\": \"up\" is not"),
        reading.warnings().get(0).getMessage());
    assertTrue(reading.warnings().get(0).getMessage().endsWith("no view cone for this part"));
  }

  @Test
  void rangeIsAConeCentredBetweenItsEndsAsWideAsTheSpan() {
    assertEquals(
        List.of(new OsmDirection.Heading(135, OptionalDouble.of(90))),
        OsmDirection.read("direction", "90-180").headings());
  }

  @Test
  void rangeThroughNorthWrapsAround() {
    assertEquals(
        List.of(new OsmDirection.Heading(0, OptionalDouble.of(20))),
        OsmDirection.read("direction", "350-10").headings());
  }

  @Test
  void blankValueSaysNothing() {
    assertEquals(
        new OsmDirection.Reading(List.of(), List.of()), OsmDirection.read("direction", "  "));
  }

  private static OsmDirection.Heading bearing(double degrees) {
    return new OsmDirection.Heading(degrees, OptionalDouble.empty());
  }

  private static List<String> messages(List<ImportIssue> issues) {
    return issues.stream().map(ImportIssue::getMessage).toList();
  }
}
