package org.watchfloor.client.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutting a recording with video and audio, as a MediaMTX recording of a camera with a microphone
 * is, into the window a {@code /get} answers: made by ffmpeg (fragmented at every keyframe, a
 * keyframe a second, AAC audio) and read back by ffprobe, packet by packet with each packet's
 * SHA-256.
 */
class FragmentedMp4Test {

  private static final Instant RECORDED = Instant.parse("2026-03-01T14:05:00Z");

  /** One packet as ffprobe reads it: its stream (0 video, 1 audio), decode time and duration in seconds, keyframe, SHA-256. */
  private record Packet(int stream, double dts, double duration, boolean keyframe, String sha256) {
    double end() {
      return dts + duration;
    }
  }

  @Test
  void aVideoAndAudioRecordingIsCutAtTheKeyframeBeforeTheWindowKeepingTheWindowsAudio(@TempDir Path scratch) throws Exception {
    Path recording = scratch.resolve("recording.mp4");
    run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "10", "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-movflags", "+frag_keyframe+empty_moov+default_base_moof", recording.toString());
    Path cut = scratch.resolve("window.mp4");
    Files.write(cut, FragmentedMp4.read(Files.readAllBytes(recording), RECORDED).window(RECORDED.plusMillis(2500), Duration.ofSeconds(3)));

    List<Packet> recorded = packets(recording);
    List<Packet> answered = packets(cut);
    // Video: every frame from the keyframe at 2 s (the one at or before the window) to the end of
    // the fragment holding the window's end (6 s), exactly as recorded; frames before 2.5 s last no
    // time, so that the one on screen at 2.5 s starts the answer and the rest keep their pace.
    List<Packet> recordedVideo = recorded.stream().filter(p -> p.stream() == 0 && p.dts() >= 2.0 - 1e-6 && p.dts() < 6.0 - 1e-6).toList();
    List<Packet> answeredVideo = answered.stream().filter(p -> p.stream() == 0).toList();
    assertEquals(recordedVideo.stream().map(Packet::sha256).toList(), answeredVideo.stream().map(Packet::sha256).toList(), "the video's frames");
    assertTrue(answeredVideo.get(0).keyframe(), "the answer starts at a keyframe");
    for (int i = 0; i < recordedVideo.size(); i++) {
      if (recordedVideo.get(i).dts() >= 2.5) {
        assertEquals(recordedVideo.get(i).dts() - 2.5, answeredVideo.get(i).dts(), 0.002, "frame " + i + "'s time in the answer");
      }
    }
    // Audio: the samples of the window, in order and exactly as recorded, from the one sounding at
    // 2.5 s (none before it) to past the window's end, media time 0 at 2.5 s.
    List<Packet> recordedAudio = recorded.stream().filter(p -> p.stream() == 1).toList();
    List<Packet> answeredAudio = answered.stream().filter(p -> p.stream() == 1).toList();
    int firstKept = 0;
    while (recordedAudio.get(firstKept).end() <= 2.5 + 1e-6) {
      firstKept++;
    }
    assertEquals(recordedAudio.subList(firstKept, firstKept + answeredAudio.size()).stream().map(Packet::sha256).toList(),
        answeredAudio.stream().map(Packet::sha256).toList(), "the audio's samples");
    assertEquals(0, answeredAudio.get(0).dts(), 0.001, "the window's audio starts at media time 0");
    assertTrue(answeredAudio.get(answeredAudio.size() - 1).end() >= 3.0, "the audio runs to the window's end: " + answeredAudio.get(answeredAudio.size() - 1));
  }

  private static List<Packet> packets(Path file) throws Exception {
    String csv = run("ffprobe", "-v", "error", "-show_data_hash", "SHA256", "-show_entries", "packet=stream_index,dts_time,duration_time,flags,data_hash",
        "-of", "csv=p=0", file.toString());
    List<Packet> packets = new ArrayList<>();
    for (String line : csv.lines().filter(line -> !line.isBlank()).toList()) {
      String[] field = line.split(",");
      packets.add(new Packet(Integer.parseInt(field[0]), Double.parseDouble(field[1]), Double.parseDouble(field[2]), field[3].startsWith("K"), field[4]));
    }
    return packets;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + said);
    return said;
  }
}
