package org.watchfloor.client.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks an evidence package, a folder or a zip, offline with only the JDK: every file's SHA-256
 * against the manifests, no file missing or added, the Payload-Oxum, and the broker's Ed25519
 * signature over both manifests, against the key in the package and, when given, a trusted key.
 * It lives on the recipient's side and reads the bag as decision record 21 lays it out (the broker
 * writes it with its own BagLayout); the export tests verify what a real broker wrote, which keeps
 * both sides in agreement. It uses nothing but the JDK, so it runs from the client's jar alone.
 */
public final class ExportVerifier {

  public static final String BAGIT = "bagit.txt";
  public static final String BAG_INFO = "bag-info.txt";
  public static final String MANIFEST = "manifest-sha256.txt";
  public static final String TAG_MANIFEST = "tagmanifest-sha256.txt";
  /** Signs both manifests, so no manifest lists it. */
  public static final String SIGNATURE = "export-signature.txt";

  /** The outcome: {@code problems} names each file that fails; {@code signature} says what the signature proves. */
  public record Report(List<String> problems, String signature, int filesChecked) {
    public boolean passed() {
      return problems.isEmpty();
    }

    /** The verifier's lines, as {@code verify-export} prints them and the client shows them: each failure, the signature, the verdict. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      problems.forEach(problem -> lines.add("FAILED " + problem));
      lines.add("signature: " + signature);
      lines.add(passed() ? "verified: " + filesChecked + " files match their manifests, none missing or added"
          : "NOT verified: " + problems.size() + " problem(s)");
      return lines;
    }
  }

  /** Opens one file of a bag. */
  @FunctionalInterface
  private interface Opener {
    InputStream open(String path) throws IOException;
  }

  /** A bag's files by path relative to the bag's top ("data/x.mp4") with their sizes, opened on demand. */
  private record BagFiles(Map<String, Long> sizes, Opener opener) {
    InputStream open(String path) throws IOException {
      return opener.open(path);
    }
  }

  private ExportVerifier() {}

  /** Verifies the folder or zip at {@code bag}; {@code trustedKey} is base64 X.509 of a key the checker trusts. */
  public static Report verify(Path bag, Optional<String> trustedKey) throws IOException {
    if (Files.isDirectory(bag)) {
      return verify(folder(bag), trustedKey);
    }
    try (ZipFile zip = new ZipFile(bag.toFile())) {
      return verify(zip(zip), trustedKey);
    }
  }

  /**
   * Copies the files of the bag at {@code bag} (a folder or a zip, read as {@link #verify} reads
   * it) into the empty folder {@code to}: what a reopened package plays from.
   */
  static void copy(Path bag, Path to) throws IOException {
    if (Files.isDirectory(bag)) {
      copy(folder(bag), to);
      return;
    }
    try (ZipFile zip = new ZipFile(bag.toFile())) {
      copy(zip(zip), to);
    }
  }

  private static void copy(BagFiles bag, Path to) throws IOException {
    for (String path : bag.sizes().keySet()) {
      Path target = to.resolve(path).normalize();
      if (!target.startsWith(to)) {
        throw new IOException(path + ": outside the bag; not copied");
      }
      Files.createDirectories(target.getParent());
      try (InputStream in = bag.open(path)) {
        Files.copy(in, target);
      }
    }
  }

  private static Report verify(BagFiles bag, Optional<String> trustedKey) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Long> present = bag.sizes();
    if (!present.containsKey(BAGIT)) {
      return new Report(List.of(BAGIT + ": missing; not a BagIt bag"), "not checked", 0);
    }
    Map<String, String> payload = readManifest(bag, present, MANIFEST, problems);
    Map<String, String> tags = readManifest(bag, present, TAG_MANIFEST, problems);
    int checked = 0;
    for (Map<String, String> manifest : List.of(payload, tags)) {
      for (Map.Entry<String, String> listed : manifest.entrySet()) {
        if (!present.containsKey(listed.getKey())) {
          problems.add(listed.getKey() + ": missing (listed in the manifest)");
          continue;
        }
        checked++;
        String actual = sha256(bag, listed.getKey());
        if (!actual.equals(listed.getValue())) {
          problems.add(listed.getKey() + ": changed (SHA-256 " + actual + ", the manifest says " + listed.getValue() + ")");
        }
      }
    }
    long payloadBytes = 0;
    for (String path : present.keySet()) {
      boolean isPayload = path.startsWith("data/");
      if (isPayload) {
        payloadBytes += present.get(path);
      }
      boolean listed = isPayload ? payload.containsKey(path) : tags.containsKey(path) || path.equals(TAG_MANIFEST) || path.equals(SIGNATURE);
      if (!listed) {
        problems.add(path + ": added (not in " + (isPayload ? MANIFEST : TAG_MANIFEST) + ")");
      }
    }
    if (present.containsKey(BAG_INFO)) {
      String oxum = field(text(bag, BAG_INFO), "Payload-Oxum").orElse("");
      String expected = payloadBytes + "." + present.keySet().stream().filter(path -> path.startsWith("data/")).count();
      if (!oxum.equals(expected)) {
        problems.add(BAG_INFO + ": Payload-Oxum " + oxum + " does not match the payload (" + expected + ")");
      }
    }
    String signature = checkSignature(bag, present, trustedKey, problems);
    return new Report(problems, signature, checked);
  }

