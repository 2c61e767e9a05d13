package org.watchfloor.server.camera.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the contract's CSV inventory: RFC 4180, comma-separated, a header row naming the columns
 * (case-insensitive), latitude and longitude required. Each record's index is the line it starts
 * on, so a quoted value spanning lines does not shift the numbers a person looks up.
 */
final class CsvInventoryReader {

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .build();

  /** One header column: a contract column, a camera tag, or an unknown column kept raw. */
  private record HeaderColumn(
      String name, Optional<InventoryColumn> column, Optional<String> tag) {}

  /** The values of one CSV record and the line it starts on. */
  private record CsvLine(int line, List<String> values) {
    boolean blank() {
      return values.stream().allMatch(String::isBlank);
    }
  }

  InventoryRows read(byte[] content, FieldMapping mapping) {
    try (JsonParser parser = CSV.createParser(content)) {
      CsvLine headerLine = nextLine(parser);
      if (headerLine == null) {
        throw new InventoryFormatException(
            1,
            1,
            "the file is empty; expected a header row naming at least latitude and longitude");
      }
      List<HeaderColumn> header = header(headerLine, mapping);
      List<InventoryRow> rows = new ArrayList<>();
      for (CsvLine line = nextLine(parser); line != null; line = nextLine(parser)) {
        if (!line.blank()) {
          rows.add(row(line, header, rows.isEmpty()));
        }
      }
      return new InventoryRows(rows, List.of());
    } catch (JsonProcessingException e) {
      throw InventoryFormatException.of(e);
    } catch (IOException e) {
      // Reading a byte array does no I/O; anything else here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  /** The next record, or null at the end of the file. */
  private static CsvLine nextLine(JsonParser parser) throws IOException {
    if (parser.nextToken() == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    int line = 0;
    while (parser.nextToken() == JsonToken.VALUE_STRING) {
      if (values.isEmpty()) {
        // The first value's position is the record's own line; the row start is reported where
        // the previous record ended.
        line = parser.currentTokenLocation().getLineNr();
      }
      values.add(parser.getText());
    }
    return new CsvLine(line, values);
  }

  private static List<HeaderColumn> header(CsvLine line, FieldMapping mapping) {
    List<HeaderColumn> header = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < line.values().size(); i++) {
      String name = line.values().get(i).strip();
      if (name.isEmpty()) {
        name = "column " + (i + 1);
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new InventoryFormatException(
            line.line(), 1, "the header names column \"" + name + "\" twice");
      }
      // A "tag:" column whose key Camera.tags cannot hold is kept raw like any unknown column.
      String read = mapping.resolve(name);
      Optional<String> tag =
          InventoryColumn.tagKey(read).filter(k -> InventoryColumn.TAG_KEY.matcher(k).matches());
      header.add(new HeaderColumn(name, InventoryColumn.named(read), tag));
    }
    List<String> missing =
        List.of(InventoryColumn.LATITUDE, InventoryColumn.LONGITUDE).stream()
            .filter(
                required ->
                    header.stream().noneMatch(h -> h.column().equals(Optional.of(required))))
            .map(InventoryColumn::columnName)
            .toList();
    if (!missing.isEmpty()) {
      String found = header.stream().map(HeaderColumn::name).collect(Collectors.joining(", "));
      String hint =
          header.size() == 1 && found.contains(";")
              ? "; the file looks semicolon-separated, but columns must be separated by commas"
              : "";
      throw new InventoryFormatException(
          line.line(),
          1,
          "the header lacks the required column"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + " (found: "
              + found
              + ")"
              + hint);
    }
    return header;
  }

  private static InventoryRow row(CsvLine line, List<HeaderColumn> header, boolean first) {
    InventoryRow.Draft row =
        new InventoryRow.Draft(
            line.line(),
            InventoryColumn.SOURCE_ID.columnName(),
            InventoryColumn.LATITUDE.columnName(),
            InventoryColumn.LONGITUDE.columnName());
    if (first) {
      // The contract warns about unknown columns; once per file is enough to act on.
      for (HeaderColumn column : header) {
        if (column.column().isEmpty() && column.tag().isEmpty()) {
          row.issues.add(
              RecordIssues.warning(
                  column.name(),
                  "column \""
                      + column.name()
                      + "\" is not a documented column; its values are kept in provenance"
                      + " raw_tags"));
        }
      }
    }
    if (line.values().size() != header.size()) {
      row.issues.add(
          RecordIssues.error(
              "",
              "the record has "
                  + line.values().size()
                  + " fields but the header has "
                  + header.size()));
    }
    for (int i = 0; i < Math.min(header.size(), line.values().size()); i++) {
      String value = line.values().get(i).strip();
      HeaderColumn column = header.get(i);
      if (value.isEmpty()) {
        continue;
      }
      if (column.column().equals(Optional.of(InventoryColumn.SOURCE_ID))) {
        row.sourceRecordId = value;
      } else if (column.column().isPresent()) {
        row.columns.put(column.column().get(), value);
      } else if (column.tag().isPresent()) {
        row.cameraTags.put(column.tag().get(), value);
      } else {
        row.rawTags.put(column.name(), value);
      }
    }
    return row.build();
  }
}
