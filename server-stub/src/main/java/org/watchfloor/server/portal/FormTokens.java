package org.watchfloor.server.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.SessionStore;

/**
 * Anti-forgery tokens for the portal's forms: each page carries a hidden token bound to its link
 * (by the link's hash) and to the moment the page was made, signed with a broker-wide key; a POST
 * without a matching, recent token changes nothing. No cookie is needed.
 */
final class FormTokens {

  /** How long a page may stay open before its forms must be reloaded. */
  private static final Duration LIFETIME = Duration.ofHours(12);

  private final byte[] key;
  private final Clock clock;

  FormTokens(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  /** Tokens signed with the key kept in the database, shared by every broker instance. */
  static FormTokens fromDatabase(Database database, Clock clock) {
    String key = database.inTransaction("portal form key", transaction -> SessionStore.secret(transaction, "portal-form-hmac"));
    return new FormTokens(Base64.getDecoder().decode(key), clock);
  }

  /** A token for the forms of a page served through the link with hash {@code linkHash}. */
  String issue(String linkHash) {
    long issuedAt = clock.instant().getEpochSecond();
    return issuedAt + "." + sign(linkHash, issuedAt);
  }

  boolean valid(String linkHash, String token) {
    int dot = token.indexOf('.');
    if (dot < 1) {
      return false;
    }
    long issuedAt;
    try {
      issuedAt = Long.parseLong(token.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    Instant issued = Instant.ofEpochSecond(issuedAt);
    Instant now = clock.instant();
    boolean recent = !issued.isAfter(now) && issued.plus(LIFETIME).isAfter(now);
    return recent
        && MessageDigest.isEqual(
            sign(linkHash, issuedAt).getBytes(StandardCharsets.US_ASCII), token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String linkHash, long issuedAt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature = mac.doFinal(("portal-form|" + linkHash + "|" + issuedAt).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
