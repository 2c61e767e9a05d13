package org.watchfloor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.BearerToken;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.ServerAddress;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.sim.SyntheticInventory;

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
    return start(dataDir, grpcPort, httpPort, settings -> settings);
  }

  /** On free ports, with settings changed by {@code configure} (e.g. the simulated feed's rates). */
  public static DemoBroker start(Path dataDir, java.util.function.UnaryOperator<ServerSettings> configure) throws IOException {
    return start(dataDir, 0, 0, configure);
  }

  private static DemoBroker start(Path dataDir, int grpcPort, int httpPort, java.util.function.UnaryOperator<ServerSettings> configure)
      throws IOException {
    return new DemoBroker(dataDir,
        Broker.start(configure.apply(new ServerSettings(dataDir, grpcPort, httpPort, "127.0.0.1", Optional.empty(), true))));
  }

  public Broker broker() {
    return broker;
  }

  public int grpcPort() {
    return broker.server().grpcPort();
  }

  /** The bearer token of a demo user ("ana", "sam", "ada"), from the credentials the broker wrote. */
  public String token(String user) {
    return credential(user, "token");
  }

  /** The password of a demo user, from the credentials the broker wrote. */
  public String password(String user) {
    return credential(user, "password");
  }

  public ServerAddress address() {
    return new ServerAddress("127.0.0.1", grpcPort());
  }

  private String credential(String user, String field) {
    try {
      for (JsonNode entry : new ObjectMapper().readTree(dataDir.resolve("demo-credentials.json").toFile())) {
        if (entry.get("username").asText().equals(user)) {
          return entry.get(field).asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no demo user " + user);
  }

  /** A client connection signed in as a demo user. */
  public BrokerConnection connect(String user) {
    return new BrokerConnection(address(), token(user));
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

  /**
   * Adds {@code count} synthetic public cameras of {@code area} through the admin's ImportCameras
   * call over gRPC (audited like any import), in calls of at most the contract's 100,000 records.
   */
  public void importSynthetic(SyntheticInventory.Area area, int count) {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort(), InsecureChannelCredentials.create()).build();
    try {
      for (int first = 0; first < count; first += 100_000) {
        ImportReport report = LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token("ada")))
            .withDeadlineAfter(5, TimeUnit.MINUTES)
            .importCameras(ImportCamerasRequest.newBuilder()
                .setFormat(ImportFormat.IMPORT_FORMAT_CSV)
                .setContent(ByteString.copyFrom(SyntheticInventory.csv(area, first, Math.min(100_000, count - first), 7)))
                .setSourceName("csv:synthetic")
                .setDefaultKind(CameraKind.CAMERA_KIND_CITY_CCTV)
                .setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE)
                .build());
        if (report.getRejected() > 0) {
          throw new IllegalStateException("the synthetic inventory had rejected records: " + report.getResults(0));
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}
