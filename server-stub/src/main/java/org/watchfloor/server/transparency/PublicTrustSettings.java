package org.watchfloor.server.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchfloor.server.retention.DataClass;
import org.watchfloor.server.retention.RetentionRules;

/**
 * What the center publishes about itself, read from one JSON file (see the README): its name, its
 * use policy (a Markdown file), what it does not collect, how long it keeps each data class and the
 * annual-report fields only people can fill in (costs, complaints...).
 *
 * @param center the center's public name
 * @param policyMarkdown the use policy as written; empty when none is configured
 * @param notCollected what the center does not collect or do, one item each
 * @param retention days kept per data class
 * @param reportFields annual-report items the center fills in, by the keys of {@link ReportField}
 */
public record PublicTrustSettings(
    String center,
    String policyMarkdown,
    List<String> notCollected,
    RetentionRules retention,
    Map<ReportField, String> reportFields) {

  /** The file the broker reads when no other is named: {@code DATA_DIR/public-trust.json}. */
  public static final String DEFAULT_FILE = "public-trust.json";

  /** The items of the annual report that surveillance-technology ordinances ask for and no log holds. */
  public enum ReportField {
    COSTS("costs", "Costs"),
    COMPLAINTS("complaints", "Complaints received"),
    AUDITS_AND_VIOLATIONS("auditsAndViolations", "Audits and violations found"),
    EFFECTIVENESS("effectiveness", "Effectiveness"),
    RECORDS_REQUESTS("recordsRequests", "Public records requests"),
    SHARING("sharing", "Data shared outside the center, with whom and why");

    private final String key;
    private final String label;

    ReportField(String key, String label) {
      this.key = key;
      this.label = label;
    }

    public String key() {
      return key;
    }

    public String label() {
      return label;
    }
  }

  public PublicTrustSettings {
    notCollected = List.copyOf(notCollected);
    reportFields = Map.copyOf(reportFields);
  }

  /** Nothing configured: a generic name, no policy, retention at its defaults. */
  public static PublicTrustSettings defaults() {
    return new PublicTrustSettings("Watchfloor center", "", List.of(), RetentionRules.defaults(), Map.of());
  }

  /** {@code file} if it exists, else the defaults. */
  public static PublicTrustSettings loadIfPresent(Path file) {
    return Files.isRegularFile(file) ? load(file) : defaults();
  }

  /**
   * Reads and checks {@code file}; a mistake is an {@link IllegalArgumentException} that names the
   * file, the field and the rule.
   */
  public static PublicTrustSettings load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not readable JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "(top level)", "must be a JSON object");
    }
    String center = text(file, root, "center", defaults().center());
    if (center.isBlank() || center.length() > 200) {
      throw invalid(file, "center", "must be 1 to 200 characters");
    }
    String policy = "";
    Optional<String> policyFile = Optional.ofNullable(root.get("policyFile")).map(JsonNode::asText);
    if (policyFile.isPresent()) {
      Path policyPath = file.toAbsolutePath().getParent().resolve(policyFile.get());
      try {
        policy = Files.readString(policyPath);
      } catch (IOException e) {
        throw invalid(file, "policyFile", "cannot read " + policyPath + ": " + e.getMessage());
      }
    }
    List<String> notCollected = new ArrayList<>();
    JsonNode items = root.path("notCollected");
    if (!items.isMissingNode() && !items.isArray()) {
      throw invalid(file, "notCollected", "must be a list of texts");
    }
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isTextual() || items.get(i).asText().isBlank() || items.get(i).asText().length() > 300) {
        throw invalid(file, "notCollected[" + i + "]", "must be a text of 1 to 300 characters");
      }
      notCollected.add(items.get(i).asText().strip());
    }
    return new PublicTrustSettings(center.strip(), policy, notCollected, retention(file, root.path("retentionDays")), reportFields(file, root.path("annualReport")));
  }

  private static RetentionRules retention(Path file, JsonNode node) {
    Map<DataClass, Integer> days = new EnumMap<>(DataClass.class);
    for (DataClass dataClass : DataClass.values()) {
      JsonNode value = node.path(dataClass.key());
      if (value.isMissingNode()) {
        days.put(dataClass, dataClass.defaultDays());
      } else if (!value.isInt() || value.asInt() < 1 || value.asInt() > RetentionRules.MAX_DAYS) {
        throw invalid(file, "retentionDays." + dataClass.key(), "must be a whole number of days from 1 to " + RetentionRules.MAX_DAYS + ", not " + value);
      } else {
        days.put(dataClass, value.asInt());
      }
    }
    rejectUnknown(file, "retentionDays", node, java.util.Arrays.stream(DataClass.values()).map(DataClass::key).toList());
    return new RetentionRules(days);
  }

  private static Map<ReportField, String> reportFields(Path file, JsonNode node) {
    Map<ReportField, String> fields = new LinkedHashMap<>();
    for (ReportField field : ReportField.values()) {
      JsonNode value = node.path(field.key());
      if (!value.isMissingNode()) {
        if (!value.isTextual() || value.asText().length() > 20_000) {
          throw invalid(file, "annualReport." + field.key(), "must be a text of at most 20000 characters");
        }
        fields.put(field, value.asText().strip());
      }
    }
    rejectUnknown(file, "annualReport", node, java.util.Arrays.stream(ReportField.values()).map(ReportField::key).toList());
    return fields;
  }

  private static void rejectUnknown(Path file, String parent, JsonNode node, List<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalid(file, parent + "." + name, "is not a known field (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String text(Path file, JsonNode root, String field, String fallback) {
    JsonNode value = root.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw invalid(file, field, "must be a text");
    }
    return value.asText();
  }

  private static IllegalArgumentException invalid(Path file, String field, String rule) {
    return new IllegalArgumentException(file + ": " + field + ": " + rule);
  }

  /** A report field's text, or empty when the center has not filled it in. */
  public String reportField(ReportField field) {
    return reportFields.getOrDefault(field, "");
  }
}
