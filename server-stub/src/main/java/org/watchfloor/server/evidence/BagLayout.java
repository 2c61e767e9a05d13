package org.watchfloor.server.evidence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.watchfloor.server.Ed25519;
import org.watchfloor.server.Sha256;

/**
 * The evidence package's layout as a BagIt bag (RFC 8493), as the broker's seal writes it: one place
 * on the broker for the file names, the manifest lines and the text the signature covers. The
 * recipient's verifier (the client's ExportVerifier, run by {@code ./watchfloor verify-export})
 * reads the same layout from decision record 21; the export tests check one against the other.
 */
public final class BagLayout {

  public static final String BAGIT = "bagit.txt";
  public static final String BAG_INFO = "bag-info.txt";
  public static final String MANIFEST = "manifest-sha256.txt";
  public static final String TAG_MANIFEST = "tagmanifest-sha256.txt";
  public static final String FILES = "export-files.json";
  public static final String CUSTODY = "chain-of-custody.json";
  public static final String REPLAY_LAYOUT = "replay-layout.json";
  /** Signs both manifests, so no manifest lists it. */
  public static final String SIGNATURE = "export-signature.txt";
  public static final String TIMELINE = "data/incident-timeline.json";
  /** The tag files the tag manifest covers, in its order. */
  public static final List<String> TAG_FILES = List.of(BAGIT, BAG_INFO, MANIFEST, FILES, CUSTODY, REPLAY_LAYOUT);
  public static final String BAGIT_TEXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  public static final String SIGNATURE_ALGORITHM = Ed25519.ALGORITHM;

  private BagLayout() {}

  /** A manifest: one {@code <hex>  <path>} line per file, in the map's order (two spaces, as sha256sum -c reads). */
  public static String manifest(Map<String, String> sha256ByPath) {
    StringBuilder text = new StringBuilder();
    sha256ByPath.forEach((path, sha256) -> text.append(sha256).append("  ").append(path).append('\n'));
    return text.toString();
  }

  /** What the broker's signature covers. */
  public static String signedText(byte[] manifest, byte[] tagManifest) {
    return "watchfloor-evidence-export-v1\n" + MANIFEST + " " + sha256(manifest) + "\n" + TAG_MANIFEST + " " + sha256(tagManifest);
  }

  /** The signature file: "Name: value" lines. */
  public static String signatureFile(String publicKey, String fingerprint, String signature) {
    return "Algorithm: " + SIGNATURE_ALGORITHM + "\n"
        + "Key-Fingerprint: " + fingerprint + "\n"
        + "Public-Key: " + publicKey + "\n"
        + "Signed-Text: watchfloor-evidence-export-v1 LF manifest-sha256.txt <sha256 hex> LF tagmanifest-sha256.txt <sha256 hex>\n"
        + "Signature: " + signature + "\n";
  }

  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
