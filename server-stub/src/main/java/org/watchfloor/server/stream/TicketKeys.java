package org.watchfloor.server.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys stream tickets are signed with: the current key signs, the current and every previous
 * key validate, so a key can be rotated on several brokers one at a time without cutting off a
 * ticket signed a moment before. A ticket is {@code sessionId.HMAC-SHA256(sessionId|cameraId)}:
 * unforgeable, and useless for another camera.
 */
public final class TicketKeys {

  /** The shortest key accepted: 256 bits, the HMAC-SHA256 block's worth of secret. */
  static final int MIN_KEY_BYTES = 32;

  private final List<byte[]> keys;

  private TicketKeys(List<byte[]> keys) {
    this.keys = List.copyOf(keys);
  }

  /** One key that both signs and validates (the broker's own key kept in the database). */
  public static TicketKeys single(byte[] key) {
    return new TicketKeys(List.of(key));
  }

  /**
   * Reads a key file: one base64 key (at least 32 bytes) a line, the first the current key and the
   * rest previous keys still accepted; blank lines and lines starting with {@code #} are skipped.
   * Every mistake is named with its line.
   */
  public static TicketKeys read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--ticket-keys: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ticket-keys: line " + (i + 1) + " of " + file + " is not base64", e);
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("--ticket-keys: the key on line " + (i + 1) + " of " + file + " has "
            + key.length + " bytes; a key needs at least " + MIN_KEY_BYTES + " (e.g. openssl rand -base64 32)");
      }
      keys.add(key);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("--ticket-keys: " + file + " holds no key; its first line is the current key");
    }
    return new TicketKeys(keys);
  }

  /** The ticket of {@code sessionId} for {@code cameraId}, signed with the current key. */
  String sign(String sessionId, String cameraId) {
    return sessionId + "." + signature(keys.get(0), sessionId, cameraId);
  }

  /** Whether {@code ticket} was signed by any key held for {@code sessionId} and {@code cameraId}. */
  boolean validates(String ticket, String sessionId, String cameraId) {
    byte[] presented = ticket.getBytes(StandardCharsets.US_ASCII);
    for (byte[] key : keys) {
      byte[] expected = (sessionId + "." + signature(key, sessionId, cameraId)).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, presented)) {
        return true;
      }
    }
    return false;
  }

  private static String signature(byte[] key, String sessionId, String cameraId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature = mac.doFinal((sessionId + "|" + cameraId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
