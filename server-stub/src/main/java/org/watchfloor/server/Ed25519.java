package org.watchfloor.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checking the broker's Ed25519 signatures with the JDK alone (audit anchors), and naming its key by
 * fingerprint.
 */
public final class Ed25519 {

  public static final String ALGORITHM = "Ed25519";

  private Ed25519() {}

  /** Whether {@code signature} (base64) is that of the key {@code x509} (its X.509 encoding) over {@code text}. */
  public static boolean verifies(byte[] x509, String text, String signature) {
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
      Signature check = Signature.getInstance(ALGORITHM);
      check.initVerify(key);
      check.update(text.getBytes(StandardCharsets.UTF_8));
      return check.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** "SHA256:" and the hex SHA-256 of a public key's X.509 encoding: how a key is named in what it signed. */
  public static String fingerprint(byte[] x509) {
    return "SHA256:" + Sha256.hex(x509);
  }
}
