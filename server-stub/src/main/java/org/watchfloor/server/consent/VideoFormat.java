package org.watchfloor.server.consent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The video containers owners may share, recognised by their first bytes (never by file name or the
 * browser's claimed type, which an uploader controls).
 */
public enum VideoFormat {
  MP4("video/mp4", ".mp4"),
  QUICKTIME("video/quicktime", ".mov"),
  MATROSKA("video/x-matroska", ".mkv"),
  WEBM("video/webm", ".webm"),
  MPEG_TS("video/mp2t", ".ts"),
  AVI("video/x-msvideo", ".avi");

  /** Bytes to read before deciding: enough for three transport-stream packets and an EBML header. */
  public static final int SNIFF_BYTES = 4096;
  private static final int TS_PACKET = 188;
  private static final byte TS_SYNC = 0x47;
  private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

  private final String contentType;
  private final String extension;

  VideoFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  /** The container {@code head} (the file's first bytes, up to {@link #SNIFF_BYTES}) starts, if any. */
  public static Optional<VideoFormat> sniff(byte[] head) {
    if (ascii(head, 4, "ftyp")) {
      // ISO base media: the major brand "qt  " is QuickTime, every other brand an MP4 flavour.
      return Optional.of(ascii(head, 8, "qt  ") ? QUICKTIME : MP4);
    }
    if (head.length >= 4 && Arrays.equals(head, 0, 4, EBML, 0, 4)) {
      // The EBML header names the DocType within its first few dozen bytes.
      String header = new String(head, 0, Math.min(head.length, 64), StandardCharsets.ISO_8859_1);
      return Optional.of(header.contains("webm") ? WEBM : MATROSKA);
    }
    if (ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) {
      return Optional.of(AVI);
    }
    if (transportStream(head)) {
      return Optional.of(MPEG_TS);
    }
    return Optional.empty();
  }

  /** A sync byte at the start of every 188-byte packet seen, and at least two packets seen. */
  private static boolean transportStream(byte[] head) {
    int packets = head.length / TS_PACKET;
    if (packets < 2) {
      return false;
    }
    for (int i = 0; i < packets; i++) {
      if (head[i * TS_PACKET] != TS_SYNC) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] head, int offset, String expected) {
    byte[] wanted = expected.getBytes(StandardCharsets.US_ASCII);
    return head.length >= offset + wanted.length && Arrays.equals(head, offset, offset + wanted.length, wanted, 0, wanted.length);
  }
}
