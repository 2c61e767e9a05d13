package org.watchfloor.server.transparency;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.PublicFigureStore;
import org.watchfloor.server.store.PublicFigureStore.CountedRow;
import org.watchfloor.server.store.Transaction;

/**
 * The audit activity the transparency page counts, tallied per UTC day from the audit rows
 * themselves (see decision 0019). Rows are taken in once each, by sequence, as the log grows; the
 * log is append-only, so a row once taken in never changes. A window then costs a sum over its whole
 * days and a read of the rows of its partial first and last days. Nothing is stored: a starting
 * broker takes in the log from row 1 at its first request.
 */
final class DailyActivity {

  /** Rows of one tally in a window, and the distinct non-empty case numbers they served. */
  record Count(long rows, long distinctCases) {}

  private static final String TERMINATED = "SESSION_TERMINATED";
  /** How a SESSION_TERMINATED row's detail names an owner's revocation or pause. */
  static final String REVOKED = "reason=" + TerminationReason.TERMINATION_REASON_CONSENT_REVOKED.name();
  static final String PAUSED = "reason=" + TerminationReason.TERMINATION_REASON_CONSENT_PAUSED.name();
  /** The actions read from the log. */
  private static final List<String> ACTIONS = List.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED", "LPR_SEARCH", "EXPORT", "RETENTION_PURGED", TERMINATED);
  /** What is counted: each action but terminations, and terminations for each owner's reason. */
  static final List<String> TALLIES = List.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED", "LPR_SEARCH", "EXPORT", "RETENTION_PURGED", REVOKED, PAUSED);
  /** The tallies whose distinct cases the page states. */
  private static final Set<String> WITH_CASES = Set.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED");

  private long takenThrough;
  private Optional<String> takenThroughHash = Optional.empty();
  /** Per epoch day, the rows of each tally (indexed as {@link #TALLIES}). */
  private final TreeMap<Long, long[]> rowsPerDay = new TreeMap<>();
  /** Per tally with cases, the days each case number appears on. */
  private final Map<String, Map<String, CaseDays>> caseDays = new HashMap<>();

  /**
   * Each tally's count in each window, after taking in the rows appended since the last call. A
   * partial day two windows share (today, when both end now) is read once.
   */
  synchronized List<Map<String, Count>> count(Transaction transaction, List<PublicFigures.Window> windows) throws SQLException {
    takeInNewRows(transaction);
    Map<PublicFigures.Window, PartialDays> partialRanges = new HashMap<>();
    List<Map<String, Count>> counts = new ArrayList<>();
    for (PublicFigures.Window window : windows) {
      counts.add(count(transaction, window.from(), window.to(), partialRanges));
    }
    return counts;
  }

  private Map<String, Count> count(Transaction transaction, Instant from, Instant to, Map<PublicFigures.Window, PartialDays> partialRanges)
      throws SQLException {
    LocalDate firstWhole = LocalDate.ofInstant(from, ZoneOffset.UTC);
    if (startOf(firstWhole).isBefore(from)) {
      firstWhole = firstWhole.plusDays(1);
    }
    LocalDate endWhole = LocalDate.ofInstant(to, ZoneOffset.UTC);
    List<PartialDays> partials = new ArrayList<>();
    if (!firstWhole.isBefore(endWhole)) {
      partials.add(partial(transaction, from, to, partialRanges));
      firstWhole = endWhole;
    } else {
      if (from.isBefore(startOf(firstWhole))) {
        partials.add(partial(transaction, from, startOf(firstWhole), partialRanges));
      }
      if (startOf(endWhole).isBefore(to)) {
        partials.add(partial(transaction, startOf(endWhole), to, partialRanges));
      }
    }
    int firstDay = (int) firstWhole.toEpochDay();
    int endDay = (int) endWhole.toEpochDay();
    Map<String, Count> counts = new LinkedHashMap<>();
    for (int tally = 0; tally < TALLIES.size(); tally++) {
      long rows = 0;
      Set<String> partialCases = new HashSet<>();
      for (PartialDays partial : partials) {
        rows += partial.rows[tally];
        partialCases.addAll(partial.cases.getOrDefault(TALLIES.get(tally), Set.of()));
      }
      for (long[] day : rowsPerDay.subMap((long) firstDay, (long) endDay).values()) {
        rows += day[tally];
      }
      long distinct = 0;
      Map<String, CaseDays> cases = caseDays.getOrDefault(TALLIES.get(tally), Map.of());
      for (CaseDays days : cases.values()) {
        if (days.anyIn(firstDay, endDay)) {
          distinct++;
        }
      }
      for (String caseNumber : partialCases) {
        CaseDays days = cases.get(caseNumber);
        if (days == null || !days.anyIn(firstDay, endDay)) {
          distinct++;
        }
      }
      counts.put(TALLIES.get(tally), new Count(rows, distinct));
    }
    return counts;
  }

