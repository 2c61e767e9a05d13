package org.watchfloor.server.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.Sha256;

/**
 * Evidence files owners shared, kept in {@code DATA_DIR/evidence/} under their SHA-256: an upload is
 * streamed to a temporary file while it is hashed, checked to be video, then moved into place in one
 * step, so the locker never holds a partial or unverified file.
 */
public final class EvidenceLocker {

  /** A file now in the locker. */
  public record Stored(String sha256, long sizeBytes, VideoFormat format) {}

  private final Path folder;
  private final long maxBytes;

  public EvidenceLocker(Path folder, long maxBytes) {
    this.folder = folder;
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Stores {@code upload}; refuses (and keeps nothing of) a file larger than the limit or one that is
   * not a known video container.
   */
  public Stored store(InputStream upload) throws IOException {
    Files.createDirectories(folder);
    Path temporary = Files.createTempFile(folder, "upload", ".part");
    try {
      MessageDigest digest = Sha256.digest();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
        size = copyAtMost(upload, out);
      }
      Optional<VideoFormat> format = VideoFormat.sniff(head(temporary));
      if (format.isEmpty()) {
        throw Rejection.invalid("file", "is not a video we can take (MP4, MOV, MKV, WebM, MPEG-TS or AVI)");
      }
      String sha256 = HexFormat.of().formatHex(digest.digest());
      Files.move(temporary, path(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Stored(sha256, size, format.get());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The stored file with this hash, if the locker has it. */
  public Optional<Path> find(String sha256) {
    Path file = path(sha256);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Removes the file with this hash (retention); false when the locker did not have it. */
  public boolean delete(String sha256) throws IOException {
    return Files.deleteIfExists(path(sha256));
  }

  private Path path(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return folder.resolve(sha256);
  }

  private long copyAtMost(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
      total += read;
      if (total > maxBytes) {
        throw Rejection.of(Rejection.Kind.RESOURCE_EXHAUSTED, "file: larger than the limit of " + maxBytes / (1024 * 1024) + " MiB");
      }
      out.write(buffer, 0, read);
    }
    if (total == 0) {
      throw Rejection.invalid("file", "is empty; choose the video file to share");
    }
    return total;
  }

  private static byte[] head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(VideoFormat.SNIFF_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
