package org.watchfloor.server.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.Transaction;

/**
 * The hash-chained audit log: every feature appends through {@link #append} inside its own
 * transaction, so the change and its audit row commit together; {@link #verify} recomputes the
 * chain and names the first row that does not fit.
 */
public final class AuditLog {

  public static final String GENESIS_HASH = "0".repeat(64);
  private static final DateTimeFormatter MILLIS_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The outcome of a verification, as the contract's AuditVerification reports it. */
  public record Verification(
      boolean intact,
      long rowsChecked,
      long firstBrokenSequence,
      String problem,
      long headSequence,
      String headHash,
      Instant verifiedAt) {}

  private final Database database;
  private final Clock clock;

  public AuditLog(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** An entry with the time it happened. */
  public record DatedEntry(Instant at, AuditEntry entry) {}

  /** Appends one row inside {@code transaction}; the row is chained to the current head. */
  public AuditRow append(Transaction transaction, AuditEntry entry) throws SQLException {
    return appendDated(transaction, List.of(new DatedEntry(clock.instant(), entry))).get(0);
  }

  /** Appends several rows inside {@code transaction}, in list order, as one batch dated now (a bulk edit's rows). */
  public List<AuditRow> appendAll(Transaction transaction, List<AuditEntry> entries) throws SQLException {
    Instant now = clock.instant();
    return appendDated(transaction, entries.stream().map(entry -> new DatedEntry(now, entry)).toList());
  }

  /**
   * Appends {@code entries} in list order, each dated as given (the broker's own appends are dated
   * by its clock; a history loaded whole, as the transparency benchmark does, brings its own times),
   * chained to the current head and inserted as one batch.
   */
  public static List<AuditRow> appendDated(Transaction transaction, List<DatedEntry> entries) throws SQLException {
    long first = AuditStore.takeSequences(transaction, entries.size()) - entries.size() + 1;
    String previousHash =
        first == 1
            ? GENESIS_HASH
            : AuditStore.hashOf(transaction, first - 1)
                .orElseThrow(() -> new SQLException("audit row " + (first - 1) + " is missing"));
    List<AuditRow> rows = new ArrayList<>(entries.size());
    long sequence = first;
    for (DatedEntry dated : entries) {
      AuditEntry entry = dated.entry();
      AuditRow unsigned =
          new AuditRow(
              sequence++,
              dated.at().truncatedTo(ChronoUnit.MILLIS),
              entry.actor().id(),
              entry.actor().name(),
              entry.action(),
              entry.target(),
              entry.caseNumber(),
              entry.reason(),
              entry.incidentId(),
              entry.detail(),
              previousHash,
              "");
      AuditRow row = withHash(unsigned, hash(unsigned));
      rows.add(row);
      previousHash = row.hash();
    }
    AuditStore.insertAll(transaction, rows);
    return rows;
  }

  /** Appends one row in a transaction of its own (for actions that change nothing else). */
  public AuditRow append(AuditEntry entry) {
    return database.inTransaction("audit " + entry.action(), transaction -> append(transaction, entry));
  }

  /** Recomputes the whole chain in sequence order and reports the first row that breaks it. */
  public Verification verify() {
    return database.inTransaction(
        "verify audit chain",
        transaction -> {
          long expectedHead = AuditStore.headSequence(transaction);
          ChainCheck check = new ChainCheck(Set.of());
          AuditStore.forEachInOrder(transaction, Long.MAX_VALUE, check::accept);
          if (check.problem == null && check.lastSequence < expectedHead) {
            check.fail(
                check.lastSequence + 1,
                "rows "
                    + (check.lastSequence + 1)
                    + " to "
                    + expectedHead
                    + " are missing from the end of the log");
          }
          return new Verification(
              check.problem == null,
              check.rowsChecked,
              check.firstBroken,
              check.problem == null ? "" : check.problem,
              check.lastSequence,
              check.lastHash,
              clock.instant());
        });
  }

  /**
   * What anyone may learn about the chain without seeing a row: whether rows 1 to {@code through}
   * still chain and match their content, and the stored hash of each row in {@code wanted}.
   */
  public record ChainCheckResult(boolean intact, long rowsChecked, long firstBrokenSequence, String problem, Map<Long, String> hashes) {}

  /** Recomputes the chain from row 1 to {@code through}, collecting the hashes of {@code wanted}. */
  public ChainCheckResult checkThrough(long through, Set<Long> wanted) {
    return database.inTransaction("check audit chain", transaction -> {
      ChainCheck check = new ChainCheck(wanted);
      AuditStore.forEachInOrder(transaction, through, check::accept);
      return check.resultThrough(through);
    });
  }

  /** Rows after the page cursor {@code after} that match {@code filter}. */
  public List<AuditRow> query(AuditFilter filter, long after, boolean newestFirst, int limit) {
    return database.inTransaction(
        "query audit log",
        transaction -> AuditStore.query(transaction, filter, after, newestFirst, limit));
  }

  /**
   * Walks rows in sequence order, remembering the first thing wrong: the broker's own checks, and
   * verify-audit's over rows read through QueryAudit.
   */
  static final class ChainCheck {
    final Set<Long> wanted;
    final Map<Long, String> hashes = new TreeMap<>();
    long rowsChecked;
    long lastSequence;
    String lastHash = GENESIS_HASH;
    long firstBroken;
    String problem;

    ChainCheck(Set<Long> wanted) {
      this.wanted = wanted;
    }

    void accept(AuditRow row) {
      rowsChecked++;
      if (wanted.contains(row.sequence())) {
        hashes.put(row.sequence(), row.hash());
      }
      if (problem == null) {
        if (row.sequence() != lastSequence + 1) {
          fail(lastSequence + 1, "row " + (lastSequence + 1) + " is missing (next row is " + row.sequence() + ")");
        } else if (!row.previousHash().equals(lastHash)) {
          fail(row.sequence(), "row " + row.sequence() + " does not chain to row " + lastSequence + "'s hash");
        } else if (!row.hash().equals(hash(row))) {
          fail(row.sequence(), "row " + row.sequence() + " hash does not match its content");
        }
      }
      lastSequence = row.sequence();
      lastHash = row.hash();
    }

    void fail(long sequence, String what) {
      firstBroken = sequence;
      problem = what;
    }

    /** The verdict once every row up to {@code through} was offered; a log that ends earlier fails. */
    ChainCheckResult resultThrough(long through) {
      if (problem == null && lastSequence < through) {
        fail(lastSequence + 1, "the log ends at row " + lastSequence + ", before row " + through);
      }
      return new ChainCheckResult(problem == null, rowsChecked, firstBroken, problem == null ? "" : problem, hashes);
    }
  }

  /** SHA-256 over the canonical encoding documented on AuditEvent in audit.proto. */
  public static String hash(AuditRow row) {
    String canonical =
        String.join(
            "\n",
            List.of(
                Long.toString(row.sequence()),
                MILLIS_UTC.format(row.at()),
                escape(row.userId()),
                escape(row.action()),
                escape(row.target()),
                escape(row.caseNumber()),
                escape(row.reason()),
                escape(row.detail()),
                row.previousHash()));
    return Sha256.hex(canonical);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static AuditRow withHash(AuditRow row, String hash) {
    return new AuditRow(
        row.sequence(), row.at(), row.userId(), row.username(), row.action(), row.target(),
        row.caseNumber(), row.reason(), row.incidentId(), row.detail(), row.previousHash(), hash);
  }
}
