package org.watchfloor.server.retention;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.server.BackgroundWork;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.consent.EvidenceLocker;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.store.CameraStore;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.RetentionStore;
import org.watchfloor.server.store.Transaction;

/**
 * The daily purge: at 03:00 UTC (or at the first check after it, e.g. when the broker starts) it
 * removes each data class's items past their retention period, except what an evidence hold covers,
 * and appends one RETENTION_PURGED audit row with the counts. The schedule row's lock makes one broker
 * do each day's purge even when several share the database.
 */
public final class RetentionPurge implements AutoCloseable {

  /** When each day's purge is due, UTC. */
  public static final LocalTime PURGE_TIME = LocalTime.of(3, 0);
  private static final Logger LOG = Logger.getLogger(RetentionPurge.class.getName());
  private static final String RECORDINGS_NOTE =
      "the broker stores no recordings itself: the center's media server records and deletes them after this period"
          + " (for MediaMTX, recordDeleteAfter), and the broker tickets no playback of an older window unless a hold covers it";

  /** One data class's outcome: what was (or would be) removed, and what a hold kept. */
  public record ClassOutcome(DataClass dataClass, int days, Instant cutoff, long removed, long held, String note) {}

  /** A purge that ran: the day's slot it served, when it ran, per class. */
  public record Run(Instant slot, Instant ranAt, List<ClassOutcome> classes) {

    public long removed(DataClass dataClass) {
      return classes.stream().filter(outcome -> outcome.dataClass() == dataClass).mapToLong(ClassOutcome::removed).sum();
    }
  }

  private record Executed(Run run, FootageDesk.ClipRemoval clips) {}

