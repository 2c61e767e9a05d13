package org.watchfloor.client.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ImportFileFormat;
import org.watchfloor.client.net.ImportPlan;
import org.watchfloor.client.net.ImportSummary;
import org.watchfloor.client.net.ImportedRecord;
import org.watchfloor.client.net.Layer;

/**
 * The import wizard's state: the chosen file and its fields, how each field maps to a camera
 * field (guessed from common names, changed by the admin), the default kind, layer and source
 * name, and the broker's per-record report of the last dry run or import.
 */
public final class ImportWizard {

  /** "Read as it is": the file's own name is kept (a documented name, or kept raw by the broker). */
  public static final String AS_IS = "";
  /** The camera fields a file field can be read as (tags are typed as tag:key). */
  public static final List<String> CAMERA_FIELDS = List.of(AS_IS, "source_id", "name", "latitude", "longitude", "kind",
      "direction", "field_of_view", "range", "address", "operator", "owner_id", "ptz");
  /** Names cities and map exports commonly use, lower case, for the first guess of a mapping. */
  private static final Map<String, String> USUAL_NAMES = Map.ofEntries(
      Map.entry("id", "source_id"), Map.entry("cameraid", "source_id"), Map.entry("camera_id", "source_id"),
      Map.entry("objectid", "source_id"), Map.entry("cameraname", "name"), Map.entry("camera_name", "name"),
      Map.entry("title", "name"), Map.entry("lat", "latitude"), Map.entry("y", "latitude"),
      Map.entry("lon", "longitude"), Map.entry("lng", "longitude"), Map.entry("long", "longitude"),
      Map.entry("x", "longitude"), Map.entry("owner", "operator"), Map.entry("agency", "operator"),
      Map.entry("heading", "direction"), Map.entry("facing", "direction"), Map.entry("bearing", "direction"),
      Map.entry("fov", "field_of_view"), Map.entry("street", "address"), Map.entry("location", "address"),
      Map.entry("type", "kind"));

  private final BrokerConnection broker;
  private final BrokerTasks tasks = new BrokerTasks();
  private final SimpleObjectProperty<Path> file = new SimpleObjectProperty<>();
  private final ObjectProperty<ImportFileFormat> format = new SimpleObjectProperty<>(ImportFileFormat.CSV);
  private final ObservableList<String> fileFields = FXCollections.observableArrayList();
  private final ObservableMap<String, String> mapping = FXCollections.observableMap(new LinkedHashMap<>());
  private final ObjectProperty<CameraType> defaultKind = new SimpleObjectProperty<>(CameraType.CITY_CCTV);
  private final ObservableList<Layer> layers = FXCollections.observableArrayList();
  private final ObjectProperty<Layer> layer = new SimpleObjectProperty<>();
  private final StringProperty sourceName = new SimpleStringProperty("");
  private final SimpleObjectProperty<ImportSummary> report = new SimpleObjectProperty<>();
  private byte[] content = new byte[0];

  public ImportWizard(BrokerConnection broker) {
    this.broker = broker;
    // A changed setting makes the last dry run's report stale: importing needs a fresh one.
    javafx.beans.InvalidationListener stale = observable -> {
      if (report.get() != null && report.get().dryRun()) {
        report.set(null);
      }
    };
    mapping.addListener(stale);
    format.addListener(stale);
    defaultKind.addListener(stale);
    layer.addListener(stale);
    sourceName.addListener(stale);
  }

  public BrokerTasks tasks() {
    return tasks;
  }

  public ReadOnlyObjectProperty<Path> fileProperty() {
    return file;
  }

  public ObjectProperty<ImportFileFormat> formatProperty() {
    return format;
  }

  /** The file's column (CSV) or property (GeoJSON) names, in the order found. */
  public ObservableList<String> fileFields() {
    return fileFields;
  }

  /** File field to the camera field it is read as; {@link #AS_IS} keeps the file's own name. */
  public ObservableMap<String, String> mapping() {
    return mapping;
  }

  public ObjectProperty<CameraType> defaultKindProperty() {
    return defaultKind;
  }

  public ObservableList<Layer> layers() {
    return layers;
  }

  /** The layer every imported camera joins; null for none. */
  public ObjectProperty<Layer> layerProperty() {
    return layer;
  }

  public StringProperty sourceNameProperty() {
    return sourceName;
  }

  /** The last dry run's or import's report; null before the first, and again when the file or settings change. */
  public ReadOnlyObjectProperty<ImportSummary> reportProperty() {
    return report;
  }

  /** Loads the layers to choose from. */
  public void loadLayers() {
    tasks.run(broker::listLayers, list -> layers.setAll(list));
  }

