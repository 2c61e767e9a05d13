package org.watchfloor.client.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.time.ZoneId;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import java.util.concurrent.CompletableFuture;
import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Orientation;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.watchfloor.client.admin.AdminMenu;
import org.watchfloor.client.alert.AlertFeeds;
import org.watchfloor.client.alert.AlertFollowing;
import org.watchfloor.client.alert.AlertList;
import org.watchfloor.client.alert.AlertPanel;
import org.watchfloor.client.alert.AlertSound;
import org.watchfloor.client.map.CameraActions;
import org.watchfloor.client.map.CameraDetails;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.ConfiguredTileRetriever;
import org.watchfloor.client.map.DirectoryFollower;
import org.watchfloor.client.map.LayersPanel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.mapedit.MapEditing;
import org.watchfloor.client.mapedit.MapEditor;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.ui.FrameIntervals;
import org.watchfloor.client.signin.SignInDialog;
import org.watchfloor.client.ui.StatusBar;
import org.watchfloor.client.replay.ReplayWindow;
import org.watchfloor.client.evidence.EvidencePackageDialog;
import org.watchfloor.client.wall.LiveVideo;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.Wall;
import org.watchfloor.client.wall.WallLayout;
import org.watchfloor.client.wall.WallToolbar;
import org.watchfloor.client.wall.WallView;
import org.watchfloor.client.workspace.IncidentWall;
import org.watchfloor.client.workspace.WorkspaceFile;
import org.watchfloor.client.workspace.WorkspaceMenu;
import org.watchfloor.client.workspace.Workstation;

/**
 * The command-center window: layers and search on the left, the camera map and the video wall in
 * the middle, the selected camera on the right, and the link to the broker below.
 */
public final class CommandCenterApplication extends Application {

  /** Set by {@link WatchfloorClient} before launch; JavaFX constructs this class itself. */
  static ClientOptions options;

  private BrokerConnection connection;
  private LiveVideo video;
  /** The players of an evidence package opened from the command line (no broker, no wall). */
  private PlayerPool.Result packagePlayers;
  private EvidencePackageDialog packageDialog;
  private Workstation workstation;
  private AlertSound alertSound;

