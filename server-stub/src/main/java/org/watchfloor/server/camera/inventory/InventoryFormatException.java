package org.watchfloor.server.camera.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * The file as a whole cannot be read (not JSON, not a FeatureCollection or Overpass result, CSV
 * without the required header), so nothing of it is imported. The message reads "line L, column C:
 * problem"; the gRPC edge prefixes the request field ("content: ...").
 */
public final class InventoryFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Jackson's nested location markers, which name an internal source description. */
  private static final Pattern JACKSON_LOCATION =
      Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

  private final int line;
  private final int column;
  private final String problem;

  InventoryFormatException(int line, int column, String problem) {
    super("line " + Math.max(1, line) + ", column " + Math.max(1, column) + ": " + problem);
    this.line = Math.max(1, line);
    this.column = Math.max(1, column);
    this.problem = problem;
  }

  /** The syntax error Jackson found, at the line and column it reports. */
  static InventoryFormatException of(JsonProcessingException error) {
    JsonLocation location = error.getLocation();
    String problem =
        JACKSON_LOCATION.matcher(error.getOriginalMessage()).replaceAll("line $1, column $2");
    return location == null
        ? new InventoryFormatException(1, 1, problem)
        : new InventoryFormatException(location.getLineNr(), location.getColumnNr(), problem);
  }

  /** 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem. */
  public int column() {
    return column;
  }

  /** The problem without its position. */
  public String problem() {
    return problem;
  }
}
