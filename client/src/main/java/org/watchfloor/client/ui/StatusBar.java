package org.watchfloor.client.ui;

import java.text.NumberFormat;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableIntegerValue;
import javafx.beans.value.ObservableLongValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.watchfloor.client.net.ConnectionState;

/**
 * The strip at the bottom of the window: link to the broker, who is signed in, how many cameras
 * are known and whether that list is current, any notice (e.g. no map tiles), and a wall clock.
 */
public final class StatusBar extends HBox {

  private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(java.util.Locale.US);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("EEE d MMM  HH:mm:ss z");

  private final Label connection = new Label();
  private final Label server = new Label();
  private final Label user = new Label();
  private final Label cameras = new Label();
  private final Label notice = new Label();
  private final Label message = new Label();
  private final Label clock = new Label();

  public StatusBar(String serverAddress) {
    getStyleClass().add("status-bar");
    setAlignment(Pos.CENTER_LEFT);
    server.setText(serverAddress);
    server.getStyleClass().add("status-server");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    clock.getStyleClass().add("status-clock");
    cameras.getStyleClass().add("status-cameras");
    notice.getStyleClass().add("status-notice");
    message.getStyleClass().add("status-notice");
    getChildren().addAll(connection, server, user, cameras, spacer, message, notice, clock);
    showConnection(ConnectionState.CONNECTING);

    Timeline ticker =
        new Timeline(new KeyFrame(Duration.seconds(1), event -> tick()));
    ticker.setCycleCount(Timeline.INDEFINITE);
    ticker.play();
    tick();
  }

  private void tick() {
    clock.setText(ZonedDateTime.now().format(CLOCK));
  }

  /** The broker the client is on now (after a failover, another than the one it started with). */
  public void showServer(String address) {
    server.setText(address);
  }

  public void showUser(String who) {
    user.setText(who);
  }

  /**
   * Shows the camera count; "loading N of M" while a full list arrives, and "stale" while the list
   * is not current (after a broken link).
   */
  public void bindCameras(ObservableIntegerValue count, ObservableLongValue loadingOf, ObservableBooleanValue current) {
    CalmText.follow(cameras.textProperty(), () -> {
      if (loadingOf.get() > 0 && !current.get()) {
        return "loading " + COUNT.format(count.get()) + " of " + COUNT.format(loadingOf.get()) + " cameras";
      }
      return COUNT.format(count.get()) + " cameras" + (current.get() ? "" : " (not current: reconnecting)");
    }, count, loadingOf, current);
  }

  /** A passing sentence (the workspace, the tour); empty clears it. */
  public void showMessage(String text) {
    message.setText(text);
  }

  public void bindNotice(javafx.beans.value.ObservableStringValue text) {
    notice.textProperty().bind(text);
  }

  public void showConnection(ConnectionState state) {
    connection.setText("● " + state.label());
    connection.getStyleClass().setAll("label", "status-connection", ConnectionStyles.of(state));
  }
}
