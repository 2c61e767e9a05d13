package org.watchfloor.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.watchfloor.server.rpc.AuditRowReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code watchfloor verify-audit}: checks earlier audit anchors (a saved copy of a broker's
 * {@code /transparency/anchors.json}, or its address) against the broker's audit chain today: through
 * the public pages, which recompute the chain on the broker, or with a supervisor's token, reading
 * every row through QueryAudit and recomputing the chain here. Each anchor's signature must verify
 * with its key, and the chain must still verify up to the anchored row and give that row the
 * anchored hash; an edited row, or a chain recomputed after an edit, fails.
 */
@Command(
    name = "watchfloor verify-audit",
    mixinStandardHelpOptions = true,
    description = {
      "Checks earlier audit anchors against a broker's audit chain today, through its public pages or,",
      "with a supervisor's token, by reading the rows through the broker's gRPC API and recomputing the chain here.",
      "Exit status: 0 every anchor holds, 1 an anchor does not (history was rewritten or the file altered), 2 the check could not be made."
    })
public final class VerifyAuditCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Option(names = "--anchors", required = true, paramLabel = "FILE-or-URL",
      description = "Anchors to check: a saved copy of /transparency/anchors.json, or its URL.")
  String anchors;

  @Option(names = "--broker", paramLabel = "URL",
      description = "The broker's HTTP address, e.g. https://watch.example.org (default: where --anchors was fetched from).")
  String broker;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:WATCHFLOOR_TOKEN}",
      description = "A supervisor's (or admin's) token: read the rows through QueryAudit and recompute the chain here"
          + " (default: the WATCHFLOOR_TOKEN environment variable; none: the public pages).")
  String token;

  @Option(names = "--grpc", paramLabel = "HOST:PORT", description = "The broker's gRPC address, with --token (e.g. watch.example.org:50051).")
  String grpc;

  @Option(names = "--tls", description = "Speak TLS to --grpc, trusting the system's certificate authorities.")
  boolean tls;

  @Spec CommandLine.Model.CommandSpec spec;

  /** One anchor's verdict. */
  record Verdict(long sequence, Instant anchoredAt, boolean holds, String reason) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean remote = anchors.startsWith("http://") || anchors.startsWith("https://");
    boolean supervisor = token != null && !token.isEmpty();
    if (supervisor && grpc == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--grpc is needed with --token (the broker's gRPC HOST:PORT)");
    }
    if (!supervisor && broker == null && !remote) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--broker is needed when --anchors is a file");
    }
    JsonNode document = JSON.readTree(remote ? fetch(anchors) : Files.readString(Path.of(anchors)));
    String checked;
    List<Verdict> verdicts;
    if (supervisor) {
      checked = grpc;
      verdicts = check(document, (through, wanted) -> chainThroughQueryAudit(through, wanted));
    } else {
      checked = (broker != null ? broker : anchors.substring(0, anchors.indexOf('/', anchors.indexOf("//") + 2))).replaceAll("/+$", "");
      verdicts = check(document, (through, wanted) -> JSON.treeToValue(
          JSON.readTree(fetch(checked + "/transparency/audit-chain?sequences="
              + wanted.stream().map(Object::toString).collect(Collectors.joining(",")))),
          AuditLog.ChainCheckResult.class));
    }
    verdicts.forEach(verdict -> out.println((verdict.holds() ? "OK    " : "FAILED") + " anchor of " + verdict.anchoredAt()
        + " at row " + verdict.sequence() + (verdict.reason().isEmpty() ? "" : ": " + verdict.reason())));
    long failed = verdicts.stream().filter(verdict -> !verdict.holds()).count();
    out.println(failed == 0
        ? "All " + verdicts.size() + " anchors hold: the audit chain at " + checked + " still contains them."
        : failed + " of " + verdicts.size() + " anchors do not hold: the audit log at " + checked + " is not the one these anchors signed.");
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  /** How the chain is checked up to a row, giving the hashes of the rows wanted. */
  @FunctionalInterface
  interface ChainSource {
    AuditLog.ChainCheckResult through(long through, Set<Long> wanted) throws IOException, InterruptedException;
  }

  /** Reads rows 1 to {@code through} through QueryAudit as the token's holder and recomputes the chain here. */
  private AuditLog.ChainCheckResult chainThroughQueryAudit(long through, Set<Long> wanted) {
    AuditLog.ChainCheck check = new AuditLog.ChainCheck(wanted);
    AuditRowReader.readThrough(grpc, tls, token, through, event -> {
      if (event.getSequence() <= through) {
        check.accept(AuditService.fromProto(event));
      }
    });
    return check.resultThrough(through);
  }

  /** The verdict on every anchor of {@code document} against the chain that {@code chain} checks. */
  static List<Verdict> check(JsonNode document, ChainSource chain) throws IOException, InterruptedException {
    String publicKey = document.path("publicKey").asText();
    List<JsonNode> listed = new ArrayList<>();
    document.path("anchors").forEach(listed::add);
    if (publicKey.isEmpty() || listed.isEmpty()) {
      throw new IOException("the anchors document has no publicKey or no anchors");
    }
    Set<Long> sequences = listed.stream().map(anchor -> anchor.path("sequence").asLong()).collect(Collectors.toCollection(TreeSet::new));
    AuditLog.ChainCheckResult result = chain.through(Collections.max(sequences), sequences);
    List<Verdict> verdicts = new ArrayList<>();
    for (JsonNode anchor : listed) {
      long sequence = anchor.path("sequence").asLong();
      Instant at = Instant.parse(anchor.path("anchoredAt").asText());
      String hash = anchor.path("headHash").asText();
      String now = result.hashes().getOrDefault(sequence, "");
      String reason;
      if (!AuditAnchors.verify(publicKey, AuditAnchors.signedText(sequence, hash, at), anchor.path("signature").asText())) {
        reason = "its signature does not verify with the published key (the anchor was altered)";
      } else if (sequence == 0) {
        reason = "";
      } else if (!result.intact() && result.firstBrokenSequence() <= sequence) {
        reason = "the chain no longer verifies up to this row: " + result.problem();
      } else if (!now.equals(hash)) {
        reason = "row " + sequence + " now carries " + (now.isEmpty() ? "nothing" : now) + ", but the anchor signed " + hash
            + ": the history up to this row was rewritten";
      } else {
        reason = "";
      }
      verdicts.add(new Verdict(sequence, at, reason.isEmpty(), reason));
    }
    return verdicts;
  }

  private static String fetch(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode() + ": " + response.body().strip());
    }
    return response.body();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its exit statuses: 2 for a bad option or a check that could not be made. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new VerifyAuditCommand());
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      exception.getCommandLine().getErr().println("watchfloor verify-audit: " + exception.getMessage());
      return 2;
    });
    commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
      line.getErr().println("watchfloor verify-audit: the check could not be made: " + exception.getMessage());
      return 2;
    });
    return commandLine;
  }
}
