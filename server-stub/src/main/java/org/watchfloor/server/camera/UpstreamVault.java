package org.watchfloor.server.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the stream addresses the center pulls video from (admins' upstream URLs, owners' camera
 * addresses), which may carry credentials, with AES-256-GCM under a key kept in a file beside the
 * broker rather than in the database: a copy of the database alone does not reveal them.
 */
public final class UpstreamVault {

  /** The key file's name in the data folder. */
  public static final String KEY_FILE = "upstream-url.key";
  private static final String PREFIX = "sealed1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private UpstreamVault(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * The vault of the key in {@code file} (32 random bytes, Base64), made on first use readable by
   * its owner only. Brokers that share a database must share this file.
   */
  public static UpstreamVault fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        } catch (FileAlreadyExistsException madeMeanwhile) {
          return read(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the upstream URL key " + file, e);
    }
  }

  private static UpstreamVault read(Path file) throws IOException {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(file).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the upstream URL key " + file + " is not Base64", e);
    }
    if (key.length != 32) {
      throw new IllegalStateException("the upstream URL key " + file + " must hold 32 bytes, not " + key.length);
    }
    return new UpstreamVault(key);
  }

  /** {@code plain} sealed: "sealed1:" and Base64 of nonce, ciphertext and tag. */
  public String seal(String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  /**
   * The address {@code stored} holds: opened when sealed, as it is when it was stored before
   * addresses were sealed. A value sealed under another key fails with a message naming the key file.
   */
  public String open(String stored) {
    if (!isSealed(stored)) {
      return stored;
    }
    byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("a stored stream address was sealed under another key than " + KEY_FILE
          + "; give every broker on this database the same key file", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  public static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }
}
