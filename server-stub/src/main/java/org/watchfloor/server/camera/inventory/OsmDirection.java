package org.watchfloor.server.camera.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.ImportIssue;

/**
 * Reads a direction as OpenStreetMap writes it into view-cone headings. Understood forms: degrees
 * clockwise from north (decimals allowed, 360 is north, -360..0 is counted back from north with a
 * warning), the 16 compass points N, NNE ... NNW, a clockwise range "A-B" (a cone centred between A
 * and B as wide as the span), and several of these separated by ';'. Anything else costs only that
 * view cone, with a warning; the camera itself is always kept.
 */
final class OsmDirection {

  private static final List<String> COMPASS_POINTS =
      List.of(
          "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW",
          "NW", "NNW");

  /** Seen in real exports for ALPRs: they say which traffic is read, not where the lens points. */
  private static final Map<String, String> TRAVEL_DIRECTIONS =
      Map.of("NB", "northbound", "SB", "southbound", "EB", "eastbound", "WB", "westbound");

  private static final Pattern BEARING = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");
  private static final Pattern RANGE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*-\\s*(\\d+(?:\\.\\d+)?)");

  /**
   * One direction the camera looks in.
   *
   * @param degrees centre line, clockwise from true north, in [0, 360)
   * @param fieldOfView the width a range "A-B" states; empty for a single bearing
   */
  record Heading(double degrees, OptionalDouble fieldOfView) {}

  /** The headings read from a value, in the value's order, and warnings for the unusable parts. */
  record Reading(List<Heading> headings, List<ImportIssue> warnings) {}

  private OsmDirection() {}

  /** Reads {@code value} of the record field {@code field}; a blank value gives nothing. */
  static Reading read(String field, String value) {
    List<String> parts =
        Arrays.stream(value.split(";")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    List<Heading> headings = new ArrayList<>();
    List<ImportIssue> warnings = new ArrayList<>();
    for (String part : parts) {
      String quoted =
          parts.size() == 1
              ? field + " \"" + value.strip() + "\""
              : field + " \"" + value.strip() + "\": \"" + part + "\"";
      String lost =
          parts.size() == 1 ? "camera kept without a view cone" : "no view cone for this part";
      Optional<Heading> heading = readPart(part);
      if (heading.isPresent()) {
        headings.add(heading.get());
        if (BEARING.matcher(part).matches() && Double.parseDouble(part) < 0) {
          warnings.add(
              RecordIssues.warning(
                  field,
                  quoted
                      + " is negative; read as "
                      + format(heading.get().degrees())
                      + "° clockwise from north"));
        }
      } else if (TRAVEL_DIRECTIONS.containsKey(part.toUpperCase(Locale.ROOT))) {
        warnings.add(
            RecordIssues.warning(
                field,
                quoted
                    + " is a travel direction ("
                    + TRAVEL_DIRECTIONS.get(part.toUpperCase(Locale.ROOT))
                    + "), not where the camera faces; "
                    + lost));
      } else {
        warnings.add(
            RecordIssues.warning(
                field,
                quoted
                    + " is not a compass bearing (0-360) or a compass point (N, NNE ... NNW); "
                    + lost));
      }
    }
    return new Reading(List.copyOf(headings), List.copyOf(warnings));
  }

  private static Optional<Heading> readPart(String part) {
    int point = COMPASS_POINTS.indexOf(part.toUpperCase(Locale.ROOT));
    if (point >= 0) {
      return Optional.of(new Heading(point * 22.5, OptionalDouble.empty()));
    }
    if (BEARING.matcher(part).matches()) {
      double degrees = Double.parseDouble(part);
      if (degrees < -360 || degrees > 360) {
        return Optional.empty();
      }
      return Optional.of(new Heading(normalise(degrees), OptionalDouble.empty()));
    }
    Matcher range = RANGE.matcher(part);
    if (range.matches()) {
      double from = Double.parseDouble(range.group(1));
      double to = Double.parseDouble(range.group(2));
      double span = to - from;
      if (span < 0) {
        span += 360;
      }
      if (from > 360 || to > 360 || span == 0) {
        return Optional.empty();
      }
      return Optional.of(new Heading(normalise(from + span / 2), OptionalDouble.of(span)));
    }
    return Optional.empty();
  }

  /** Into [0, 360): 360 is north, negative bearings count back from north. */
  private static double normalise(double degrees) {
    double turned = degrees % 360;
    return turned < 0 ? turned + 360 : turned + 0.0;
  }

  /** Degrees as a person writes them: "350", "202.5". */
  static String format(double degrees) {
    return BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString();
  }
}
