package org.watchfloor.server.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed clips and how the simulator loops them: small, keyframe-aligned, seamless. */
class ClipLibraryTest {

  private static final ClipLibrary LIBRARY = ClipLibrary.bundled();

  @TempDir Path scratch;

  @Test
  void bundledClipsAreFewSmallAndInEveryProfile() {
    assertEquals(List.of("walkway", "road-east", "lawn-west"), LIBRARY.clips().stream().map(Clip::name).toList());
    assertEquals(Duration.ofSeconds(2), LIBRARY.timeline().segmentDuration());
    for (Clip clip : LIBRARY.clips()) {
      assertEquals(8, clip.segmentCount(), clip.name() + ": 16 s in 2 s segments");
      for (SimulatedProfile profile : SimulatedProfile.values()) {
        assertEquals(8, clip.rendition(profile).segmentCount(), clip.name() + " " + profile);
      }
    }
    assertTrue(LIBRARY.totalBytes() < 3_500_000, "the committed clips stay small: " + LIBRARY.totalBytes() + " bytes");
  }

  @Test
  void everyClipDecodesAtItsProfilesSizeAndFrameRate() throws Exception {
    assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is not installed");
    for (Clip clip : LIBRARY.clips()) {
      for (SimulatedProfile profile : SimulatedProfile.values()) {
        Path video = scratch.resolve(clip.name() + "-" + profile.profileName() + ".ts");
        for (int segment = 0; segment < clip.segmentCount(); segment++) {
          Files.write(video, clip.rendition(profile).render(segment, segment, 0), StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
        Ffprobe.Result probe = Ffprobe.probe(video, false);
        JsonNode stream = probe.json().get("streams").get(0);
        String what = clip.name() + " " + profile.profileName();
        assertEquals("", probe.errors(), what);
        assertEquals(profile.width(), stream.get("width").asInt(), what);
        assertEquals(profile.height(), stream.get("height").asInt(), what);
        assertEquals(profile.frameRate() + "/1", stream.get("r_frame_rate").asText(), what);
        assertEquals(16 * profile.frameRate(), stream.get("nb_read_frames").asInt(), what);
      }
    }
  }

  @Test
  void restampingASegmentAtItsOwnPlaceInTheFirstLoopChangesNoByte() throws Exception {
    for (int segment = 0; segment < 8; segment++) {
      String resource = String.format("clips/road-east/sub/%02d.ts", segment);
      byte[] committed;
      try (InputStream in = ClipLibrary.class.getResourceAsStream(resource)) {
        committed = in.readAllBytes();
      }
      Clip clip = LIBRARY.clips().get(1);
      assertArrayEquals(committed, clip.rendition(SimulatedProfile.SUB).render(segment, segment, 0), resource);
    }
  }

  @Test
  void aCameraStreamKeepsItsClocksAndCountersRunningAcrossLoopPoints() {
    SimulatedCamera camera = SimulatedCamera.of("cam-loop", LIBRARY.clips());
    long firstSequence = 897_822_360L;
    long ticks = LIBRARY.timeline().ticks();
    Map<Integer, Integer> lastCounter = new HashMap<>();
    Long firstPts = null;
    // Three loops of the clip, so the stream passes the loop point at least twice.
    for (long sequence = firstSequence; sequence < firstSequence + 3L * camera.clip().segmentCount(); sequence++) {
      byte[] bytes = camera.segment(SimulatedProfile.MAIN, sequence);
      TransportStreamSegment parsed = TransportStreamSegment.parse("segment " + sequence, bytes);
      if (firstPts == null) {
        firstPts = parsed.firstPts();
      }
      assertEquals(Math.floorMod(firstPts + (sequence - firstSequence) * ticks, TransportStreamSegment.TIMESTAMP_MODULUS), parsed.firstPts(),
          "segment " + sequence + " starts where the one before ended");
      for (int offset = 0; offset < bytes.length; offset += TransportStreamSegment.PACKET_SIZE) {
        int pid = ((bytes[offset + 1] & 0x1F) << 8) | (bytes[offset + 2] & 0xFF);
        boolean payload = (bytes[offset + 3] & 0x10) != 0;
        int counter = bytes[offset + 3] & 0x0F;
        Integer last = lastCounter.put(pid, counter);
        if (last != null && payload) {
          assertEquals((last + 1) & 0x0F, counter, "continuity counter of PID " + pid + " in segment " + sequence);
        }
      }
    }
  }

  @Test
  void cameraIdsSpreadOverEveryClipAndStartingPoint() {
    Set<String> clips = new HashSet<>();
    Set<List<Object>> placements = new HashSet<>();
    for (int n = 1; n <= 40; n++) {
      SimulatedCamera camera = SimulatedCamera.of("cam-" + n, LIBRARY.clips());
      assertEquals(camera, SimulatedCamera.of("cam-" + n, LIBRARY.clips()), "the same id always gets the same footage");
      clips.add(camera.clip().name());
      placements.add(List.of(camera.clip().name(), camera.offsetSegments()));
    }
    assertEquals(3, clips.size(), "every clip is used");
    assertTrue(placements.size() >= 12, "cameras on the same clip are mostly out of step: " + placements.size() + " of 24 placements used");
  }

  @Test
  void segmentsThatAreNotWholeTransportStreamPacketsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TransportStreamSegment.parse("short", new byte[187]));
    byte[] noSync = new byte[TransportStreamSegment.PACKET_SIZE];
    assertThrows(IllegalArgumentException.class, () -> TransportStreamSegment.parse("no sync", noSync));
    byte[] noVideo = new byte[TransportStreamSegment.PACKET_SIZE];
    noVideo[0] = 0x47;
    noVideo[3] = 0x10;
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> TransportStreamSegment.parse("no video", noVideo));
    assertEquals("no video: no PES packet with a PTS", refused.getMessage());
  }
}
