package org.watchfloor.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.store.AnchorStore;
import org.watchfloor.server.store.AnchorStore.StoredAnchor;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.SessionStore;

/**
 * Audit anchors: the chain's head (sequence and hash) signed with the broker's Ed25519 key and
 * published for good. Whoever keeps a copy can later check that the chain still passes through it,
 * which catches history rewritten in the database even when every later hash was recomputed.
 * One is published at the first check of each UTC day (so a starting broker publishes today's) and
 * on demand.
 */
public final class AuditAnchors implements AutoCloseable {

  /** The algorithm, as the JDK and the published JSON name it. */
  public static final String ALGORITHM = "Ed25519";
  /** What each signature covers, documented with the published anchors. */
  public static final String SIGNED_TEXT_FORMAT = "watchfloor-audit-anchor-v1\\n<sequence>\\n<head hash>\\n<anchored at, yyyy-MM-ddTHH:mm:ss.SSSZ>";
  private static final String PRIVATE_KEY = "audit-anchor-ed25519-private";
  private static final String PUBLIC_KEY = "audit-anchor-ed25519-public";
  private static final DateTimeFormatter MILLIS_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Logger LOG = Logger.getLogger(AuditAnchors.class.getName());

  /** Why an anchor was published. */
  public enum Occasion { DAILY, ON_DEMAND }

  private final Database database;
  private final Clock clock;
  private final PrivateKey privateKey;
  private final String publicKey;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-anchors");
        thread.setDaemon(true);
        return thread;
      });

  /** Loads the broker's signing key from the database, making it the first time (shared by every broker). */
  public AuditAnchors(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    String[] keys = database.inTransaction("audit anchor key", transaction -> {
      var stored = SessionStore.findSecret(transaction, PRIVATE_KEY);
      if (stored.isPresent()) {
        return new String[] {stored.get(), SessionStore.findSecret(transaction, PUBLIC_KEY).orElseThrow()};
      }
      KeyPair pair = generate();
      String[] made = {encode(pair.getPrivate().getEncoded()), encode(pair.getPublic().getEncoded())};
      SessionStore.insertSecret(transaction, PRIVATE_KEY, made[0]);
      SessionStore.insertSecret(transaction, PUBLIC_KEY, made[1]);
      return made;
    });
    try {
      privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keys[0])));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored audit-anchor key is unreadable", e);
    }
    publicKey = keys[1];
  }

  /** The public key anchors verify with: base64 of its X.509 (SubjectPublicKeyInfo) encoding. */
  public String publicKey() {
    return publicKey;
  }

  /** Signs and stores the chain's head as it is now. */
  public StoredAnchor publish(Occasion occasion) {
    return database.inTransaction("publish audit anchor", transaction -> {
      long head = AuditStore.headSequence(transaction);
      String hash = head == 0 ? AuditLog.GENESIS_HASH : AuditStore.hashOf(transaction, head).orElseThrow(() -> new IllegalStateException("audit row " + head + " is missing"));
      Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      StoredAnchor anchor = new StoredAnchor(head, hash, at, occasion.name(), sign(signedText(head, hash, at)));
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
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
      Signature check = Signature.getInstance(ALGORITHM);
      check.initVerify(key);
      check.update(text.getBytes(StandardCharsets.UTF_8));
      return check.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private String sign(String text) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(privateKey);
      signer.update(text.getBytes(StandardCharsets.UTF_8));
      return encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the audit anchor", e);
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no Ed25519", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
