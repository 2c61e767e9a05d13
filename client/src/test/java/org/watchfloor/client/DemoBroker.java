package org.watchfloor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;

/** A real broker in this JVM with the Lexington demo world and its simulator, for client tests. */
public final class DemoBroker implements AutoCloseable {

  private final Path dataDir;
  private final Broker broker;

  private DemoBroker(Path dataDir, Broker broker) {
    this.dataDir = dataDir;
    this.broker = broker;
  }

  /** On free ports. */
  public static DemoBroker start(Path dataDir) throws IOException {
    return start(dataDir, 0, 0);
  }

  /** On given ports (0: a free one), e.g. to start again where a stopped broker was. */
  public static DemoBroker start(Path dataDir, int grpcPort, int httpPort) throws IOException {
    return new DemoBroker(dataDir, Broker.start(new ServerSettings(dataDir, grpcPort, httpPort, "127.0.0.1", Optional.empty(), true)));
  }

  public Broker broker() {
    return broker;
  }

  public int grpcPort() {
    return broker.server().grpcPort();
  }

  /** The bearer token of a demo user ("ana", "sam", "ada"), from the credentials the broker wrote. */
  public String token(String user) {
    try {
      for (JsonNode entry : new ObjectMapper().readTree(dataDir.resolve("demo-credentials.json").toFile())) {
        if (entry.get("username").asText().equals(user)) {
          return entry.get("token").asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no demo user " + user);
  }

  /** A client connection signed in as a demo user. */
  public BrokerConnection connect(String user) {
    return new BrokerConnection(new ServerAddress("127.0.0.1", grpcPort()), token(user));
  }

  /**
   * A connection signed in as {@code user} that feeds {@code model} with the live lists (cameras,
   * layers, incidents), returned once the camera list is current.
   */
  public BrokerConnection following(String user, CameraMapModel model) throws Exception {
    BrokerConnection connection = connect(user);
    connection.watchCameras(model.cameraFeed());
    connection.watchLayers(model.layerFeed());
    connection.watchIncidents(model.incidentFeed());
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.camerasCurrentProperty().get() && !model.cameras().isEmpty());
    return connection;
  }

  @Override
  public void close() {
    broker.close();
  }
}
