package org.watchfloor.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.server.sim.DemoWorld;

/**
 * A real broker on loopback ports over a fresh store, with the demo users, and channels that sign
 * in as them. Close it after the test: that deletes its data directory and store.
 */
public final class BrokerFixture implements AutoCloseable {

  private final Path dataDir;
  private final Broker broker;
  private final ManagedChannel channel;
  private final Runnable dropStore;

  private BrokerFixture(
      Optional<String> jdbcUrl, Runnable dropStore, java.util.function.UnaryOperator<ServerSettings> configure, java.time.Clock clock)
      throws Exception {
    this.dropStore = dropStore;
    dataDir = Files.createTempDirectory("watchfloor-broker-");
    try {
      broker = Broker.start(configure.apply(new ServerSettings(dataDir, 0, 0, "127.0.0.1", jdbcUrl, true)), clock);
    } catch (Exception | Error e) {
      dropStore.run();
      TestDatabase.deleteTree(dataDir);
      throw e;
    }
    channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", broker.server().grpcPort(), InsecureChannelCredentials.create())
            .build();
  }

  /** A broker over a fresh store of {@code kind}; on PostgreSQL a schema of its own (skipped when none is configured). */
  public static BrokerFixture on(TestDatabase.Kind kind) throws Exception {
    return on(kind, java.time.Clock.systemUTC());
  }

  /** A broker over a fresh store of {@code kind}, on {@code clock}. */
  public static BrokerFixture on(TestDatabase.Kind kind, java.time.Clock clock) throws Exception {
    if (kind == TestDatabase.Kind.H2) {
      return new BrokerFixture(Optional.empty(), () -> {}, settings -> settings, clock);
    }
    String schema = "wf_test_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String url = TestDatabase.postgresSchemaUrl(schema);
    String server = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
    TestDatabase.execute(server, "CREATE SCHEMA " + schema);
    return new BrokerFixture(Optional.of(url), () -> TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE"), settings -> settings, clock);
  }

  /**
   * One more broker on a PostgreSQL store other brokers share ({@code jdbcUrl}); closing it leaves
   * the store to whoever made it.
   */
  public static BrokerFixture sharing(String jdbcUrl, java.util.function.UnaryOperator<ServerSettings> configure) throws Exception {
    return new BrokerFixture(Optional.of(jdbcUrl), () -> {}, configure, java.time.Clock.systemUTC());
  }

  /** A broker over a fresh H2 store with settings changed by {@code configure}, on {@code clock}. */
  public static BrokerFixture configured(java.util.function.UnaryOperator<ServerSettings> configure, java.time.Clock clock) throws Exception {
    return new BrokerFixture(Optional.empty(), () -> {}, configure, clock);
  }

  public Broker broker() {
    return broker;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The demo token of {@code username} (ana: analyst, sam: supervisor, ada: admin). */
  public String token(String username) throws Exception {
    for (DemoWorld.DemoCredential credential :
        new ObjectMapper().readValue(dataDir.resolve(DemoWorld.CREDENTIALS_FILE).toFile(), DemoWorld.DemoCredential[].class)) {
      if (credential.username().equals(username)) {
        return credential.token();
      }
    }
    throw new IllegalArgumentException("no demo user " + username);
  }

  /** {@code stub} signed in as {@code username}, with a 10 s deadline. */
  public <S extends AbstractStub<S>> S as(String username, S stub) throws Exception {
    return stub.withCallCredentials(bearer(token(username))).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  /**
   * The first audit row of {@code action}, waiting up to 30 s for the broker to write it (e.g. the
   * retention purge it runs after starting).
   */
  public AuditEvent awaitAuditRow(String action) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      List<AuditEvent> rows = as("sam", AuditServiceGrpc.newBlockingStub(channel))
          .queryAudit(QueryAuditRequest.newBuilder().setAction(action).build()).getEventsList();
      if (!rows.isEmpty()) {
        return rows.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + action + " audit row within 30 s");
  }

  /** What this broker's media-server auth hook answers (an HTTP status) for a read of {@code path} with {@code query}. */
  public int askAuthHook(String path, String query) throws Exception {
    String body = "{\"user\":\"\",\"password\":\"\",\"ip\":\"127.0.0.1\",\"action\":\"read\",\"path\":\"" + path
        + "\",\"protocol\":\"hls\",\"id\":null,\"query\":\"" + query + "\"}";
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpBase() + org.watchfloor.server.stream.MediaServerAuthHook.PATH))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  /** The broker's HTTP address, e.g. {@code http://127.0.0.1:41234}. */
  public String httpBase() {
    return "http://127.0.0.1:" + broker.server().httpPort();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    broker.close();
    dropStore.run();
    TestDatabase.deleteTree(dataDir);
  }
}
