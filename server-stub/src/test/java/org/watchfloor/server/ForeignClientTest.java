package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    try (BrokerFixture fixture = new BrokerFixture(Optional.empty())) {
      Process node =
          new ProcessBuilder(
                  "node", "foreign-client.mjs",
                  "127.0.0.1:" + fixture.broker().server().grpcPort(),
                  PROTOS.toAbsolutePath().toString(),
                  fixture.token("ana"), fixture.token("sam"), fixture.token("ada"))
              .directory(CLIENT.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output = new String(node.getInputStream().readAllBytes());
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node client did not finish");
      assertEquals(0, node.exitValue(), output);
      JsonNode seen = new ObjectMapper().readTree(output);
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
}
