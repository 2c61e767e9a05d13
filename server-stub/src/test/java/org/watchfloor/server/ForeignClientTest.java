package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract works for a client this project did not generate: Node's grpc-js loads the .proto
 * files at run time, signs in with the demo tokens, lists the Lexington cameras, watches a change
 * and recomputes the audit chain's newest hash. Skipped (never passed) where Node or its modules
 * are absent; ./watchfloor test installs them.
 */
class ForeignClientTest {

  private static final Path CLIENT = Path.of("src/test/foreign-client");
  private static final Path PROTOS = Path.of("../proto/src/main/proto");

  @Test
  void aNodeClientWithoutGeneratedCodeListsWatchesAndVerifiesTheAudit() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(CLIENT.resolve("node_modules/@grpc/grpc-js")),
        "npm modules for the foreign client are not installed (npm ci in " + CLIENT + ")");
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      JsonNode seen = run("foreign-client.mjs",
          "127.0.0.1:" + fixture.broker().server().grpcPort(), PROTOS.toAbsolutePath().toString(),
          fixture.token("ana"), fixture.token("sam"), fixture.token("ada"));
      String output = seen.toString();
      assertEquals("ana", seen.get("username").asText());
      assertTrue(seen.get("camerasInBox").asInt() >= 300, "Lexington demo cameras in the box: " + output);
      assertTrue(seen.get("kinds").get("CAMERA_KIND_LPR").asInt() >= 80, output);
      assertTrue(seen.get("snapshotCount").asInt() >= 400, output);
      assertTrue(seen.get("changeRevision").asLong() > seen.get("syncedRevision").asLong(), output);
      assertTrue(seen.get("auditIntact").asBoolean(), output);
      assertEquals("CAMERA_CREATED", seen.get("newestAction").asText());
      assertTrue(seen.get("newestHashRecomputed").asBoolean(), "a foreign client must be able to recompute the hash: " + output);
    }
  }

  @Test
  void aNodeClientPlaysRealVideoIsRefusedLevelOneAndSeesARevocationEndTheSessionWithinTwoSeconds() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(CLIENT.resolve("node_modules/@grpc/grpc-js")),
        "npm modules for the foreign client are not installed (npm ci in " + CLIENT + ")");
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      JsonNode seen = run("video-consent-client.mjs",
          "127.0.0.1:" + fixture.broker().server().grpcPort(), PROTOS.toAbsolutePath().toString(), fixture.token("ana"),
          fixture.dataDir().resolve("portal-links.txt").toString());
      assertTrue(seen.get("trafficPlaylistOk").asBoolean(), seen.toString());
      assertTrue(seen.get("segmentBytes").asInt() > 10_000, seen.toString());
      assertEquals(seen.get("segmentBytes").asInt() / 188, seen.get("syncBytes").asInt(), "every 188-byte packet starts with 0x47: " + seen);
      assertEquals("PERMISSION_DENIED", seen.get("level1").get("code").asText(), seen.toString());
      assertTrue(seen.get("level1").get("message").asText().startsWith("consent:"), seen.toString());
      assertEquals(200, seen.get("liveBeforeRevoke").asInt(), seen.toString());
      assertEquals("TERMINATION_REASON_CONSENT_REVOKED", seen.get("terminationReason").asText(), seen.toString());
      assertTrue(seen.get("millisToTermination").asInt() <= 2000, seen.toString());
      assertEquals(401, seen.get("liveAfterRevoke").asInt(), seen.toString());
    }
  }

  private static JsonNode run(String script, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("node", script));
    command.addAll(java.util.List.of(args));
    Process node = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(node.getInputStream().readAllBytes());
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node client did not finish");
    assertEquals(0, node.exitValue(), output);
    return new ObjectMapper().readTree(output);
  }
}
