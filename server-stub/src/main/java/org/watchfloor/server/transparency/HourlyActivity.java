package org.watchfloor.server.transparency;

import java.sql.SQLException;
import java.time.Instant;
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
 * The audit activity the transparency page counts, tallied per UTC hour from the audit rows
 * themselves (see decision 19). Rows are taken in once each, by sequence, as the log grows; the log
 * is append-only, so a row once taken in never changes. A window then costs a sum over its whole
 * hours and a read of the rows of its partial first and last hours. Nothing is stored: a starting
 * broker takes in the log from row 1.
 */
final class HourlyActivity {

  /** Rows of one tally in a window, and the distinct non-empty case numbers they served. */
  record Count(long rows, long distinctCases) {}

  private static final long HOUR_SECONDS = 3600;
  private static final String TERMINATED = "SESSION_TERMINATED";
  /** How a SESSION_TERMINATED row's detail names an owner's revocation or pause. */
  static final String REVOKED = "reason=" + TerminationReason.TERMINATION_REASON_CONSENT_REVOKED.name();
  static final String PAUSED = "reason=" + TerminationReason.TERMINATION_REASON_CONSENT_PAUSED.name();
  /** The actions read from the log. */
  private static final List<String> ACTIONS = List.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED", "LPR_SEARCH", "EXPORT", "RETENTION_PURGED", TERMINATED);
  /** What is counted: each action but terminations, and terminations for each owner's reason. */
  private static final List<String> TALLIES = List.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED", "LPR_SEARCH", "EXPORT", "RETENTION_PURGED", REVOKED, PAUSED);
  /** The tallies whose distinct cases the page states. */
  private static final Set<String> WITH_CASES = Set.of("LIVE_VIEW_OPENED", "PLAYBACK_OPENED");

  private long takenThrough;
  private Optional<String> takenThroughHash = Optional.empty();
  /** Per epoch hour, the rows of each tally (indexed as {@link #TALLIES}). */
  private final TreeMap<Integer, long[]> rowsPerHour = new TreeMap<>();
  /** Per tally with cases, the hours each case number appears in. */
  private final Map<String, Map<String, CaseHours>> caseHours = new HashMap<>();
  /**
   * The totals of the whole-hour ranges the last request asked for, so that a request does not walk
   * every case again: a range changes once an hour, and new rows fall in the current, partial hour.
   */
  private Map<HourRange, long[][]> wholeHourTotals = new HashMap<>();

  /** Whole hours [first, end). */
  private record HourRange(int first, int end) {
    boolean contains(int hour) {
      return hour >= first && hour < end;
    }
  }

  /**
   * Each tally's count in each window, after taking in the rows appended since the last call. A
   * partial hour two windows share (the current one, when both end now) is read once.
   */
  synchronized List<Map<String, Count>> count(Transaction transaction, List<PublicFigures.Window> windows) throws SQLException {
    takeInNewRows(transaction);
    Map<PublicFigures.Window, PartialHours> partialRanges = new HashMap<>();
    Map<HourRange, long[][]> totalsUsed = new HashMap<>();
    List<Map<String, Count>> counts = new ArrayList<>();
    for (PublicFigures.Window window : windows) {
      counts.add(count(transaction, window.from(), window.to(), partialRanges, totalsUsed));
    }
    wholeHourTotals = totalsUsed;
    return counts;
  }

