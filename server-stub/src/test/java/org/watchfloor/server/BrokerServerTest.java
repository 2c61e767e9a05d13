package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerServerTest {

  @TempDir Path dataDir;
  private BrokerServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    server =
        BrokerServer.start(
            new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), false), List.of());
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.grpcPort(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void answersHealthCheckOverLoopbackAsServing() {
    var response =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
    assertEquals(ServingStatus.SERVING, response.getStatus());
  }

  @Test
  void listsServicesThroughReflection() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    services.complete(
                        response.getListServicesResponse().getServiceList().stream()
                            .map(service -> service.getName())
                            .toList());
                  }

                  @Override
                  public void onError(Throwable error) {
                    services.completeExceptionally(error);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    assertTrue(
        services.get(5, TimeUnit.SECONDS).contains("grpc.health.v1.Health"),
        "reflection should list the health service");
  }

  @Test
  void writesEndpointFileWithActualPortsAndRemovesItOnClose() throws Exception {
    JsonNode endpoint = new ObjectMapper().readTree(dataDir.resolve("server.json").toFile());
    assertEquals(server.grpcPort(), endpoint.get("grpcPort").asInt());
    assertEquals(server.httpPort(), endpoint.get("httpPort").asInt());
    server.close();
    assertFalse(Files.exists(dataDir.resolve("server.json")));
  }

  @Test
  void httpListenerAnswersHealthz() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("ok\n", response.body());
  }
}