  /**
   * A desktop session that ends (log-out, shutdown) sends SIGTERM: the client then quits as when its
   * window is closed, saving the workspace and signing out. Left to the JVM, SIGTERM would halt it
   * around JavaFX, whose own shutdown hook ends the toolkit before {@link #stop} could run.
   */
  @Override
  public void init() {
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> Platform.exit());
  }

  @Override
  public void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
    String stylesheet = StatusBar.class.getResource("watchfloor.css").toExternalForm();
    if (options.openPackage().isPresent()) {
      // A package reopens offline: no broker, no sign-in; the client ends when its windows close.
      packagePlayers = PlayerPool.open();
      packageDialog = EvidencePackageDialog.open(packagePlayers.pool(), packagePlayers.problem(), stylesheet, options.openPackage());
      return;
    }
    // Without a token (scripts, the demo) a person signs in with user name and password.
    connection = options.token().isEmpty()
        ? SignInDialog.ask(options.brokers(), options.security(), stylesheet).orElse(null)
        : new BrokerConnection(options.brokers(), options.security(), options.token());
    if (connection == null) {
      Platform.exit();
      return;
    }
    CameraMapModel model = new CameraMapModel();
    video = new LiveVideo(connection, PlayerPool.open());
    Wall wall = new Wall(video);
    WallView wallView = new WallView(wall, model::camera);

    MapPane map = new MapPane(model);
    MapEditor editor = new MapEditor(connection, model, map.cameraLayer()::camerasIn);
    MapEditing editing = MapEditing.install(editor, map);
    editor.offerToAdmins();
    LayersPanel layers = new LayersPanel(model, map::show);
    CameraDetails details = new CameraDetails(model, new CameraActions() {
      @Override
      public String viewLive(Camera camera) {
        return wall.placeInFreeTile(camera)
            .map(tile -> "Opening in tile " + (tile + 1) + " of the wall, for case " + orNone(wall.purposeProperty().get().caseNumber()) + ".")
            .orElse("Every tile of the wall is taken: drag the camera onto the tile it should replace.");
      }

      @Override
      public FootageRequestSent requestFootage(Camera camera, Instant start, Instant end, ViewPurpose purpose, String key) {
        return connection.requestFootage(camera.id(), start, end, purpose, key);
      }
    });
    alertSound = new AlertSound();
    AlertList alerts = new AlertList(alertSound);
    AlertPanel alertPanel = new AlertPanel(alerts, new AlertFollowing(connection, model, map, wall, details));
    java.util.function.Consumer<Incident> replay = incident -> ReplayWindow.open(connection, video, incident, ZoneId.systemDefault(), stylesheet).showOnMap(model);
    alertPanel.offerReplay(replay);
    Button replayWall = new Button("Replay incident");
    replayWall.setTooltip(new Tooltip("Replay the recordings near the wall's incident on one clock"));
    replayWall.disableProperty().bind(Bindings.createBooleanBinding(
        () -> !model.incidents().containsKey(wall.purposeProperty().get().incidentId()), wall.purposeProperty(), model.incidents()));
    replayWall.setOnAction(event -> Optional.ofNullable(model.incidents().get(wall.purposeProperty().get().incidentId())).ifPresent(replay));
    AlertFeeds alertFeeds = new AlertFeeds(alerts, connection::camera);
    StatusBar statusBar = new StatusBar(connection.address().toString());
    statusBar.bindCameras(model.cameraCountProperty(), model.snapshotSizeProperty(), model.camerasCurrentProperty());
    statusBar.bindNotice(ConfiguredTileRetriever.notice());

    connection.watchHealth(state -> Platform.runLater(() -> {
      statusBar.showConnection(state);
      connection.answeringBroker().ifPresent(broker -> statusBar.showServer(brokerInUse(connection, broker)));
    }));
    DirectoryFollower.follow(connection, model, map);
    connection.watchLayers(model.layerFeed());
    // Who signed in, asked once: the status bar, the alert feeds and the admin menu follow it.
    CompletableFuture<UserAccount> signedIn = CompletableFuture.supplyAsync(connection::me);
    signedIn
        .whenComplete((user, error) -> Platform.runLater(() -> statusBar.showUser(error == null ? user.label() : "not signed in: " + rootMessage(error))));

    SplitPane middle = new SplitPane(map);
    middle.setOrientation(Orientation.HORIZONTAL);
    workstation = new Workstation(new Workstation.Parts(stage, middle, map, model, wall, video, stylesheet),
        new WorkspaceFile(options.workspace(connection.address()), Clock.systemUTC()), statusBar::showMessage);
    VBox wallPane = new VBox(new WallToolbar(wall, model.incidents(), replayWall, new WorkspaceMenu(workstation), new AdminMenu(connection, signedIn, video, model.incidents(), () -> wall.purposeProperty().get().incidentId(), stylesheet)), wallView);
    VBox.setVgrow(wallView, Priority.ALWAYS);
    middle.getItems().add(wallPane);
    middle.setDividerPositions(0.42);

    BorderPane root = new BorderPane();
    root.getStyleClass().add("command-center");
    root.setLeft(layers);
    root.setCenter(middle);
    ScrollPane alertsPane = scrolling(alertPanel);
    SplitPane right = new SplitPane(alertsPane, scrolling(details));
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.62);
    right.setPrefWidth(380);
    root.setRight(right);
    // Incidents and hotlist hits are for investigators: an admin's account would be refused, again
    // and again, so it does not ask, and the camera details take the alerts' place.
    signedIn
        .handle((user, error) -> user == null || user.holds(UserRole.ANALYST) || user.holds(UserRole.SUPERVISOR))
        .thenAccept(investigates -> {
          if (investigates) {
            connection.watchIncidents(model.incidentFeed());
            connection.watchIncidents(alertFeeds.incidents());
            connection.watchHotlistHits(alertFeeds.hotlistHits());
          } else {
            Platform.runLater(() -> right.getItems().remove(alertsPane));
          }
        });
    root.setBottom(statusBar);

    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    Scene scene = new Scene(root, screen.getWidth(), screen.getHeight());
    scene.getStylesheets().add(stylesheet);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
        () -> workstation.openWallWindow(null));
    editing.installShortcuts(scene);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F11), () -> stage.setFullScreen(!stage.isFullScreen()));
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), layers::focusSearch);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), () -> map.zoomBy(1));
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), () -> map.zoomBy(-1));
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> model.selectedProperty().set(null));
    KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5};
    WallLayout[] grids = {WallLayout.GRID_1, WallLayout.GRID_2, WallLayout.GRID_3, WallLayout.GRID_4, WallLayout.GRID_5};
    for (int i = 0; i < digits.length; i++) {
      WallLayout grid = grids[i];
      scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> wall.layoutProperty().set(grid));
    }
    stage.setTitle("Watchfloor — " + connection.address());
    // The main window is the application: closing it closes the wall windows too.
    stage.setOnHidden(event -> Platform.exit());
    stage.setScene(scene);
    stage.setX(screen.getMinX());
    stage.setY(screen.getMinY());
    workstation.restoreWhenCurrent(() -> {
      if (options.firstRunWall() == ClientOptions.FirstRunWall.NEAREST_INCIDENT) {
        arrangeOnceCurrent(model, wall);
      }
    });
    stage.show();
    FrameIntervals.recordIfAsked();
  }

  /** "host:port", and with several brokers which of them, e.g. "b.example.org:50051 (2 of 3 brokers)". */
  private static String brokerInUse(BrokerConnection connection, ServerAddress broker) {
    List<ServerAddress> all = connection.brokers().addresses();
    return all.size() == 1 ? broker.toString() : broker + " (" + (all.indexOf(broker) + 1) + " of " + all.size() + " brokers)";
  }

    /** Fills the wall around the most urgent incident once both lists have first arrived. */
  private static void arrangeOnceCurrent(CameraMapModel model, Wall wall) {
    InvalidationListener attempt = new InvalidationListener() {
      @Override
      public void invalidated(Observable observable) {
        if (model.camerasCurrentProperty().get() && model.incidents().values().stream().anyMatch(Incident::open)) {
          model.camerasCurrentProperty().removeListener(this);
          model.incidents().removeListener(this);
          IncidentWall.arrange(wall, model.cameras(), model.incidents().values());
        }
      }
    };
    model.camerasCurrentProperty().addListener(attempt);
    model.incidents().addListener(attempt);
    // Both may already be there: the incidents often arrive before the cameras are current.
    attempt.invalidated(model.camerasCurrentProperty());
  }

  /** A side panel that fills its share of the column, and scrolls when its content needs more. */
  private static ScrollPane scrolling(Region panel) {
    ScrollPane scroll = new ScrollPane(panel);
    scroll.setFitToWidth(true);
    scroll.setFitToHeight(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    return scroll;
  }

  private static String orNone(String caseNumber) {
    return caseNumber.isEmpty() ? "(none yet: enter one above the wall)" : caseNumber;
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  @Override
  public void stop() {
    if (packageDialog != null) {
      // On SIGTERM the windows are still open: their replays end here, before the players they use.
      packageDialog.close();
    }
    if (packagePlayers != null) {
      packagePlayers.pool().ifPresent(PlayerPool::close);
    }
    if (workstation != null) {
      workstation.close();
    }
    if (video != null) {
      video.close();
    }
    if (alertSound != null) {
      alertSound.close();
    }
    if (connection != null) {
      try {
        connection.signOut();
      } catch (BrokerRefusal e) {
        // the session ends by itself at its expiry; nothing else to do at exit
      }
      connection.close();
    }
  }
}
