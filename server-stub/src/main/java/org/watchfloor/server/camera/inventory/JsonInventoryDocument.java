package org.watchfloor.server.camera.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON inventory file read whole (or, by {@link #stream}, as it goes), with the position of its
 * top-level value so that a file of the wrong shape can be reported at a line and column like a
 * syntax error.
 */
record JsonInventoryDocument(JsonNode root, int line, int column) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Reads the top-level value of a JSON file as it goes, from the parser on its first token. */
  @FunctionalInterface
  interface ValueReader<T> {
    /** {@code start}: where the value begins, the place to report a file of the wrong shape. */
    T read(JsonParser parser, JsonLocation start) throws IOException;
  }

  /** Reads the file whole; a syntax error, an empty file or content after the JSON value fails it. */
  static JsonInventoryDocument read(byte[] content) {
    return stream(content, (parser, start) -> new JsonInventoryDocument(tree(parser), start.getLineNr(), start.getColumnNr()));
  }

  /**
   * Reads the file's top-level value with {@code reader}, which leaves the parser on that value's
   * last token; a syntax error, an empty file or content after the value fails the file.
   */
  static <T> T stream(byte[] content, ValueReader<T> reader) {
    try (JsonParser parser = MAPPER.createParser(content)) {
      if (parser.nextToken() == null) {
        throw new InventoryFormatException(1, 1, "the file is empty; expected JSON");
      }
      T value = reader.read(parser, parser.currentTokenLocation());
      if (parser.nextToken() != null) {
        JsonLocation extra = parser.currentTokenLocation();
        throw new InventoryFormatException(
            extra.getLineNr(), extra.getColumnNr(), "unexpected content after the JSON value");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw InventoryFormatException.of(e);
    } catch (IOException e) {
      // Reading a byte array does no I/O; anything else here is a bug.
      throw new UncheckedIOException(e);
    }
  }

  /** The value the parser is on, as a tree (JSON null as a null node); the parser ends on its last token. */
  static JsonNode tree(JsonParser parser) throws IOException {
    JsonNode node = MAPPER.readTree(parser);
    return node == null ? NullNode.getInstance() : node;
  }

  /** Fails the file at its top-level value: it is JSON, but not the expected kind of document. */
  InventoryFormatException wrongShape(String problem) {
    return new InventoryFormatException(line, column, problem);
  }

  /**
   * A scalar's text (numbers as written by Jackson, booleans as true/false); empty for the rest.
   */
  static Optional<String> scalarText(JsonNode node) {
    if (node == null || node.isNull() || node.isContainerNode()) {
      return Optional.empty();
    }
    return Optional.of(node.asText().strip()).filter(text -> !text.isEmpty());
  }

  /** A value kept as text: scalars as written, objects and arrays as JSON; empty for null or "". */
  static Optional<String> verbatim(JsonNode node) {
    return node != null && node.isContainerNode() ? Optional.of(node.toString()) : scalarText(node);
  }

  /** An object's members kept as text (see {@link #verbatim}); empty for anything but an object. */
  static Map<String, String> verbatimMembers(JsonNode object) {
    Map<String, String> members = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      verbatim(member.getValue()).ifPresent(value -> members.put(member.getKey(), value));
    }
    return members;
  }

  /** What kind of JSON value a node is, for messages: "an object", "a string". */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
