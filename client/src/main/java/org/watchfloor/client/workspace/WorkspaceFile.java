package org.watchfloor.client.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The workspace on disk, as JSON. Written whole to a temporary file and moved into place, so a
 * crash mid-write leaves the previous workspace. A file that cannot be read is kept under another
 * name (nothing the analyst arranged is thrown away) and the reason is given in a sentence.
 */
public final class WorkspaceFile {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path path;
  private final Clock clock;

  public WorkspaceFile(Path path, Clock clock) {
    this.path = path;
    this.clock = clock;
  }

  public Path path() {
    return path;
  }

  /** What reading the file gave: a workspace, none yet, or why it could not be used. */
  public record Loaded(Optional<Workspace> workspace, String problem) {}

  public Loaded load() {
    if (!Files.exists(path)) {
      return new Loaded(Optional.empty(), "");
    }
    try {
      Workspace workspace = JSON.readValue(Files.readString(path), Workspace.class);
      if (workspace.version() > Workspace.VERSION) {
        return new Loaded(Optional.empty(), setAside("it was written by a newer Watchfloor (version " + workspace.version() + ")"));
      }
      return new Loaded(Optional.of(workspace), "");
    } catch (JsonProcessingException e) {
      return new Loaded(Optional.empty(), setAside("line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      return new Loaded(Optional.empty(), "The saved workspace " + path + " cannot be read (" + e.getMessage() + "); starting with a new one.");
    }
  }

  /** Moves an unusable file aside and says where it went. */
  private String setAside(String why) {
    Path kept = path.resolveSibling(path.getFileName() + ".unreadable-" + STAMP.format(clock.instant()));
    try {
      Files.move(path, kept, StandardCopyOption.REPLACE_EXISTING);
      return "The saved workspace could not be used (" + why + "); it was kept as " + kept + " and a new one started.";
    } catch (IOException e) {
      return "The saved workspace could not be used (" + why + ") nor moved aside (" + e.getMessage() + "); it will be overwritten.";
    }
  }

  public void save(Workspace workspace) throws IOException {
    Path folder = path.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temporary = Files.createTempFile(folder, path.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, JSON.writeValueAsString(workspace));
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The JSON a workspace is saved as, to tell whether anything changed since the last save. */
  static String json(Workspace workspace) {
    try {
      return JSON.writeValueAsString(workspace);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a workspace always serialises", e);
    }
  }
}
