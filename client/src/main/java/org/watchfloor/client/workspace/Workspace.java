package org.watchfloor.client.workspace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * A workstation's arrangement as saved between runs: the main window and its map, what the map
 * hides, each wall (the main window's and one per extra wall window) with its layout, cameras,
 * case and screen, the named presets, and the tour through them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Workspace(
    int version,
    WindowPlacement mainWindow,
    MapState map,
    List<String> hiddenTypes,
    List<String> hiddenLayers,
    List<WallState> walls,
    Map<String, Preset> presets,
    TourSettings tour) {

  public static final int VERSION = 1;

  public Workspace {
    hiddenTypes = hiddenTypes == null ? List.of() : List.copyOf(hiddenTypes);
    hiddenLayers = hiddenLayers == null ? List.of() : List.copyOf(hiddenLayers);
    walls = walls == null ? List.of() : List.copyOf(walls);
    presets = presets == null ? Map.of() : Map.copyOf(presets);
    tour = tour == null ? new TourSettings(List.of(), 30) : tour;
  }

  /** Where a window is: which screen (index in JavaFX's list), its bounds, and how it is shown. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WindowPlacement(int screen, double x, double y, double width, double height, boolean maximized, boolean fullScreen) {}

  /** The map's view: its centre, zoom, and the share of the window it takes beside the wall. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MapState(double latitude, double longitude, double zoom, double mapShare) {}

  /**
   * One wall: its layout (a {@code WallLayout} name), the camera id in each tile (null for an
   * empty tile), the case and incident its views serve, the tile filling it (-1: none), and, for an
   * extra wall window, where that window is (null for the main window's wall).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WallState(String layout, List<String> cameraIds, String caseNumber, String incidentId, int filling, WindowPlacement window) {
    public WallState {
      cameraIds = cameraIds == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cameraIds));
      caseNumber = caseNumber == null ? "" : caseNumber;
      incidentId = incidentId == null ? "" : incidentId;
    }
  }

  /** A named arrangement of the walls an analyst recalls in one step. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Preset(List<WallState> walls) {
    public Preset {
      walls = walls == null ? List.of() : List.copyOf(walls);
    }
  }

  /** The presets a tour cycles through, in order, and how long each stays up. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TourSettings(List<String> presets, int dwellSeconds) {
    public TourSettings {
      presets = presets == null ? List.of() : List.copyOf(presets);
    }
  }
}
