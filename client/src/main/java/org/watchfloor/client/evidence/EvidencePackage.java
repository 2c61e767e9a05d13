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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.replay.PackageGrid;
import org.watchfloor.client.wall.WallLayout;

/**
 * An evidence package opened on this machine, with no broker: verified first (by the same
 * {@link ExportVerifier} as {@code ./watchfloor verify-export}), then copied to a folder of its own
 * (so that what plays cannot change under the replay) and read: its replay layout (the grid and
 * each tile's place, cameras, window, clock start), the camera names of its files and the incident
 * timeline it carries.
 */
public final class EvidencePackage implements AutoCloseable {

  public static final String REPLAY_LAYOUT = "replay-layout.json";
  public static final String FILES = "export-files.json";
  public static final String TIMELINE = "data/incident-timeline.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One media file of the package: the camera it shows, the window it holds, [start, end), and
   * whether it is a clip an owner shared (a plain MP4 as uploaded, placed at its window's start,
   * with no time code in its pictures) rather than the center's recording.
   */
  public record PackagedFile(String path, String cameraId, String cameraName, Instant start, Instant end, boolean clip) {}

  /** The most squares a package's wall may have each way: the replay shows at most 16 tiles. */
  private static final int MOST_SQUARES = 16;

  private final Path folder;
  private final String caseNumber;
  private final Instant clockStart;
  private final PackageGrid grid;
  private final List<PackagedFile> files;
  private final IncidentTimeline timeline;

  private EvidencePackage(Path folder, JsonNode layout, PackageGrid grid, List<PackagedFile> files, IncidentTimeline timeline) {
    this.folder = folder;
    this.caseNumber = layout.path("caseNumber").asText();
    this.clockStart = instant(layout, "clockStart");
    this.grid = grid;
    this.files = files;
    // A clip is named by its path: the replay's tile asks for it so, and plays it as a clip.
    this.timeline = timeline.over(instant(layout, "windowStart"), instant(layout, "windowEnd"), files.stream()
        .map(file -> new NearbyRecording(file.cameraId(), file.cameraName(), 0, file.start(), file.end(), file.clip() ? file.path() : "")).toList());
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
      List<JsonNode> tiles = new ArrayList<>();
      layout.path("tiles").forEach(tiles::add);
      tiles.sort(Comparator.comparingInt(tile -> tile.path("tile").asInt()));
      PackageGrid grid = grid(layout, tiles);
      List<PackagedFile> files = new ArrayList<>();
      for (JsonNode tile : tiles) {
        String cameraId = tile.path("cameraId").asText();
        for (JsonNode file : tile.path("files")) {
          String relative = file.path("path").asText();
          Path media = folder.resolve(relative).normalize();
          if (!Files.isRegularFile(media) || !media.startsWith(folder)) {
            throw new IOException(REPLAY_LAYOUT + ": tile " + tile.path("tile").asInt() + " names " + relative + ", which the package does not hold");
          }
          Instant start = instant(file, "start");
          Instant windowEnd = instant(file, "end");
          boolean clip = relative.startsWith(EvidencePackageWriter.CLIPS);
          // A clip's pictures run from its window's start for as long as the file lasts, not to the window's end.
          Instant end = clip ? FragmentedMp4.movieLength(media).map(start::plus).filter(windowEnd::isAfter).orElse(windowEnd) : windowEnd;
          files.add(new PackagedFile(relative, cameraId, names.getOrDefault(cameraId, cameraId), start, end, clip));
        }
      }
      IncidentTimeline timeline = IncidentTimeline.fromExportedJson(Files.readString(folder.resolve(TIMELINE), StandardCharsets.UTF_8));
      return new EvidencePackage(folder, layout, grid, files, timeline);
    } catch (IOException | RuntimeException e) {
      EvidencePackageWriter.removeQuietly(folder);
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /**
   * The wall the package was exported with: {@code columns} x {@code rows} squares, each tile at its
   * {@code row} and {@code column}; the exception names what does not fit.
   */
  private static PackageGrid grid(JsonNode layout, List<JsonNode> tiles) throws IOException {
    int columns = layout.path("columns").asInt(0);
    int rows = layout.path("rows").asInt(0);
    if (columns < 1 || rows < 1 || columns > MOST_SQUARES || rows > MOST_SQUARES) {
      throw new IOException(REPLAY_LAYOUT + ": columns and rows must be 1 to " + MOST_SQUARES + ", not " + columns + " and " + rows);
    }
    List<WallLayout.Cell> cells = new ArrayList<>();
    for (JsonNode tile : tiles) {
      WallLayout.Cell cell = new WallLayout.Cell(tile.path("column").asInt(-1), tile.path("row").asInt(-1), 1);
      if (cell.column() < 0 || cell.column() >= columns || cell.row() < 0 || cell.row() >= rows || cells.contains(cell)) {
        throw new IOException(REPLAY_LAYOUT + ": tile " + tile.path("tile").asInt() + " is at row " + cell.row() + ", column " + cell.column()
            + ", which is outside the " + columns + "x" + rows + " grid or another tile's");
      }
      cells.add(cell);
    }
    return new PackageGrid(columns, rows, cells);
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

  /** The wall it was exported with: its grid and its tiles' places, in the order of {@link #files()}' cameras. */
  public PackageGrid grid() {
    return grid;
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