  private Map<String, Count> count(
      Transaction transaction, Instant from, Instant to, Map<PublicFigures.Window, PartialHours> partialRanges, Map<HourRange, long[][]> totalsUsed)
      throws SQLException {
    int firstWhole = hourOf(from);
    if (startOf(firstWhole).isBefore(from)) {
      firstWhole++;
    }
    int endWhole = hourOf(to);
    List<PartialHours> partials = new ArrayList<>();
    if (firstWhole >= endWhole) {
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
    HourRange whole = new HourRange(firstWhole, endWhole);
    long[][] totals = wholeHourTotals.containsKey(whole) ? wholeHourTotals.get(whole) : totalsOf(whole);
    totalsUsed.put(whole, totals);
    Map<String, Count> counts = new LinkedHashMap<>();
    for (int tally = 0; tally < TALLIES.size(); tally++) {
      long rows = totals[0][tally];
      long distinct = totals[1][tally];
      Set<String> partialCases = new HashSet<>();
      for (PartialHours partial : partials) {
        rows += partial.rows[tally];
        partialCases.addAll(partial.cases.getOrDefault(TALLIES.get(tally), Set.of()));
      }
      Map<String, CaseHours> cases = caseHours.getOrDefault(TALLIES.get(tally), Map.of());
      for (String caseNumber : partialCases) {
        CaseHours hours = cases.get(caseNumber);
        if (hours == null || !hours.anyIn(whole)) {
          distinct++;
        }
      }
      counts.put(TALLIES.get(tally), new Count(rows, distinct));
    }
    return counts;
  }

  /** Rows ([0]) and distinct cases ([1]) of each tally in {@code whole}, from the tallies. */
  private long[][] totalsOf(HourRange whole) {
    long[][] totals = new long[2][TALLIES.size()];
    for (long[] hour : rowsPerHour.subMap(whole.first(), whole.end()).values()) {
      for (int tally = 0; tally < TALLIES.size(); tally++) {
        totals[0][tally] += hour[tally];
      }
    }
    for (int tally = 0; tally < TALLIES.size(); tally++) {
      for (CaseHours hours : caseHours.getOrDefault(TALLIES.get(tally), Map.of()).values()) {
        if (hours.anyIn(whole)) {
          totals[1][tally]++;
        }
      }
    }
    return totals;
  }

  /** The rows of [from, to), read once per request. */
  private static PartialHours partial(Transaction transaction, Instant from, Instant to, Map<PublicFigures.Window, PartialHours> read)
      throws SQLException {
    PublicFigures.Window range = new PublicFigures.Window(from, to);
    PartialHours partial = read.get(range);
    if (partial == null) {
      partial = new PartialHours();
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
      rowsPerHour.clear();
      caseHours.clear();
      wholeHourTotals.clear();
    }
    long head = AuditStore.headSequence(transaction);
    if (head > takenThrough) {
      PublicFigureStore.countedRowsInSequence(transaction, ACTIONS, TERMINATED, takenThrough, head, this::takeIn);
      takenThrough = head;
      takenThroughHash = AuditStore.hashOf(transaction, head);
    }
  }

  private void takeIn(CountedRow row) {
    int hour = hourOf(row.at());
    long[] rows = rowsPerHour.computeIfAbsent(hour, key -> new long[TALLIES.size()]);
    forEachTally(row, tally -> {
      rows[tally]++;
      if (WITH_CASES.contains(row.action()) && !row.caseNumber().isEmpty()) {
        caseHours.computeIfAbsent(row.action(), key -> new HashMap<>()).computeIfAbsent(row.caseNumber(), key -> new CaseHours()).add(hour);
      }
    });
    // A row dated in an hour already totalled (a broker whose clock lags, across an hour's end).
    if (wholeHourTotals.keySet().stream().anyMatch(range -> range.contains(hour))) {
      wholeHourTotals.clear();
    }
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

  /** Hours since 1970-01-01T00:00Z (an int lasts until the year 247,000). */
  private static int hourOf(Instant at) {
    return (int) Math.floorDiv(at.getEpochSecond(), HOUR_SECONDS);
  }

  private static Instant startOf(int hour) {
    return Instant.ofEpochSecond(hour * HOUR_SECONDS);
  }

  /** The rows of a window's partial hours, read when asked for. */
  private static final class PartialHours {
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

  /** The epoch hours one case number appears in, sorted and without repeats. */
  private static final class CaseHours {
    private int[] hours = new int[2];
    private int size;

    void add(int hour) {
      if (size > 0 && hours[size - 1] == hour) {
        return;
      }
      int found = Arrays.binarySearch(hours, 0, size, hour);
      if (found >= 0) {
        return;
      }
      int insertAt = -found - 1;
      if (size == hours.length) {
        hours = Arrays.copyOf(hours, size * 2);
      }
      System.arraycopy(hours, insertAt, hours, insertAt + 1, size - insertAt);
      hours[insertAt] = hour;
      size++;
    }

    /** Whether the case appears in an hour of {@code range}. */
    boolean anyIn(HourRange range) {
      int found = Arrays.binarySearch(hours, 0, size, range.first());
      int first = found >= 0 ? found : -found - 1;
      return first < size && hours[first] < range.end();
    }
  }
}
