package org.watchfloor.client.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.wall.WallTile;
import org.watchfloor.client.wall.WallWindow;

/**
 * The workstation's arrangement, kept across runs: reads the main window, the map, what it hides
 * and every wall (the main window's and the extra wall windows, each on its screen) into a
 * {@link Workspace}, saves it every few seconds when it changed and at exit, and restores it at the
 * next start once the camera list is current. Also keeps the named presets and the tour that
 * cycles through them.
 */
public final class Workstation {

  private static final Logger LOG = Logger.getLogger(Workstation.class.getName());
  private static final Duration AUTOSAVE = Duration.seconds(10);

  /** What the workstation is made of; the window builds these and hands them over. */
  public record Parts(Stage mainWindow, SplitPane split, MapPane map, CameraMapModel model, Wall mainWall, LiveVideo video, String stylesheet) {}

  private final Parts parts;
  private final WorkspaceFile file;
  private final Consumer<String> notice;
  private final List<WallWindow> wallWindows = new ArrayList<>();
  private final Map<String, Workspace.Preset> presets = new TreeMap<>();
  private Workspace.TourSettings tourSettings = new Workspace.TourSettings(List.of(), 30);
  private final Timeline autosave = new Timeline(new KeyFrame(AUTOSAVE, event -> saveIfChanged()));
  private Timeline tour;
  private int tourStep;
  private String lastSaved = "";
  private boolean restored;

  /** {@code notice} shows a sentence to the analyst (the status bar). */
  public Workstation(Parts parts, WorkspaceFile file, Consumer<String> notice) {
    this.parts = parts;
    this.file = file;
    this.notice = notice;
    autosave.setCycleCount(Timeline.INDEFINITE);
    // Each wall looks up its own few cameras: a change to the list costs 25 lookups a wall, not a pass over every camera.
    parts.model().revisionProperty().addListener((observable, before, after) -> {
      parts.mainWall().refresh(id -> parts.model().camera(id).orElse(null));
      wallWindows.forEach(window -> window.wall().refresh(id -> parts.model().camera(id).orElse(null)));
    });
  }

  /**
   * Restores the saved workspace once the camera list first becomes current, or, when none was
   * saved, runs {@code firstRun} (which may arrange a first wall). Autosave starts after that.
   */
  public void restoreWhenCurrent(Runnable firstRun) {
    WorkspaceFile.Loaded loaded = file.load();
    if (!loaded.problem().isEmpty()) {
      notice.accept(loaded.problem());
    }
    loaded.workspace().ifPresent(workspace -> placeWindow(parts.mainWindow(), workspace.mainWindow()));
    InvalidationListener attempt = new InvalidationListener() {
      @Override
      public void invalidated(Observable observable) {
        if (!parts.model().camerasCurrentProperty().get()) {
          return;
        }
        parts.model().camerasCurrentProperty().removeListener(this);
        loaded.workspace().ifPresentOrElse(Workstation.this::apply, firstRun);
        restored = true;
        lastSaved = WorkspaceFile.json(capture());
        autosave.play();
      }
    };
    parts.model().camerasCurrentProperty().addListener(attempt);
    attempt.invalidated(parts.model().camerasCurrentProperty());
  }

  /** The arrangement on screen now. */
  public Workspace capture() {
    Stage main = parts.mainWindow();
    double width = parts.map().getWidth();
    double height = parts.map().getHeight();
    var center = width > 0 ? parts.map().mapView().getMapPosition(width / 2, height / 2) : parts.map().mapView().getCenter();
    Workspace.MapState map = new Workspace.MapState(center.getLatitude(), center.getLongitude(), parts.map().mapView().getZoom(),
        parts.split().getDividerPositions().length > 0 ? parts.split().getDividerPositions()[0] : 0.42);
    List<Workspace.WallState> walls = new ArrayList<>();
    walls.add(wallState(parts.mainWall(), null));
    for (WallWindow window : wallWindows) {
      walls.add(wallState(window.wall(), placement(window.stage())));
    }
    return new Workspace(Workspace.VERSION, placement(main), map,
        parts.model().hiddenTypes().stream().map(Enum::name).sorted().toList(),
        parts.model().hiddenLayers().stream().sorted().toList(),
        walls, new LinkedHashMap<>(presets), tourSettings);
  }

