package org.watchfloor.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Empty;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AuditAnchor;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.store.DirectSql;
import picocli.CommandLine;

/**
 * Audit anchors against history rewritten in the database, on H2 and PostgreSQL: anchors published at
 * start and on demand are saved as anyone would save them, and {@code verify-audit} (through the
 * public pages, and with a supervisor's token through QueryAudit) accepts them while the log only
 * grows, and fails when a row is edited, and still fails when every later hash is recomputed so that
 * the broker's own check passes.
 */
class AuditAnchorTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-800001").setReason("shots fired").build();

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void savedAnchorsCatchAnEditedRowAndAChainRecomputedAfterTheEdit(TestDatabase.Kind kind) throws Exception {
    Path folder = Files.createTempDirectory("watchfloor-anchors-");
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      JsonNode published = awaitAnchors(fixture);
      assertEquals("DAILY", published.at("/anchors/0/occasion").asText(), "a starting broker publishes the day's anchor");
      view(fixture, 2);
      AuditAnchor onDemand = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel())).publishAuditAnchor(Empty.getDefaultInstance());
      Path saved = folder.resolve("anchors.json");
      Files.writeString(saved, get(fixture.httpBase() + "/transparency/anchors.json"));
      JsonNode savedAnchors = new ObjectMapper().readTree(saved.toFile());
      assertEquals(onDemand.getSequence(), savedAnchors.at("/anchors/0/sequence").asLong());
      assertEquals(2, savedAnchors.path("anchors").size());

      view(fixture, 3);
      Result growing = verify(saved, fixture);
      assertEquals(0, growing.exitCode(), growing.output());
      assertTrue(growing.output().contains("All 2 anchors hold"), growing.output());
      assertEquals(0, verify(fixture.httpBase() + "/transparency/anchors.json").exitCode(), "the anchors' address works as well");
      Result growingAsSupervisor = verifyAsSupervisor(saved, fixture);
      assertEquals(0, growingAsSupervisor.exitCode(), growingAsSupervisor.output());
      assertTrue(growingAsSupervisor.output().contains("All 2 anchors hold"), growingAsSupervisor.output());

      long edited = onDemand.getSequence() - 1;
      DirectSql.execute(fixture.broker().database(), "UPDATE audit_log SET detail = 'nothing to see here' WHERE sequence = " + edited);
      Result afterEdit = verify(saved, fixture);
      assertEquals(1, afterEdit.exitCode(), afterEdit.output());
      assertTrue(afterEdit.output().contains("FAILED anchor of " + Instant.parse(savedAnchors.at("/anchors/0/anchoredAt").asText())
          + " at row " + onDemand.getSequence() + ": the chain no longer verifies up to this row: row " + edited + " hash does not match its content"),
          afterEdit.output());
      Result afterEditAsSupervisor = verifyAsSupervisor(saved, fixture);
      assertEquals(1, afterEditAsSupervisor.exitCode(), afterEditAsSupervisor.output());
      assertTrue(afterEditAsSupervisor.output().contains("at row " + onDemand.getSequence() + ": the chain no longer verifies up to this row: row "
          + edited + " hash does not match its content"), afterEditAsSupervisor.output());

      DirectSql.rechainFrom(fixture.broker().database(), edited);
      assertTrue(fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel())).verifyAudit(Empty.getDefaultInstance()).getIntact(),
          "the recomputed chain fools the broker's own check");
      Result afterRechain = verify(saved, fixture);
      assertEquals(1, afterRechain.exitCode(), afterRechain.output());
      assertTrue(afterRechain.output().contains("row " + onDemand.getSequence() + " now carries "), afterRechain.output());
      assertTrue(afterRechain.output().contains("but the anchor signed " + onDemand.getHeadHash() + ": the history up to this row was rewritten"),
          afterRechain.output());
      assertTrue(afterRechain.output().contains("OK     anchor of"), "the start-of-day anchor, before the edited row, still holds: " + afterRechain.output());
      Result afterRechainAsSupervisor = verifyAsSupervisor(saved, fixture);
      assertEquals(1, afterRechainAsSupervisor.exitCode(), afterRechainAsSupervisor.output());
      assertTrue(afterRechainAsSupervisor.output().contains("row " + onDemand.getSequence() + " now carries "), afterRechainAsSupervisor.output());
      assertTrue(afterRechainAsSupervisor.output().contains("OK     anchor of"), afterRechainAsSupervisor.output());
      Result analyst = run("--anchors", saved.toString(), "--grpc", "127.0.0.1:" + fixture.broker().server().grpcPort(), "--token", fixture.token("ana"));
      assertEquals(2, analyst.exitCode(), "an analyst may not read the audit log: " + analyst.output());
      assertTrue(analyst.output().contains("the check could not be made: PERMISSION_DENIED"), analyst.output());

      ObjectNode forged = (ObjectNode) savedAnchors.deepCopy();
      ((ObjectNode) forged.path("anchors").get(0)).put("headHash", "0".repeat(64));
      Path forgedFile = folder.resolve("forged.json");
      Files.writeString(forgedFile, forged.toString());
      Result forgedResult = verify(forgedFile, fixture);
      assertTrue(forgedResult.output().contains("its signature does not verify with the published key"), forgedResult.output());
    } finally {
      TestDatabase.deleteTree(folder);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result verify(Path anchors, BrokerFixture fixture) {
    return run("--anchors", anchors.toString(), "--broker", fixture.httpBase());
  }

  /** verify-audit with the supervisor's token, reading the rows through QueryAudit over the broker's gRPC port. */
  private static Result verifyAsSupervisor(Path anchors, BrokerFixture fixture) throws Exception {
    return run("--anchors", anchors.toString(), "--grpc", "127.0.0.1:" + fixture.broker().server().grpcPort(), "--token", fixture.token("sam"));
  }

  private static Result verify(String anchorsUrl) {
    return run("--anchors", anchorsUrl);
  }

  private static Result run(String... args) {
    StringWriter output = new StringWriter();
    CommandLine command = VerifyAuditCommand.commandLine();
    command.setOut(new PrintWriter(output));
    command.setErr(new PrintWriter(output));
    int exit = command.execute(args);
    return new Result(exit, output.toString());
  }

  private static void view(BrokerFixture fixture, int times) throws Exception {
    String camera = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_TRAFFIC).setPageSize(1).build()).getCameras(0).getId();
    for (int i = 0; i < times; i++) {
      fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel())).openLive(OpenLiveRequest.newBuilder().setCameraId(camera).setPurpose(CASE).build());
    }
  }

  /** The anchors page once the broker published its first anchor after starting. */
  private static JsonNode awaitAnchors(BrokerFixture fixture) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      JsonNode page = new ObjectMapper().readTree(get(fixture.httpBase() + "/transparency/anchors.json"));
      if (page.path("anchors").size() > 0) {
        return page;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no audit anchor within 30 s of the broker's start");
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body();
  }
}
