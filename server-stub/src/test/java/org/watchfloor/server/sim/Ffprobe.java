package org.watchfloor.server.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffprobe, an independent MPEG-TS and H.264 decoder, on bytes the simulator served; tests that
 * need it skip their decoding checks where ffprobe is not installed (Debian package ffmpeg).
 */
final class Ffprobe {

  /** What ffprobe printed: its JSON answer and its complaints (empty for a clean stream). */
  record Result(JsonNode json, String errors) {}

  private Ffprobe() {}

  static boolean available() {
    try {
      Process process = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One decoded frame: its presentation time and the time code burned into it (-1 when unreadable). */
  record Frame(double seconds, int timeCode) {}

  /**
   * Decodes every frame of {@code video} (none dropped or repeated) and reads each one's time code
   * from the strip in its bottom-left corner (clips/CLIPS.md): 8 pairs of blocks of a 40th of the
   * width, a pair lighter on the left for a 1 bit, most significant bit first.
   */
  static List<Frame> frames(Path video, int width, int height) throws IOException, InterruptedException {
    int block = width / 40;
    JsonNode probed = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
        "-of", "json", video.toString()));
    byte[] strips = runBytes(List.of("ffmpeg", "-v", "error", "-i", video.toString(), "-fps_mode", "passthrough",
        "-vf", "crop=" + 16 * block + ":" + block + ":0:" + (height - block), "-f", "rawvideo", "-pix_fmt", "gray", "-"));
    int stripBytes = 16 * block * block;
    List<Frame> frames = new ArrayList<>();
    JsonNode list = probed.get("frames");
    if (list.size() * stripBytes != strips.length) {
      throw new IOException(list.size() + " frames probed but " + strips.length / stripBytes + " decoded");
    }
    for (int index = 0; index < list.size(); index++) {
      frames.add(new Frame(list.get(index).get("pts_time").asDouble(), timeCode(strips, index * stripBytes, block)));
    }
    return frames;
  }

  private static int timeCode(byte[] strips, int offset, int block) {
    int value = 0;
    int middle = offset + (block / 2) * 16 * block;
    for (int bit = 0; bit < 8; bit++) {
      int left = strips[middle + (2 * bit) * block + block / 2] & 0xFF;
      int right = strips[middle + (2 * bit + 1) * block + block / 2] & 0xFF;
      if (Math.abs(left - right) < 64) {
        return -1;
      }
      value = value << 1 | (left > right ? 1 : 0);
    }
    return value;
  }

  private static JsonNode run(List<String> command) throws IOException, InterruptedException {
    return new ObjectMapper().readTree(new String(runBytes(command), StandardCharsets.UTF_8));
  }

  private static byte[] runBytes(List<String> command) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("ffmpeg", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.readString(errors).isBlank()) {
        throw new IOException(String.join(" ", command) + " failed: " + Files.readString(errors));
      }
      return out;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Decodes every frame of {@code video} and reports its video stream and, with {@code packets}, each packet. */
  static Result probe(Path video, boolean packets) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "warning", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=codec_name,width,height,r_frame_rate,nb_read_frames" + (packets ? ":packet=pts,dts,flags" : ""),
        "-of", "json", video.toString()));
    Path errors = Files.createTempFile("ffprobe", ".log");
    try {
      // Complaints go to a file so that neither pipe can fill up and stall ffprobe.
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("ffprobe failed on " + video + ": " + Files.readString(errors));
      }
      return new Result(new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8)), Files.readString(errors).strip());
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