  private static String checkSignature(BagFiles bag, Map<String, Long> present, Optional<String> trustedKey, List<String> problems) throws IOException {
    if (!present.containsKey(SIGNATURE)) {
      problems.add(SIGNATURE + ": missing; the package is not signed");
      return "no signature";
    }
    if (!present.containsKey(MANIFEST) || !present.containsKey(TAG_MANIFEST)) {
      return "not checked: a manifest is missing";
    }
    String file = text(bag, SIGNATURE);
    String publicKey = field(file, "Public-Key").orElse("");
    String fingerprint = field(file, "Key-Fingerprint").orElse("");
    String signature = field(file, "Signature").orElse("");
    String signed = "watchfloor-evidence-export-v1\n" + MANIFEST + " " + sha256(bag, MANIFEST) + "\n" + TAG_MANIFEST + " " + sha256(bag, TAG_MANIFEST);
    Optional<byte[]> packaged = decode(publicKey);
    if (packaged.isEmpty() || !fingerprint(packaged.get()).equals(fingerprint)) {
      problems.add(SIGNATURE + ": the Public-Key is not readable or does not have the Key-Fingerprint " + fingerprint);
      return "not checked: the key in the package is unreadable";
    }
    if (!verifies(packaged.get(), signed, signature)) {
      problems.add(SIGNATURE + ": the signature does not match the manifests with the key in the package (" + fingerprint + ")");
      return "INVALID with the key in the package (" + fingerprint + ")";
    }
    if (trustedKey.isEmpty()) {
      return "valid with the key in the package (" + fingerprint + "); NOT checked against a trusted key: pass --public-key FILE|URL with the broker's published key";
    }
    Optional<byte[]> trusted = decode(trustedKey.get());
    if (trusted.isEmpty()) {
      problems.add("--public-key: not a readable Ed25519 public key");
      return "not checked against the trusted key: unreadable";
    }
    if (!verifies(trusted.get(), signed, signature)) {
      problems.add(SIGNATURE + ": signed by " + fingerprint + ", not by the trusted key " + fingerprint(trusted.get()));
      return "NOT signed by the trusted key " + fingerprint(trusted.get()) + " (signed by " + fingerprint + ")";
    }
    return "valid, by the trusted key " + fingerprint(trusted.get());
  }

  /** Reads "sha256  path" lines; a malformed line or a path outside the bag is a problem of the manifest. */
  private static Map<String, String> readManifest(BagFiles bag, Map<String, Long> present, String name, List<String> problems) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    if (!present.containsKey(name)) {
      problems.add(name + ": missing");
      return entries;
    }
    int number = 0;
    for (String line : text(bag, name).split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || parts[1].contains("..") || parts[1].startsWith("/")) {
        problems.add(name + ": line " + number + " is not '<sha256>  <path>' inside the bag");
        continue;
      }
      entries.put(parts[1].strip(), parts[0]);
    }
    return entries;
  }

  static Optional<String> field(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + ":")) {
        return Optional.of(line.substring(name.length() + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** Base64 X.509, optionally wrapped as PEM; empty when not decodable. */
  static Optional<byte[]> decode(String key) {
    String base64 = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return base64.isEmpty() ? Optional.empty() : Optional.of(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String sha256(BagFiles bag, String path) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = bag.open(path)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** "SHA256:" and the hex SHA-256 of a key's X.509 encoding: how the broker names its key. */
  private static String fingerprint(byte[] x509) {
    return "SHA256:" + HexFormat.of().formatHex(sha256().digest(x509));
  }

  /** Whether {@code signature} (base64) is Ed25519's of the key {@code x509} over {@code text}. */
  private static boolean verifies(byte[] x509, String text, String signature) {
    try {
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
      check.update(text.getBytes(StandardCharsets.UTF_8));
      return check.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] bytes(BagFiles bag, String path) throws IOException {
    try (InputStream in = bag.open(path)) {
      return in.readAllBytes();
    }
  }

  private static String text(BagFiles bag, String path) throws IOException {
    return new String(bytes(bag, path), StandardCharsets.UTF_8);
  }

  private static BagFiles folder(Path top) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        sizes.put(top.relativize(file).toString().replace('\\', '/'), Files.size(file));
      }
    }
    return new BagFiles(sizes, path -> Files.newInputStream(top.resolve(path)));
  }

  /** A zip holds the bag at its top or inside one folder (the bag's name), as the client writes it. */
  private static BagFiles zip(ZipFile zip) {
    List<? extends ZipEntry> entries = zip.stream().filter(entry -> !entry.isDirectory()).toList();
    String prefix = entries.stream().map(ZipEntry::getName).filter(name -> name.endsWith(BAGIT))
        .map(name -> name.substring(0, name.length() - BAGIT.length()))
        .filter(name -> name.isEmpty() || name.indexOf('/') == name.length() - 1).findFirst().orElse("");
    Map<String, Long> sizes = new TreeMap<>();
    Map<String, ZipEntry> byPath = new TreeMap<>();
    for (ZipEntry entry : entries) {
      String path = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "../" + entry.getName();
      sizes.put(path, entry.getSize());
      byPath.put(path, entry);
    }
    return new BagFiles(sizes, path -> zip.getInputStream(byPath.get(path)));
  }
}