  private final Database database;
  private final AuditLog audit;
  private final FootageDesk footage;
  private final EvidenceLocker evidence;
  private final RetentionRules rules;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention-purge");
        thread.setDaemon(true);
        return thread;
      });

  public RetentionPurge(Database database, AuditLog audit, FootageDesk footage, EvidenceLocker evidence, RetentionRules rules, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.footage = footage;
    this.evidence = evidence;
    this.rules = rules;
    this.clock = clock;
  }

  public RetentionRules rules() {
    return rules;
  }

  /** The latest purge time at or before {@code now}. */
  static Instant slotAtOrBefore(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant today = day.atTime(PURGE_TIME).toInstant(ZoneOffset.UTC);
    return now.isBefore(today) ? today.minus(Duration.ofDays(1)) : today;
  }

  /** When the next purge runs: now when today's (or an earlier) one has not run yet, else tomorrow's slot. */
  public Instant nextRunAt() {
    Instant now = clock.instant();
    Instant due = slotAtOrBefore(now);
    Optional<Instant> last = database.inTransaction("retention schedule", RetentionStore::lastSlot);
    return last.isPresent() && !last.get().isBefore(due) ? due.plus(Duration.ofDays(1)) : now;
  }

  /** What a purge at {@code at} would remove and keep, per class, with the holds and data as they are now. */
  public List<ClassOutcome> preview(Instant at) {
    return database.inTransaction("retention preview", transaction -> outcomes(transaction, at, true).run().classes());
  }

  /** Runs today's purge unless it already ran (here or on another broker); empty when it had. */
  public Optional<Run> runIfDue() {
    Instant now = clock.instant();
    Instant slot = slotAtOrBefore(now);
    Optional<Executed> executed = database.inTransaction("retention purge", transaction -> {
      Optional<Instant> last = RetentionStore.lockSchedule(transaction);
      if (last.isPresent() && !last.get().isBefore(slot)) {
        return Optional.empty();
      }
      Executed done = outcomes(transaction, now, false);
      RetentionStore.recordRun(transaction, slot, now);
      audit.append(transaction, AuditEntry.of(Actor.SYSTEM, "RETENTION_PURGED",
          "retention:" + LocalDate.ofInstant(slot, ZoneOffset.UTC), describe(done.run().classes())));
      return Optional.of(new Executed(new Run(slot, now, done.run().classes()), done.clips()));
    });
    executed.ifPresent(done -> {
      footage.published(done.clips());
      deleteFilesOf(done.clips().removed());
    });
    return executed.map(Executed::run);
  }

  private Executed outcomes(Transaction transaction, Instant at, boolean dryRun) throws SQLException {
    List<EvidenceHold> active = RetentionStore.holds(transaction, false);
    List<ClassOutcome> classes = new ArrayList<>();
    Instant readCutoff = rules.cutoff(DataClass.LPR_READS, at);
    long readsHeld = RetentionStore.countExpiredPlateReads(transaction, readCutoff, true);
    long readsRemoved = dryRun
        ? RetentionStore.countExpiredPlateReads(transaction, readCutoff, false)
        : RetentionStore.deleteExpiredPlateReads(transaction, readCutoff);
    classes.add(outcome(DataClass.LPR_READS, at, readsRemoved, readsHeld, ""));
    classes.add(outcome(DataClass.CENTER_RECORDINGS, at, 0, 0, RECORDINGS_NOTE));
    FootageDesk.ClipRemoval clips = footage.removeClipsUploadedBefore(transaction, rules.cutoff(DataClass.OWNER_SHARED_CLIPS, at),
        (request, clip) -> EvidenceHolds.coversClip(active, request, clip), dryRun);
    classes.add(outcome(DataClass.OWNER_SHARED_CLIPS, at, clips.removed().size(), clips.held(), ""));
    Instant sessionCutoff = rules.cutoff(DataClass.VIEWING_SESSIONS, at);
    long sessionsHeld = RetentionStore.countEndedSessions(transaction, sessionCutoff, true);
    long sessionsRemoved = dryRun
        ? RetentionStore.countEndedSessions(transaction, sessionCutoff, false)
        : RetentionStore.deleteEndedSessions(transaction, sessionCutoff);
    classes.add(outcome(DataClass.VIEWING_SESSIONS, at, sessionsRemoved, sessionsHeld, ""));
    Instant addressCutoff = rules.cutoff(DataClass.DELETED_CAMERA_ADDRESSES, at);
    long addressesRemoved = dryRun
        ? CameraStore.countDeletedUpstreams(transaction, addressCutoff)
        : CameraStore.forgetDeletedUpstreams(transaction, addressCutoff);
    classes.add(outcome(DataClass.DELETED_CAMERA_ADDRESSES, at, addressesRemoved, 0, ""));
    return new Executed(new Run(at, at, classes), clips);
  }

  private ClassOutcome outcome(DataClass dataClass, Instant at, long removed, long held, String note) {
    return new ClassOutcome(dataClass, rules.daysFor(dataClass), rules.cutoff(dataClass, at), removed, held, note);
  }

  /** Clip files no remaining clip refers to (two clips may be the same file). */
  private void deleteFilesOf(List<SharedClip> removed) {
    if (removed.isEmpty()) {
      return;
    }
    Set<String> kept = footage.clipHashesKept();
    for (String sha256 : removed.stream().map(SharedClip::getSha256).collect(Collectors.toSet())) {
      if (!kept.contains(sha256)) {
        try {
          evidence.delete(sha256);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "retention could not delete the clip file " + sha256 + "; it is no longer listed", e);
        }
      }
    }
  }

  /** The audit row's detail: counts removed and held and the cutoff, per class. */
  private static String describe(List<ClassOutcome> classes) {
    return classes.stream()
        .map(outcome -> outcome.dataClass().key() + ": removed " + outcome.removed() + ", held " + outcome.held()
            + ", kept " + outcome.days() + " days (cutoff " + outcome.cutoff() + ")")
        .collect(Collectors.joining("; "));
  }

  /** Checks every {@code period} (first at once) whether a purge is due, while {@code leads}, until closed. */
  public void checkEvery(Duration period, java.util.function.BooleanSupplier leads) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        if (!leads.getAsBoolean()) {
          return;
        }
        runIfDue().ifPresent(run -> LOG.info(() -> "retention purge ran: " + describe(run.classes())));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "retention purge failed; it is tried again at the next check", e);
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    BackgroundWork.stop(timer);
  }
}
