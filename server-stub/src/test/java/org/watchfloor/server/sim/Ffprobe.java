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