  private static Workspace.WallState wallState(Wall wall, Workspace.WindowPlacement window) {
    List<String> cameras = new ArrayList<>();
    for (WallTile tile : wall.tiles()) {
      cameras.add(tile.camera() == null ? null : tile.camera().id());
    }
    while (!cameras.isEmpty() && cameras.get(cameras.size() - 1) == null) {
      cameras.remove(cameras.size() - 1);
    }
    ViewPurpose purpose = wall.purposeProperty().get();
    return new Workspace.WallState(wall.layoutProperty().get().name(), cameras, purpose.caseNumber(), purpose.incidentId(),
        wall.fillingProperty().get(), window);
  }

  private static Workspace.WindowPlacement placement(Stage stage) {
    List<Screen> screens = Screen.getScreens();
    List<Screen> under = Screen.getScreensForRectangle(stage.getX() + stage.getWidth() / 2, stage.getY() + stage.getHeight() / 2, 1, 1);
    int screen = under.isEmpty() ? 0 : Math.max(0, screens.indexOf(under.get(0)));
    return new Workspace.WindowPlacement(screen, stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized(),
        stage.isFullScreen());
  }

  /** Puts the map, its layers and the walls where {@code workspace} says. Cameras must be current. */
  public void apply(Workspace workspace) {
    if (workspace.map() != null) {
      parts.map().mapView().setZoom(workspace.map().zoom());
      parts.map().mapView().setCenter(workspace.map().latitude(), workspace.map().longitude());
      parts.split().setDividerPositions(workspace.map().mapShare());
    }
    parts.model().hiddenTypes().clear();
    for (String type : workspace.hiddenTypes()) {
      try {
        parts.model().hiddenTypes().add(CameraType.valueOf(type));
      } catch (IllegalArgumentException e) {
        notice.accept("The saved workspace hides an unknown camera type '" + type + "'; ignored.");
      }
    }
    parts.model().hiddenLayers().clear();
    parts.model().hiddenLayers().addAll(workspace.hiddenLayers());
    presets.clear();
    presets.putAll(workspace.presets());
    tourSettings = workspace.tour();
    applyWalls(workspace.walls());
  }

  /** Wall 0 is the main window's; each further one goes to a wall window, opened as needed. */
  private void applyWalls(List<Workspace.WallState> walls) {
    for (int i = 0; i < walls.size(); i++) {
      Workspace.WallState state = walls.get(i);
      Wall wall;
      if (i == 0) {
        wall = parts.mainWall();
      } else if (i - 1 < wallWindows.size()) {
        wall = wallWindows.get(i - 1).wall();
        if (state.window() != null) {
          placeWindow(wallWindows.get(i - 1).stage(), state.window());
        }
      } else {
        wall = openWallWindow(state.window()).wall();
      }
      applyWall(wall, state);
    }
  }

  private void applyWall(Wall wall, Workspace.WallState state) {
    WallLayout layout;
    try {
      layout = WallLayout.valueOf(state.layout());
    } catch (IllegalArgumentException | NullPointerException e) {
      notice.accept("The saved workspace names an unknown wall layout '" + state.layout() + "'; using 3x3.");
      layout = WallLayout.GRID_3;
    }
    wall.fillingProperty().set(-1);
    wall.layoutProperty().set(layout);
    wall.purposeProperty().set(new ViewPurpose(state.caseNumber(), state.incidentId(), "video wall"));
    for (int i = 0; i < Wall.CAPACITY; i++) {
      String id = i < state.cameraIds().size() ? state.cameraIds().get(i) : null;
      Camera camera = id == null ? null : parts.model().lookUp(id).orElse(null);
      Camera current = wall.tile(i).camera();
      if (id != null && camera == null) {
        wall.placeMissing(i, id);
      } else if (current == null ? camera != null : camera == null || !current.id().equals(camera.id())) {
        wall.place(i, camera); // a tile already showing this camera keeps its view
      }
    }
    wall.fillingProperty().set(state.filling() < layout.tiles() ? state.filling() : -1);
  }

  /** Opens a further wall window, where {@code placement} says or on the next screen. */
  public WallWindow openWallWindow(Workspace.WindowPlacement placement) {
    int number = wallWindows.size() + 2;
    WallWindow[] holder = new WallWindow[1];
    WallWindow window = new WallWindow(new Wall(parts.video()), "Watchfloor — wall " + number, parts.model().incidents(),
        parts.model()::camera, parts.stylesheet(), () -> wallWindows.remove(holder[0]));
    holder[0] = window;
    wallWindows.add(window);
    window.show();
    if (placement != null) {
      placeWindow(window.stage(), placement);
    } else {
      List<Screen> screens = Screen.getScreens();
      window.placeOn(screens.get(Math.min(number - 1, screens.size() - 1)));
    }
    return window;
  }

  public List<WallWindow> wallWindows() {
    return List.copyOf(wallWindows);
  }