  /**
   * Reads {@code path}, guesses its format from the name and its fields from the header or the
   * features' properties, and proposes a mapping for names cities commonly use.
   */
  public void choose(Path path) {
    tasks.run(() -> {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }, bytes -> {
      content = bytes;
      file.set(path);
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      format.set(name.endsWith(".csv") ? ImportFileFormat.CSV
          : looksLikeOverpass(bytes) ? ImportFileFormat.OSM_JSON : ImportFileFormat.GEOJSON);
      sourceName.set("file:" + path.getFileName().toString().replaceAll("[^A-Za-z0-9 ._:/-]", "_"));
      List<String> fields = fieldsOf(bytes, format.get());
      // The mapping first: the view builds a chooser per field, showing its guess, when the fields change.
      mapping.clear();
      for (String field : fields) {
        String lower = field.strip().toLowerCase(Locale.ROOT);
        mapping.put(field, CAMERA_FIELDS.contains(lower) ? AS_IS : USUAL_NAMES.getOrDefault(lower, AS_IS));
      }
      fileFields.setAll(fields);
      report.set(null);
      tasks.report(false, "Read " + path.getFileName() + " (" + bytes.length + " bytes, " + fields.size()
          + " fields). Check the mapping, then run a dry run.");
    });
  }

  /** Asks the broker what importing would do, storing nothing. */
  public void dryRun() {
    send(true);
  }

  /** Imports for real (audited by the broker). */
  public void commit() {
    send(false);
  }

  private void send(boolean dryRun) {
    if (file.get() == null) {
      tasks.report(true, "Choose a file first.");
      return;
    }
    Map<String, String> fieldMapping = new LinkedHashMap<>();
    if (format.get() != ImportFileFormat.OSM_JSON) {
      mapping.forEach((field, cameraField) -> {
        if (cameraField != null && !cameraField.isEmpty() && !cameraField.equalsIgnoreCase(field.strip())) {
          fieldMapping.put(field, cameraField);
        }
      });
    }
    ImportPlan plan = new ImportPlan(format.get(), content, sourceName.get().trim(), fieldMapping, defaultKind.get(),
        layer.get() == null ? "" : layer.get().id());
    tasks.run(() -> broker.importCameras(plan, dryRun), summary -> {
      report.set(summary);
      tasks.report(summary.rejected() > 0 && !dryRun, (dryRun ? "Dry run, nothing stored: " : "Imported: ")
          + summary.created() + " new, " + summary.updated() + " updated, " + summary.unchanged() + " unchanged, "
          + summary.rejected() + " rejected, " + summary.warnings() + " warnings, of " + summary.read() + " records"
          + (summary.truncated() ? " (the first 10,000 listed)" : ""));
    });
  }

  private static boolean looksLikeOverpass(byte[] bytes) {
    try {
      return new ObjectMapper().readTree(bytes).has("elements");
    } catch (IOException e) {
      return false;
    }
  }

  /** The CSV header, or the GeoJSON features' property names (nested OSM tags excluded); empty for Overpass. */
  static List<String> fieldsOf(byte[] bytes, ImportFileFormat format) {
    try {
      if (format == ImportFileFormat.CSV) {
        Iterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(List.class).readValues(bytes);
        return rows.hasNext() ? rows.next().stream().map(String::strip).toList() : List.of();
      }
      if (format == ImportFileFormat.GEOJSON) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode feature : new ObjectMapper().readTree(bytes).path("features")) {
          feature.path("properties").fieldNames().forEachRemaining(name -> {
            if (!name.equals("tags")) {
              names.add(name);
            }
          });
          if (names.size() > 200) {
            break;
          }
        }
        return new ArrayList<>(names);
      }
      return List.of();
    } catch (IOException e) {
      // The broker names the exact line and problem on the dry run.
      return List.of();
    }
  }

  /** What a person reads as the record's outcome: a kept record with a warning is a warning. */
  public static String outcomeLabel(ImportedRecord record) {
    String outcome = record.outcome().name().toLowerCase(Locale.ROOT);
    return record.warned() && record.outcome() != ImportedRecord.Outcome.REJECTED ? outcome + ", warning" : outcome;
  }

  /** The record's outcome class: new, update, unchanged, rejected, or warning for a kept record with a warning. */
  public static String outcomeClass(ImportedRecord record) {
    return record.warned() && record.outcome() != ImportedRecord.Outcome.REJECTED
        ? "warning" : record.outcome().name().toLowerCase(Locale.ROOT);
  }

  /** The preview's dot colour for an outcome class; the report's rows use the same ones in admin.css. */
  public static String colour(ImportedRecord record) {
    return switch (outcomeClass(record)) {
      case "new" -> "#3fb950";
      case "update" -> "#58a6ff";
      case "unchanged" -> "#8b949e";
      case "warning" -> "#d29922";
      default -> "#f85149";
    };
  }
}
