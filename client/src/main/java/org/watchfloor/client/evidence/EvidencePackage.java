package org.watchfloor.client.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;

/**
 * An evidence package opened on this machine, with no broker: verified first (by the same
 * {@link ExportVerifier} as {@code ./watchfloor verify-export}), then copied to a folder of its own
 * (so that what plays cannot change under the replay) and read: its replay layout (cameras, tiles,
 * window, clock start), the camera names of its files and the incident timeline it carries.
 */
public final class EvidencePackage implements AutoCloseable {

  public static final String REPLAY_LAYOUT = "replay-layout.json";
  public static final String FILES = "export-files.json";
  public static final String TIMELINE = "data/incident-timeline.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One media file of the package: the camera it shows and the window it holds, [start, end). */
  public record PackagedFile(String path, String cameraId, String cameraName, Instant start, Instant end) {}

  private final Path folder;
  private final String caseNumber;
  private final Instant clockStart;
  private final List<PackagedFile> files;
  private final IncidentTimeline timeline;

  private EvidencePackage(Path folder, JsonNode layout, List<PackagedFile> files, IncidentTimeline timeline) {
    this.folder = folder;
    this.caseNumber = layout.path("caseNumber").asText();
    this.clockStart = instant(layout, "clockStart");
    this.files = files;
    this.timeline = timeline.over(instant(layout, "windowStart"), instant(layout, "windowEnd"), files.stream()
        .map(file -> new NearbyRecording(file.cameraId(), file.cameraName(), 0, file.start(), file.end(), "")).toList());
  }

  /** Verifies the package at {@code path}; an exception means it could not even be read (the verifier's report says what failed). */
  public static ExportVerifier.Report verify(Path path, Optional<String> trustedKey) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + ": no such folder or zip");
    }
    return ExportVerifier.verify(path, trustedKey);
  }

  /**
   * Opens the package at {@code path}, verified or (the user having chosen to look anyway) not; the
   * exception names what cannot be read.
   */
  public static EvidencePackage open(Path path) throws IOException {
    Path folder = Files.createTempDirectory("watchfloor-package-");
    try {
      ExportVerifier.copy(path, folder);
      JsonNode layout = json(folder, REPLAY_LAYOUT);
      if (!"watchfloor-replay-layout-v1".equals(layout.path("format").asText())) {
        throw new IOException(REPLAY_LAYOUT + ": format '" + layout.path("format").asText() + "' is not watchfloor-replay-layout-v1");
      }
      Map<String, String> names = new HashMap<>();
      for (JsonNode file : json(folder, FILES)) {
        names.put(file.path("cameraId").asText(), file.path("cameraName").asText());
      }
      List<PackagedFile> files = new ArrayList<>();
      for (JsonNode tile : layout.path("tiles")) {
        String cameraId = tile.path("cameraId").asText();
        for (JsonNode file : tile.path("files")) {
          String relative = file.path("path").asText();
          if (!Files.isRegularFile(folder.resolve(relative).normalize()) || !folder.resolve(relative).normalize().startsWith(folder)) {
            throw new IOException(REPLAY_LAYOUT + ": tile " + tile.path("tile").asInt() + " names " + relative + ", which the package does not hold");
          }
          files.add(new PackagedFile(relative, cameraId, names.getOrDefault(cameraId, cameraId), instant(file, "start"), instant(file, "end")));
        }
      }
      IncidentTimeline timeline = IncidentTimeline.fromExportedJson(Files.readString(folder.resolve(TIMELINE), StandardCharsets.UTF_8));
      return new EvidencePackage(folder, layout, files, timeline);
    } catch (IOException | RuntimeException e) {
      EvidencePackageWriter.removeQuietly(folder);
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  private static JsonNode json(Path folder, String name) throws IOException {
    Path file = folder.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IOException(name + ": missing");
    }
    return JSON.readTree(file.toFile());
  }

  private static Instant instant(JsonNode node, String field) {
    try {
      return Instant.parse(node.path(field).asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": '" + node.path(field).asText() + "' is not a UTC time");
    }
  }

  public String caseNumber() {
    return caseNumber;
  }

  public Instant clockStart() {
    return clockStart;
  }

  public List<PackagedFile> files() {
    return files;
  }

  /** The timeline it carries, over the package's window, with the package's files as its recordings. */
  public IncidentTimeline timeline() {
    return timeline;
  }

  /** Where {@code file} lies in the package's folder. */
  Path fileOf(PackagedFile file) {
    return folder.resolve(file.path());
  }

  /** Removes the folder the package was copied to. */
  @Override
  public void close() {
    EvidencePackageWriter.removeQuietly(folder);
  }
}
