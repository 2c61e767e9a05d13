package org.watchfloor.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One running broker: the gRPC server (with health and reflection) and the HTTP listener, started
 * and stopped together.
 */
public final class BrokerServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BrokerServer.class.getName());
  /** Clients keep their channels alive every 10 s or more; allow it so they never get GOAWAY. */
  private static final long PERMITTED_KEEPALIVE_SECONDS = 10;
  /** Camera imports carry up to 32 MiB of inventory in one message. */
  private static final int MAX_INBOUND_BYTES = 33 * 1024 * 1024;

  private final ServerSettings settings;
  private final HealthStatusManager health;
  private final Server grpc;
  private final HttpServer http;
  private final ExecutorService httpExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BrokerServer(
      ServerSettings settings,
      HealthStatusManager health,
      Server grpc,
      HttpServer http,
      ExecutorService httpExecutor) {
    this.settings = settings;
    this.health = health;
    this.grpc = grpc;
    this.http = http;
    this.httpExecutor = httpExecutor;
  }

  /** Starts both listeners and marks every service SERVING once they accept connections. */
  public static BrokerServer start(ServerSettings settings, List<ServerServiceDefinition> services)
      throws IOException {
    return start(settings, services, Map.of());
  }

  /**
   * Starts both listeners; {@code httpRoutes} maps path prefixes (e.g. {@code /sim/}) to the
   * handlers of the features that serve HTTP (portal, auth hook, simulator).
   */
  public static BrokerServer start(
      ServerSettings settings, List<ServerServiceDefinition> services, Map<String, HttpHandler> httpRoutes)
      throws IOException {
    Files.createDirectories(settings.dataDir());
    HealthStatusManager health = new HealthStatusManager();
    var builder =
        Grpc.newServerBuilderForPort(settings.grpcPort(), credentials(settings))
            .permitKeepAliveTime(PERMITTED_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .maxInboundMessageSize(MAX_INBOUND_BYTES)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance());
    services.forEach(builder::addService);
    Server grpc = builder.build().start();

    // The JDK's server writes a response's headers and body as separate segments; without
    // TCP_NODELAY the body waits for the client's delayed ACK (about 40 ms a response).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http =
        HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.httpPort()), 0);
    // Video segments and portal uploads are served here too: enough threads for a wall of streams.
    ExecutorService httpExecutor = Executors.newFixedThreadPool(32);
    http.setExecutor(httpExecutor);
    http.createContext(
        "/healthz",
        exchange -> {
          byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    httpRoutes.forEach(http::createContext);
    http.start();

    BrokerServer server = new BrokerServer(settings, health, grpc, http, httpExecutor);
    server.markServing(services);
    server.writeEndpointFile();
    LOG.info(
        () ->
            "Watchfloor broker serving gRPC on port "
                + server.grpcPort()
                + (settings.tls().isPresent() ? " (TLS)" : " (plaintext)")
                + " and HTTP on port "
                + server.httpPort()
                + ", data in "
                + settings.dataDir());
    return server;
  }

  private static ServerCredentials credentials(ServerSettings settings) throws IOException {
    if (settings.tls().isEmpty()) {
      return InsecureServerCredentials.create();
    }
    ServerSettings.TlsFiles files = settings.tls().get();
    return TlsServerCredentials.create(files.certificateChain().toFile(), files.privateKey().toFile());
  }

  private void markServing(List<ServerServiceDefinition> services) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    for (ServerServiceDefinition service : services) {
      health.setStatus(service.getServiceDescriptor().getName(), ServingStatus.SERVING);
    }
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int httpPort() {
    return http.getAddress().getPort();
  }

  /**
   * Writes {@code server.json} (ports and process id) so the launcher and the demo client find a
   * server started on port 0; written to a temporary file first so a reader never sees half.
   */
  private void writeEndpointFile() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode endpoint = json.createObjectNode();
    endpoint.put("grpcPort", grpcPort());
    endpoint.put("httpPort", httpPort());
    endpoint.put("pid", ProcessHandle.current().pid());
    Path target = settings.dataDir().resolve("server.json");
    try {
      Path temporary = Files.createTempFile(settings.dataDir(), "server", ".json.tmp");
      json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), endpoint);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  /** Tells health watchers first, then drains calls for up to two seconds (watch streams never end on their own). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    health.enterTerminalState();
    http.stop(0);
    httpExecutor.shutdownNow();
    grpc.shutdown();
    try {
      if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
        grpc.shutdownNow();
      }
    } catch (InterruptedException e) {
      grpc.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(settings.dataDir().resolve("server.json"));
    } catch (IOException e) {
      LOG.warning("could not remove the endpoint file: " + e.getMessage());
    }
  }
}