  /**
   * Places a window as saved; a screen that is no longer connected, or bounds off every screen,
   * fall back to the primary screen, and the analyst is told.
   */
  private void placeWindow(Stage stage, Workspace.WindowPlacement placement) {
    if (placement == null) {
      return;
    }
    List<Screen> screens = Screen.getScreens();
    Rectangle2D saved = new Rectangle2D(placement.x(), placement.y(), Math.max(200, placement.width()), Math.max(150, placement.height()));
    boolean onAScreen = placement.screen() < screens.size()
        && screens.get(placement.screen()).getVisualBounds().intersects(saved);
    if (onAScreen) {
      stage.setX(saved.getMinX());
      stage.setY(saved.getMinY());
      stage.setWidth(saved.getWidth());
      stage.setHeight(saved.getHeight());
    } else {
      Rectangle2D primary = Screen.getPrimary().getVisualBounds();
      notice.accept("Screen " + (placement.screen() + 1) + " of the saved workspace is not connected: its window opened on the primary screen.");
      stage.setX(primary.getMinX());
      stage.setY(primary.getMinY());
      stage.setWidth(Math.min(saved.getWidth(), primary.getWidth()));
      stage.setHeight(Math.min(saved.getHeight(), primary.getHeight()));
    }
    stage.setMaximized(placement.maximized());
    stage.setFullScreen(placement.fullScreen());
  }

  /** Saves the walls as they are now under {@code name} (replacing a preset of that name). */
  public void savePreset(String name) {
    presets.put(name.strip(), new Workspace.Preset(capture().walls()));
  }

  /** Puts the walls as the preset says; false when there is no such preset. */
  public boolean recallPreset(String name) {
    Workspace.Preset preset = presets.get(name);
    if (preset == null) {
      return false;
    }
    applyWalls(preset.walls());
    return true;
  }

  public void deletePreset(String name) {
    presets.remove(name);
  }

  public List<String> presetNames() {
    return List.copyOf(presets.keySet());
  }

  /** Cycles through the presets (all of them, in name order), each staying up {@code dwellSeconds}. */
  public void startTour(int dwellSeconds) {
    stopTour();
    tourSettings = new Workspace.TourSettings(presetNames(), Math.max(5, dwellSeconds));
    if (tourSettings.presets().isEmpty()) {
      notice.accept("A tour needs saved presets: save the walls as a preset first.");
      return;
    }
    tourStep = 0;
    tour = new Timeline(new KeyFrame(Duration.seconds(tourSettings.dwellSeconds()), event -> nextTourStop()));
    tour.setCycleCount(Timeline.INDEFINITE);
    nextTourStop();
    tour.play();
  }

  private void nextTourStop() {
    List<String> stops = tourSettings.presets();
    String name = stops.get(tourStep++ % stops.size());
    if (recallPreset(name)) {
      notice.accept("Tour: preset \"" + name + "\" (next in " + tourSettings.dwellSeconds() + " s)");
    }
  }

  public void stopTour() {
    if (tour != null) {
      tour.stop();
      tour = null;
      notice.accept("");
    }
  }

  public boolean touring() {
    return tour != null;
  }

  private void saveIfChanged() {
    String now = WorkspaceFile.json(capture());
    if (!now.equals(lastSaved)) {
      save();
    }
  }

  /** Writes the workspace now (also at exit); a failure is reported, not fatal. */
  public void save() {
    if (!restored) {
      return; // never overwrite the saved workspace with the empty one shown before it was restored
    }
    Workspace workspace = capture();
    try {
      file.save(workspace);
      lastSaved = WorkspaceFile.json(workspace);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot save the workspace", e);
      notice.accept("The workspace could not be saved to " + file.path() + ": " + e.getMessage());
    }
  }

  /** At exit: saves, then closes the wall windows (their views end). */
  public void close() {
    autosave.stop();
    stopTour();
    save();
    for (WallWindow window : List.copyOf(wallWindows)) {
      window.stage().setOnHidden(null);
      window.wall().dispose();
      window.close();
    }
  }

  /** The default workspace file of one broker ({@code brokerName}, e.g. host-port) in the user's configuration folder. */
  public static java.nio.file.Path defaultFile(String brokerName) {
    String config = System.getenv("XDG_CONFIG_HOME");
    java.nio.file.Path base = config == null || config.isBlank()
        ? java.nio.file.Path.of(System.getProperty("user.home"), ".config") : java.nio.file.Path.of(config);
    return base.resolve("watchfloor").resolve("workspace-" + brokerName.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
  }
}
