package org.watchfloor.bench;

import static org.watchfloor.bench.Latencies.millis;
import static org.watchfloor.bench.Latencies.percentile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.Database;

/**
 * Transparency benchmark: writes an audit log of N rows (a valid hash chain, spread over the last 400
 * days with the mix of actions a busy center writes) into a fresh store, starts the broker with the
 * demo world on it, and times GET /transparency.json over loopback HTTP.
 */
public final class TransparencyBenchmark {

  private static final String POSTGRES_URL_VARIABLE = "WATCHFLOOR_BENCH_POSTGRES_URL";
  private static final int BATCH = 10_000;
  /** Actions and their share of the log, as weights. */
  private static final List<String> ACTIONS = List.of(
      "LIVE_VIEW_OPENED", "LIVE_VIEW_OPENED", "LIVE_VIEW_OPENED", "LIVE_VIEW_OPENED", "LIVE_VIEW_OPENED", "LIVE_VIEW_OPENED",
      "SESSION_TERMINATED", "SESSION_TERMINATED", "SESSION_TERMINATED", "SESSION_TERMINATED", "SESSION_TERMINATED",
      "LPR_SEARCH", "LPR_SEARCH", "LPR_SEARCH", "PLAYBACK_OPENED", "PLAYBACK_OPENED",
      "CAMERA_UPDATED", "FOOTAGE_REQUESTED", "EXPORT", "LIVE_VIEW_REFUSED");
  private static final List<String> TERMINATIONS = List.of(
      "TERMINATION_REASON_CLOSED_BY_USER", "TERMINATION_REASON_CLOSED_BY_USER", "TERMINATION_REASON_TICKET_EXPIRED",
      "TERMINATION_REASON_CONSENT_REVOKED", "TERMINATION_REASON_CONSENT_PAUSED");

  private TransparencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    List<String> stores = List.of("h2", "postgresql");
    int requests = 500;
    Optional<Path> keptH2 = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--stores" -> stores = List.of(args[++i].split(","));
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--keep-h2" -> keptH2 = Optional.of(Path.of(args[++i]).toAbsolutePath());
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench transparency [--rows 1000000] [--stores h2,postgresql] [--requests 500] [--keep-h2 DIR]\n"
              + "--keep-h2 keeps the H2 store in DIR and reuses it when it already holds the rows (loading 1,000,000 rows into H2 takes minutes)\n"
              + "PostgreSQL: " + POSTGRES_URL_VARIABLE + " (default: 127.0.0.1:5432/test when it answers)");
          return;
        }
        default -> {
          System.err.println("watchfloor bench transparency: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    System.out.printf("%-11s %10s %8s %10s %10s %10s %10s %10s%n", "store", "audit rows", "load s", "first ms", "p50 ms", "p95 ms", "p99 ms", "max ms");
    for (String store : stores) {
      if (store.equals("postgresql") && System.getenv(POSTGRES_URL_VARIABLE) == null) {
        System.out.printf("%-11s skipped: set %s%n", store, POSTGRES_URL_VARIABLE);
        continue;
      }
      run(store, rows, requests, store.equals("h2") ? keptH2 : Optional.empty());
    }
  }

  private static void run(String store, int rows, int requests, Optional<Path> kept) throws Exception {
    Path dataDir = kept.isPresent() ? Files.createDirectories(kept.get()) : Files.createTempDirectory("watchfloor-bench-");
    Optional<String> schema = Optional.empty();
    String jdbcUrl;
    if (store.equals("postgresql")) {
      String base = System.getenv(POSTGRES_URL_VARIABLE);
      schema = Optional.of("wf_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
      execute(base, "CREATE SCHEMA " + schema.get());
      jdbcUrl = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema.get();
    } else if (store.equals("h2")) {
      jdbcUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("watchfloor") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    } else {
      throw new IllegalArgumentException("--stores takes h2 and postgresql, not '" + store + "'");
    }
    try {
      long loadStart = System.nanoTime();
      try (Database database = Database.open(jdbcUrl)) {
        long head = database.inTransaction("audit head", AuditStore::headSequence);
        if (head == 0) {
          load(database, rows);
        } else if (head < rows) {
          throw new IllegalStateException(dataDir + " holds a smaller audit log than --rows " + rows + "; give an empty folder");
        }
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      try (Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1",
          store.equals("h2") ? Optional.empty() : Optional.of(jdbcUrl), true))) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.server().httpPort() + "/transparency.json")).build();
        long firstStart = System.nanoTime();
        get(http, request);
        long first = System.nanoTime() - firstStart;
        for (int warm = 1; warm < 50; warm++) {
          get(http, request);
        }
        long[] latencies = new long[requests];
        for (int r = 0; r < requests; r++) {
          long start = System.nanoTime();
          get(http, request);
          latencies[r] = System.nanoTime() - start;
        }
        System.out.printf("%-11s %10d %8.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", store, rows, loadSeconds, millis(first),
            millis(percentile(latencies, 50)), millis(percentile(latencies, 95)), millis(percentile(latencies, 99)),
            millis(Arrays.stream(latencies).max().orElse(0)));
      }
    } finally {
      if (schema.isPresent()) {
        execute(System.getenv(POSTGRES_URL_VARIABLE), "DROP SCHEMA " + schema.get() + " CASCADE");
      }
      if (kept.isEmpty()) {
        try (var paths = Files.walk(dataDir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }

  /**
   * Appends {@code rows} audit rows, oldest first, through the audit log's own chaining and batched
   * insert, one transaction per batch.
   */
  private static void load(Database database, int rows) {
    Random random = new Random(42);
    Instant first = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.MILLIS);
    long spanMillis = Duration.ofDays(400).minus(Duration.ofHours(1)).toMillis();
    for (int batchStart = 1; batchStart <= rows; batchStart += BATCH) {
      List<AuditLog.DatedEntry> batch = new ArrayList<>(BATCH);
      for (int i = batchStart; i < batchStart + BATCH && i <= rows; i++) {
        String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        boolean system = action.equals("SESSION_TERMINATED");
        String caseNumber = action.equals("CAMERA_UPDATED") ? "" : "LEX-26-" + (100_000 + random.nextInt(20_000));
        String detail = system ? "camera=cam-" + random.nextInt(5000) + " reason=" + TERMINATIONS.get(random.nextInt(TERMINATIONS.size())) + " ended"
            : "session=ses-" + i + " profile=sub protocol=HLS";
        Actor actor = system ? Actor.SYSTEM : new Actor("usr-" + random.nextInt(300), "user");
        batch.add(new AuditLog.DatedEntry(first.plusMillis(spanMillis * i / rows),
            new AuditEntry(actor, action, "camera:cam-" + random.nextInt(5000), caseNumber, caseNumber.isEmpty() ? "" : "investigation", "", detail)));
      }
      database.inTransaction("load audit rows", transaction -> AuditLog.appendDated(transaction, batch));
    }
  }

  private static void get(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/transparency.json answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
