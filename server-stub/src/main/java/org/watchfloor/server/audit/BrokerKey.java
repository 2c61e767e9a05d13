package org.watchfloor.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.watchfloor.server.Ed25519;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.SessionStore;

/**
 * The broker's Ed25519 key, shared by every broker on one database and made on first use: it signs
 * audit anchors and evidence packages. It is never replaced by the broker itself, so a key seen once
 * stays the key (a new key would be a new fingerprint in every signed thing, never a silent one).
 */
public final class BrokerKey {

  /** The algorithm, as the JDK and the published files name it. */
  public static final String ALGORITHM = Ed25519.ALGORITHM;
  private static final String PRIVATE_KEY = "audit-anchor-ed25519-private";
  private static final String PUBLIC_KEY = "audit-anchor-ed25519-public";

  private final PrivateKey privateKey;
  private final String publicKey;

  private BrokerKey(PrivateKey privateKey, String publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Loads the key from the database, making and storing it the first time. */
  public static BrokerKey load(Database database) {
    String[] keys = database.inTransaction("broker signing key", transaction -> {
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
      return new BrokerKey(KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keys[0]))), keys[1]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored broker signing key is unreadable", e);
    }
  }

  /** Base64 of the public key's X.509 (SubjectPublicKeyInfo) encoding. */
  public String publicKey() {
    return publicKey;
  }

  /** "SHA256:" and the hex SHA-256 of the public key's X.509 encoding. */
  public String fingerprint() {
    return Ed25519.fingerprint(Base64.getDecoder().decode(publicKey));
  }

  /** The public key as PEM text. */
  public String pem() {
    return "-----BEGIN PUBLIC KEY-----\n" + publicKey + "\n-----END PUBLIC KEY-----\n";
  }

  /** Base64 Ed25519 signature over the UTF-8 bytes of {@code text}. */
  public String sign(String text) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(privateKey);
      signer.update(text.getBytes(StandardCharsets.UTF_8));
      return encode(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the broker key", e);
    }
  }

  /** Whether {@code signature} (base64) is {@code publicKey}'s (base64 X.509) over {@code text}. */
  public static boolean verify(String publicKey, String text, String signature) {
    try {
      return Ed25519.verifies(Base64.getDecoder().decode(publicKey), text, signature);
    } catch (IllegalArgumentException e) {
      return false;
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
}
