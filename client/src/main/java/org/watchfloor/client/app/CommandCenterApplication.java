package org.watchfloor.client.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.ui.BrokerPanel;
import org.watchfloor.client.ui.StatusBar;

/** The command-center window: what the analyst works in, with the link to the broker below it. */
public final class CommandCenterApplication extends Application {

  /** Set by {@link WatchfloorClient} before launch; JavaFX constructs this class itself. */
  static ClientOptions options;

  private BrokerConnection connection;

  @Override
  public void start(Stage stage) {
    connection = new BrokerConnection(options.address());
    StatusBar statusBar = new StatusBar(options.address().toString());
    BrokerPanel brokerPanel = new BrokerPanel(options.address().toString());
    connection.watchHealth(
        state ->
            Platform.runLater(
                () -> {
                  statusBar.showConnection(state);
                  brokerPanel.showConnection(state);
                }));

    BorderPane root = new BorderPane();
    root.getStyleClass().add("command-center");
    root.setCenter(brokerPanel);
    root.setBottom(statusBar);

    Scene scene = new Scene(root, 1280, 800);
    scene.getStylesheets().add(StatusBar.class.getResource("watchfloor.css").toExternalForm());
    stage.setTitle("Watchfloor — " + options.address());
    stage.setScene(scene);
    stage.show();
  }

  @Override
  public void stop() {
    if (connection != null) {
      connection.close();
    }
  }
}
