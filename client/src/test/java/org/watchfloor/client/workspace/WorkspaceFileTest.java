package org.watchfloor.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace file: what is saved reads back the same, and a bad file is kept aside with a reason. */
class WorkspaceFileTest {

  @TempDir Path folder;
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T20:00:00Z"), ZoneOffset.UTC);

  private static Workspace sample() {
    Workspace.WindowPlacement second = new Workspace.WindowPlacement(1, 1920, 0, 1920, 1080, false, true);
    Workspace.WallState main = new Workspace.WallState("GRID_2", Arrays.asList("cam-1", null, "cam-3"), "2026-004512", "inc-001", -1, null);
    Workspace.WallState extra = new Workspace.WallState("LARGE_1_PLUS_5", List.of("cam-9"), "2026-004512", "", 0, second);
    return new Workspace(Workspace.VERSION, new Workspace.WindowPlacement(0, 0, 0, 1600, 900, true, false),
        new Workspace.MapState(38.04, -84.5, 14.5, 0.4), List.of("LPR"), List.of("layer-school-zones"), List.of(main, extra),
        Map.of("night shift", new Workspace.Preset(List.of(main))), new Workspace.TourSettings(List.of("night shift"), 45));
  }

  @Test
  void whatIsSavedReadsBackTheSameAndNoTemporaryFileIsLeft() throws Exception {
    WorkspaceFile file = new WorkspaceFile(folder.resolve("nested/workspace.json"), clock);
    file.save(sample());
    WorkspaceFile.Loaded loaded = file.load();
    assertEquals("", loaded.problem());
    assertEquals(sample(), loaded.workspace().orElseThrow());
    try (var files = Files.list(folder.resolve("nested"))) {
      assertEquals(List.of("workspace.json"), files.map(path -> path.getFileName().toString()).toList());
    }
  }

  @Test
  void noFileMeansNoWorkspaceAndNoProblem() {
    WorkspaceFile.Loaded loaded = new WorkspaceFile(folder.resolve("workspace.json"), clock).load();
    assertTrue(loaded.workspace().isEmpty());
    assertEquals("", loaded.problem());
  }

  @Test
  void aMalformedFileIsKeptAsideAndTheProblemNamesItsLine() throws Exception {
    Path path = folder.resolve("workspace.json");
    Files.writeString(path, "{\n  \"version\" : 1,\n  \"walls\" : [ { \"layout\" : \"GRID_2\", \n");
    WorkspaceFile.Loaded loaded = new WorkspaceFile(path, clock).load();
    assertTrue(loaded.workspace().isEmpty());
    assertTrue(loaded.problem().contains("line 4"), loaded.problem());
    Path kept = folder.resolve("workspace.json.unreadable-20261201-200000");
    assertTrue(loaded.problem().contains(kept.toString()), loaded.problem());
    assertTrue(Files.readString(kept).contains("GRID_2"), "the analyst's file is kept, not thrown away");
    assertFalse(Files.exists(path));
  }

  @Test
  void aFileFromANewerVersionIsKeptAsideRatherThanMisread() throws Exception {
    Path path = folder.resolve("workspace.json");
    Files.writeString(path, "{ \"version\" : 7 }");
    WorkspaceFile.Loaded loaded = new WorkspaceFile(path, clock).load();
    assertTrue(loaded.workspace().isEmpty());
    assertTrue(loaded.problem().contains("newer Watchfloor (version 7)"), loaded.problem());
    assertTrue(Files.exists(folder.resolve("workspace.json.unreadable-20261201-200000")));
  }
}
