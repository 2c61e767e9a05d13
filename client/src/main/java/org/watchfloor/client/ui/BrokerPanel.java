package org.watchfloor.client.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.watchfloor.client.net.ConnectionState;

/**
 * The broker's state in the middle of the window, large enough to read across a room: which broker
 * this workstation uses and whether it answers.
 */
public final class BrokerPanel extends VBox {

  private final Label state = new Label();
  private final Label explanation = new Label();

  public BrokerPanel(String serverAddress) {
    getStyleClass().add("broker-panel");
    setAlignment(Pos.CENTER);
    Label title = new Label("Watchfloor");
    title.getStyleClass().add("broker-title");
    Label server = new Label("Broker " + serverAddress);
    server.getStyleClass().add("broker-address");
    explanation.getStyleClass().add("broker-explanation");
    explanation.setWrapText(true);
    getChildren().addAll(title, server, state, explanation);
    showConnection(ConnectionState.CONNECTING);
  }

  public void showConnection(ConnectionState connection) {
    state.setText(connection.label());
    state.getStyleClass().setAll("label", "broker-state", ConnectionStyles.of(connection));
    explanation.setText(
        switch (connection) {
          case CONNECTED -> "The broker answers and is serving.";
          case CONNECTING -> "Waiting for the broker to answer.";
          case RECONNECTING ->
              "The link to the broker broke. Retrying; nothing on screen is current until it returns.";
          case NOT_SERVING -> "The broker answers but is not serving: it is starting or shutting down.";
        });
  }
}
