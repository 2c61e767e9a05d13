package org.watchfloor.server.consent;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.ShareLinkStore;
import org.watchfloor.server.store.Transaction;

/**
 * Share links (consent invariant 4): a 256-bit random token handed out once and stored only as its
 * SHA-256, expiring, and good for one purpose only, so a footage-request link cannot manage grants
 * nor download evidence, and the other way round.
 */
public final class ShareLinks {

  /** What a link lets its holder do; a link is refused for every other purpose. */
  public enum Use {
    /** Answer one footage request (subject: the request id; holder: its owner). */
    FOOTAGE_REQUEST,
    /** Give, pause, resume and revoke live-share grants (subject and holder: the owner). */
    MANAGE_SHARING,
    /** Download one evidence clip (subject: the clip id; holder: the user it was issued to). */
    CLIP_DOWNLOAD,
    /** Confirm one self-registration, once (subject: the registration id; holder: "registration:<id>"). */
    VERIFY_REGISTRATION,
    /**
     * Manage an owner's whole entry: cameras, contact details, withdrawal, access log, and live sharing
     * (subject and holder: the owner).
     */
    MANAGE_ENTRY
  }

  /** A valid-looking link as stored: which use, which subject, whose, until when. */
  public record Link(Use use, String subjectId, String holderId, String tokenHash, Instant expiresAt) {
    public boolean expiredAt(Instant moment) {
      return !expiresAt.isAfter(moment);
    }
  }

  private static final int TOKEN_BYTES = 32;
  /** The shape of every token handed out: 32 bytes, base64url without padding. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random = new SecureRandom();
  private final Database database;
  private final Clock clock;

  public ShareLinks(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Issues a link inside {@code transaction}, so that it exists exactly when the thing it serves
   * commits; returns the token, which is not kept anywhere.
   */
  public String issue(Transaction transaction, Use use, String subjectId, String holderId, Instant expiresAt) throws SQLException {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ShareLinkStore.insert(
        transaction, new ShareLinkStore.Row(Sha256.hex(token), use.name(), subjectId, holderId, clock.instant(), expiresAt));
    return token;
  }

  /**
   * The link {@code token} stands for if it was issued for {@code use}, expired or not (the caller
   * says which page to show); empty for a forged token or one issued for another use.
   */
  public Optional<Link> resolve(Use use, String token) {
    if (!TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    String hash = Sha256.hex(token);
    return database
        .inTransaction("resolve share link", transaction -> ShareLinkStore.find(transaction, hash))
        .filter(row -> row.purpose().equals(use.name()))
        .map(row -> new Link(use, row.subjectId(), row.holderId(), row.tokenHash(), row.expiresAt()));
  }
}
