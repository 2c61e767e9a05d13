package org.watchfloor.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.BackgroundWork;
import org.watchfloor.server.store.AnchorStore;
import org.watchfloor.server.store.AnchorStore.StoredAnchor;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.Database;

/**
 * Audit anchors: the chain's head (sequence and hash) signed with the broker's Ed25519 key and
 * published for good. Whoever keeps a copy can later check that the chain still passes through it,
 * which catches history rewritten in the database even when every later hash was recomputed.
 * One is published at the first check of each UTC day (so a starting broker publishes today's) and
 * on demand.
 */
public final class AuditAnchors implements AutoCloseable {

  /** The algorithm, as the JDK and the published JSON name it. */
  public static final String ALGORITHM = BrokerKey.ALGORITHM;
  /** What each signature covers, documented with the published anchors. */
  public static final String SIGNED_TEXT_FORMAT = "watchfloor-audit-anchor-v1\\n<sequence>\\n<head hash>\\n<anchored at, yyyy-MM-ddTHH:mm:ss.SSSZ>";
  private static final DateTimeFormatter MILLIS_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Logger LOG = Logger.getLogger(AuditAnchors.class.getName());

  /** Why an anchor was published. */
  public enum Occasion { DAILY, ON_DEMAND }

  private final Database database;
  private final Clock clock;
  private final BrokerKey key;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-anchors");
        thread.setDaemon(true);
        return thread;
      });

  /** Anchors signed with {@code key}, the broker's. */
  public AuditAnchors(Database database, BrokerKey key, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.key = key;
  }

  /** The public key anchors verify with: base64 of its X.509 (SubjectPublicKeyInfo) encoding. */
  public String publicKey() {
    return key.publicKey();
  }

  /** Signs and stores the chain's head as it is now. */
  public StoredAnchor publish(Occasion occasion) {
    return database.inTransaction("publish audit anchor", transaction -> {
      long head = AuditStore.headSequence(transaction);
      String hash = head == 0 ? AuditLog.GENESIS_HASH : AuditStore.hashOf(transaction, head).orElseThrow(() -> new IllegalStateException("audit row " + head + " is missing"));
      Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      StoredAnchor anchor = new StoredAnchor(head, hash, at, occasion.name(), key.sign(signedText(head, hash, at)));
      AnchorStore.insert(transaction, anchor);
      return anchor;
    });
  }

  public List<StoredAnchor> newestFirst() {
    return database.inTransaction("audit anchors", AnchorStore::newestFirst);
  }

  /** Publishes the day's anchor unless one was published since the start of today (UTC). */
  void publishDailyIfDue() {
    Instant startOfToday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<StoredAnchor> anchors = newestFirst();
    if (anchors.isEmpty() || anchors.get(0).anchoredAt().isBefore(startOfToday)) {
      StoredAnchor anchor = publish(Occasion.DAILY);
      LOG.info(() -> "published the audit anchor of " + anchor.anchoredAt() + ": row " + anchor.sequence() + " " + anchor.headHash());
    }
  }

  /** Checks every {@code period} (first at once) whether today's anchor is due, while {@code leads}, until closed. */
  public void publishDailyEvery(Duration period, java.util.function.BooleanSupplier leads) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        if (leads.getAsBoolean()) {
          publishDailyIfDue();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the daily audit anchor could not be published; tried again at the next check", e);
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The exact text an anchor's signature covers. */
  public static String signedText(long sequence, String headHash, Instant anchoredAt) {
    return "watchfloor-audit-anchor-v1\n" + sequence + "\n" + headHash + "\n" + MILLIS_UTC.format(anchoredAt);
  }

  /** Whether {@code signature} (base64) is {@code publicKey}'s (base64 X.509) over {@code text}. */
  public static boolean verify(String publicKey, String text, String signature) {
    return BrokerKey.verify(publicKey, text, signature);
  }

  @Override
  public void close() {
    BackgroundWork.stop(timer);
  }
}
