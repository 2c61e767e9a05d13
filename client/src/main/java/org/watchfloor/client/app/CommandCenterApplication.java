package org.watchfloor.client.app;

import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.watchfloor.client.map.CameraDetails;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.ConfiguredTileRetriever;
import org.watchfloor.client.map.LayersPanel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.ui.StatusBar;

/**
 * The command-center window: layers and search on the left, the camera map in the middle, the
 * selected camera on the right, and the link to the broker below.
 */
public final class CommandCenterApplication extends Application {

  /** Set by {@link WatchfloorClient} before launch; JavaFX constructs this class itself. */
  static ClientOptions options;

  private BrokerConnection connection;

  @Override
  public void start(Stage stage) {
    connection = new BrokerConnection(options.address(), options.token());
    CameraMapModel model = new CameraMapModel();
    MapPane map = new MapPane(model);
    LayersPanel layers = new LayersPanel(model, map::show);
    CameraDetails details = new CameraDetails(model, (cameraId, caseNumber) -> connection.openLive(cameraId, caseNumber, "viewed from the map"));
    StatusBar statusBar = new StatusBar(options.address().toString());
    statusBar.bindCameras(model.cameras(), model.camerasCurrentProperty());
    statusBar.bindNotice(ConfiguredTileRetriever.notice());

    connection.watchHealth(state -> Platform.runLater(() -> statusBar.showConnection(state)));
    connection.watchCameras(model.cameraFeed());
    connection.watchLayers(model.layerFeed());
    connection.watchIncidents(model.incidentFeed());
    CompletableFuture.supplyAsync(connection::whoAmI)
        .whenComplete((user, error) -> Platform.runLater(() -> statusBar.showUser(error == null ? user : "not signed in: " + rootMessage(error))));

    BorderPane root = new BorderPane();
    root.getStyleClass().add("command-center");
    root.setLeft(layers);
    root.setCenter(map);
    root.setRight(details);
    root.setBottom(statusBar);

    Scene scene = new Scene(root, 1600, 900);
    scene.getStylesheets().add(StatusBar.class.getResource("watchfloor.css").toExternalForm());
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), layers::focusSearch);
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), () -> map.zoomBy(1));
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), () -> map.zoomBy(-1));
    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> model.selectedProperty().set(null));
    stage.setTitle("Watchfloor — " + options.address());
    stage.setScene(scene);
    stage.show();
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
    if (connection != null) {
      connection.close();
    }
  }
}