  /** The rows of [from, to), read once per request. */
  private static PartialDays partial(Transaction transaction, Instant from, Instant to, Map<PublicFigures.Window, PartialDays> read)
      throws SQLException {
    PublicFigures.Window range = new PublicFigures.Window(from, to);
    PartialDays partial = read.get(range);
    if (partial == null) {
      partial = new PartialDays();
      PublicFigureStore.countedRowsInTime(transaction, ACTIONS, TERMINATED, from, to, partial::add);
      read.put(range, partial);
    }
    return partial;
  }

  /**
   * Takes in the rows after the last one taken in, up to the head (every sequence up to a committed
   * head is committed: appends hold the head's lock until they commit). When the last row taken in
   * no longer carries the hash it had, history was rewritten (verify-audit reports that): the
   * tallies start again from row 1.
   */
  private void takeInNewRows(Transaction transaction) throws SQLException {
    if (takenThroughHash.isPresent() && !AuditStore.hashOf(transaction, takenThrough).equals(takenThroughHash)) {
      takenThrough = 0;
      rowsPerDay.clear();
      caseDays.clear();
    }
    long head = AuditStore.headSequence(transaction);
    if (head > takenThrough) {
      PublicFigureStore.countedRowsInSequence(transaction, ACTIONS, TERMINATED, takenThrough, head, this::takeIn);
      takenThrough = head;
      takenThroughHash = AuditStore.hashOf(transaction, head);
    }
  }

  private void takeIn(CountedRow row) {
    long day = LocalDate.ofInstant(row.at(), ZoneOffset.UTC).toEpochDay();
    long[] rows = rowsPerDay.computeIfAbsent(day, key -> new long[TALLIES.size()]);
    forEachTally(row, tally -> {
      rows[tally]++;
      if (WITH_CASES.contains(row.action()) && !row.caseNumber().isEmpty()) {
        caseDays.computeIfAbsent(row.action(), key -> new HashMap<>()).computeIfAbsent(row.caseNumber(), key -> new CaseDays()).add((int) day);
      }
    });
  }

  private static void forEachTally(CountedRow row, IntConsumer tally) {
    if (row.action().equals(TERMINATED)) {
      for (String reason : List.of(REVOKED, PAUSED)) {
        if (row.detail().contains(reason)) {
          tally.accept(TALLIES.indexOf(reason));
        }
      }
    } else {
      tally.accept(TALLIES.indexOf(row.action()));
    }
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The rows of a window's partial days, read when asked for. */
  private static final class PartialDays {
    final long[] rows = new long[TALLIES.size()];
    final Map<String, Set<String>> cases = new HashMap<>();

    void add(CountedRow row) {
      forEachTally(row, tally -> {
        rows[tally]++;
        if (WITH_CASES.contains(row.action()) && !row.caseNumber().isEmpty()) {
          cases.computeIfAbsent(row.action(), key -> new HashSet<>()).add(row.caseNumber());
        }
      });
    }
  }

  /** The epoch days one case number appears on, sorted and without repeats. */
  private static final class CaseDays {
    private int[] days = new int[2];
    private int size;

    void add(int day) {
      if (size > 0 && days[size - 1] == day) {
        return;
      }
      int found = Arrays.binarySearch(days, 0, size, day);
      if (found >= 0) {
        return;
      }
      int insertAt = -found - 1;
      if (size == days.length) {
        days = Arrays.copyOf(days, size * 2);
      }
      System.arraycopy(days, insertAt, days, insertAt + 1, size - insertAt);
      days[insertAt] = day;
      size++;
    }

    /** Whether the case appears on a day in [from, to). */
    boolean anyIn(int from, int to) {
      int found = Arrays.binarySearch(days, 0, size, from);
      int first = found >= 0 ? found : -found - 1;
      return first < size && days[first] < to;
    }
  }
}
