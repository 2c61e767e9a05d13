package org.watchfloor.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id (Bouncy Castle) at OWASP's recommended cost (19 MiB, 2 passes,
 * 1 lane) and writes them in the PHC string format other tools read, so the cost can be raised
 * later while old hashes still verify (decision record 12).
 */
public final class PasswordHasher {

  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A hash of nothing anyone knows, verified for unknown users so that they cost the same time. */
  private final String decoy = hash("decoy password nobody has");

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** True when {@code password} matches {@code encoded}; false also for a hash this class cannot read. */
  public boolean matches(String password, String encoded) {
    Matcher phc = PHC.matcher(encoded);
    if (!phc.matches()) {
      return false;
    }
    byte[] expected = B64_DECODER.decode(phc.group(5));
    byte[] actual = argon2(password, B64_DECODER.decode(phc.group(4)),
        Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Spends the time of one verification, for a user name that does not exist. */
  public void matchDecoy(String password) {
    matches(password, decoy);
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] hash = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
