package org.watchfloor.server.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.StreamProtocol;

/** The simulator over real HTTP on loopback, as the wall's player and the broker's tickets use it. */
class CameraSimulatorTest {

  private static final String CAMERA = "cam-12";
  private static final Duration SEGMENT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path scratch;
  private final FakeTicketValidator tickets = new FakeTicketValidator();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00.500Z"));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService requestThreads = Executors.newFixedThreadPool(8);
  private CameraSimulator simulator;
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requestThreads);
    server.start();
    serve(clock);
  }

  /** (Re)mounts a fresh simulator reading {@code time}. */
  private void serve(Clock time) {
    if (simulator != null) {
      simulator.close();
      server.removeContext(CameraSimulator.PATH_PREFIX);
    }
    simulator = new CameraSimulator(tickets, time);
    server.createContext(CameraSimulator.PATH_PREFIX, simulator.handler());
  }

  @AfterEach
  void stopServer() {
    simulator.close();
    server.stop(0);
    requestThreads.shutdownNow();
  }

  @Test
  void livePlaylistSlidesWithTheClockAndRepeatsTheTicketOnEverySegment() throws Exception {
    String ticket = tickets.issue(CAMERA);
    String url = url(simulator.livePath(CAMERA, "main", StreamProtocol.STREAM_PROTOCOL_HLS), ticket);

    HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("application/vnd.apple.mpegurl", first.headers().firstValue("Content-Type").orElse(""));
    long sequence = mediaSequence(first.body());
    // 12:00:00.5 is inside segment 12:00:00-12:00:02, still being recorded: the window ends before it.
    long recording = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli() / SEGMENT.toMillis();
    assertEquals(recording - SimulatorHttpHandler.LIVE_WINDOW_SEGMENTS, sequence);
    assertTrue(first.body().contains("#EXT-X-PROGRAM-DATE-TIME:2026-03-01T11:59:40Z"), first.body());
    assertFalse(first.body().contains("#EXT-X-ENDLIST"), "a live playlist never ends");
    List<String> segments = segmentUris(first.body());
    assertEquals(SimulatorHttpHandler.LIVE_WINDOW_SEGMENTS, segments.size());
    for (int i = 0; i < segments.size(); i++) {
      assertEquals((sequence + i) + ".ts?ticket=" + ticket, segments.get(i));
    }

    clock.advance(SEGMENT.multipliedBy(3));
    String later = get(url).body();
    assertEquals(sequence + 3, mediaSequence(later));
  }

  @Test
  void liveSegmentsAreMpegTsThatDecodeWithoutAJumpAcrossTheLoopPoint() throws Exception {
    String ticket = tickets.issue(CAMERA);
    String playlistUrl = url(simulator.livePath(CAMERA, "sub", StreamProtocol.STREAM_PROTOCOL_HLS), ticket);
    List<String> segments = segmentUris(get(playlistUrl).body());
    // Ten 2 s segments of a 16 s clip: the window always contains the clip's loop point.
    ByteArrayOutputStream window = new ByteArrayOutputStream();
    for (String segment : segments) {
      HttpResponse<byte[]> response = getBytes(URI.create(playlistUrl).resolve(segment).toString());
      assertEquals(200, response.statusCode());
      assertEquals("video/mp2t", response.headers().firstValue("Content-Type").orElse(""));
      assertTransportStream(response.body());
      window.write(response.body());
    }

    assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is not installed");
    Path video = Files.write(scratch.resolve("window.ts"), window.toByteArray());
    Ffprobe.Result probe = Ffprobe.probe(video, true);
    assertEquals("", probe.errors(), "ffprobe found faults in the live window");
    JsonNode stream = probe.json().get("streams").get(0);
    assertEquals("h264", stream.get("codec_name").asText());
    assertEquals(segments.size() * 2 * SimulatedProfile.SUB.frameRate(), stream.get("nb_read_frames").asInt());
    long step = TransportStreamSegment.TICKS_PER_SECOND / SimulatedProfile.SUB.frameRate();
    long previous = -1;
    for (JsonNode packet : probe.json().get("packets")) {
      long pts = packet.get("pts").asLong();
      if (previous >= 0) {
        assertEquals(previous + step, pts, "each frame follows the last by one frame time, loop point included");
      }
      previous = pts;
    }
  }

  @Test
  void mainAndSubStreamsHaveTheirDocumentedSizes() throws Exception {
    assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is not installed");
    for (SimulatedProfile profile : SimulatedProfile.values()) {
      String ticket = tickets.issue(CAMERA);
      String playlistUrl = url(simulator.livePath(CAMERA, profile.profileName(), StreamProtocol.STREAM_PROTOCOL_HLS), ticket);
      String segment = segmentUris(get(playlistUrl).body()).get(0);
      Path video = Files.write(scratch.resolve(profile.profileName() + ".ts"), getBytes(URI.create(playlistUrl).resolve(segment).toString()).body());
      JsonNode stream = Ffprobe.probe(video, false).json().get("streams").get(0);
      assertEquals(profile.width(), stream.get("width").asInt(), profile + " width");
      assertEquals(profile.height(), stream.get("height").asInt(), profile + " height");
      assertEquals(profile.frameRate() + "/1", stream.get("r_frame_rate").asText(), profile + " frame rate");
    }
    assertEquals(List.of(1280, 720, 640, 360),
        List.of(SimulatedProfile.MAIN.width(), SimulatedProfile.MAIN.height(), SimulatedProfile.SUB.width(), SimulatedProfile.SUB.height()));
  }

  @Test
  void everyRequestWithoutAValidTicketIsRefusedWith401() throws Exception {
    String playlistPath = simulator.livePath(CAMERA, "sub", StreamProtocol.STREAM_PROTOCOL_HLS);
    String ticket = tickets.issue(CAMERA);
    String segment = segmentUris(get(url(playlistPath, ticket)).body()).get(0);
    String segmentPath = playlistPath.replace("index.m3u8", segment.substring(0, segment.indexOf('?')));

    for (String path : List.of(playlistPath, segmentPath)) {
      HttpResponse<String> missing = get(base() + path);
      assertEquals(401, missing.statusCode(), path);
      assertTrue(missing.body().startsWith("ticket: missing"), missing.body());
      HttpResponse<String> forged = get(url(path, "forged-token"));
      assertEquals(401, forged.statusCode(), path);
      assertEquals("ticket: unknown or forged\n", forged.body());
      HttpResponse<String> otherCamera = get(url(path.replace(CAMERA, "cam-13"), ticket));
      assertEquals(401, otherCamera.statusCode(), "a ticket opens its own camera only");
      assertEquals(200, get(url(path, ticket)).statusCode(), path);
    }

    tickets.revoke(ticket);
    for (String path : List.of(playlistPath, segmentPath)) {
      HttpResponse<String> revoked = get(url(path, ticket));
      assertEquals(401, revoked.statusCode(), path);
      assertEquals("ticket: session ended: consent revoked\n", revoked.body());
    }
  }

  @Test
  void httpTransportStreamPlaysLiveAndEndsWithinOneSegmentOfRevocation() throws Exception {
    serve(Clock.systemUTC());
    String ticket = tickets.issue(CAMERA);
    String url = url(simulator.livePath(CAMERA, "sub", StreamProtocol.STREAM_PROTOCOL_HTTP_TS), ticket);
    HttpResponse<InputStream> response =
        http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("video/mp2t", response.headers().firstValue("Content-Type").orElse(""));
    try (InputStream body = response.body()) {
      // The segment in progress is sent at once, so a player starts without waiting.
      byte[] start = body.readNBytes(100 * TransportStreamSegment.PACKET_SIZE);
      assertTransportStream(start);

      tickets.revoke(ticket);
      long revokedAt = System.nanoTime();
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      body.transferTo(rest);
      Duration untilEnd = Duration.ofNanos(System.nanoTime() - revokedAt);
      assertTrue(untilEnd.compareTo(SEGMENT.plusMillis(500)) < 0, "the stream ended " + untilEnd + " after revocation");

      byte[] received = new byte[start.length + rest.size()];
      System.arraycopy(start, 0, received, 0, start.length);
      System.arraycopy(rest.toByteArray(), 0, received, start.length, rest.size());
      assertTransportStream(received);
      assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is not installed");
      Ffprobe.Result probe = Ffprobe.probe(Files.write(scratch.resolve("stream.ts"), received), false);
      assertEquals("", probe.errors());
      assertTrue(probe.json().get("streams").get(0).get("nb_read_frames").asInt() >= 2 * SimulatedProfile.SUB.frameRate());
    }
  }

  @Test
  void recordingsListTheirGapsAndPlayFromTheKeyframeBeforeStartShowingThatMomentsTimeCode() throws Exception {
    Instant from = Instant.parse("2026-03-01T11:30:00Z");
    Instant to = Instant.parse("2026-03-01T12:00:00Z");
    String ticket = tickets.issuePlayback(CAMERA, from, to);
    JsonNode spans = JSON.readTree(get(url(simulator.playbackPrefix() + "/list?path=cam/" + CAMERA + "/sub", ticket)).body());
    assertTrue(spans.size() >= 3, spans.toString());
    for (int i = 0; i + 1 < spans.size(); i++) {
      Instant end = spanStart(spans.get(i)).plusMillis(Math.round(spans.get(i).get("duration").asDouble() * 1000));
      assertEquals(Duration.ofSeconds(30), Duration.between(end, spanStart(spans.get(i + 1))), "the recorder's 30 s gap after " + end);
      if (i > 0) {
        assertEquals(570, spans.get(i).get("duration").asDouble(), 1e-9, "10 min between gaps");
      }
    }
    assertEquals(from, spanStart(spans.get(0)));
    assertTrue(spans.get(1).get("url").asText().contains("/sim/playback/get?path=cam%2F" + CAMERA + "%2Fsub&start="));

    // 3.4 s into the second span: the answer starts with the keyframe 1.4 s (21 frames) before start.
    Instant span = spanStart(spans.get(1));
    Instant start = span.plusMillis(3400);
    for (String format : List.of("fmp4", "mp4")) {
      List<Ffprobe.Frame> frames = recording(ticket, start, "4", format);
      assertEquals(21 + 4 * 15, frames.size(), format);
      for (int i = 0; i < frames.size(); i++) {
        // Frame i of a 15 fps segment starts ceil(i / 15 s) after it (to the nanosecond).
        Instant captured = span.plusSeconds(2).plusNanos((i * 1_000_000_000L + 14) / 15);
        assertEquals(timeCodeAt(captured), frames.get(i).timeCode(), format + " frame " + i + " shows what the camera saw at " + captured);
        assertEquals(Math.max(0, i - 21) / 15.0, frames.get(i).seconds(), 1e-3, format + " frame " + i + ": media time 0 is start");
      }
    }

    // A window running into a gap ends at the gap; one starting in a gap has nothing to play.
    Instant gap = spanStart(spans.get(1)).minusSeconds(30);
    List<Ffprobe.Frame> beforeGap = recording(ticket, gap.minusSeconds(3), "10", "fmp4");
    assertEquals(15 + 3 * 15, beforeGap.size());
    assertEquals(timeCodeAt(gap.minusMillis(40)), beforeGap.get(beforeGap.size() - 1).timeCode());
    HttpResponse<String> inGap = get(url(getPath(gap.plusSeconds(1), "5", "fmp4"), ticket));
    assertEquals(404, inGap.statusCode());
    assertTrue(inGap.body().startsWith("start: no recording of " + CAMERA), inGap.body());

    assertEquals(401, get(url(getPath(from.minusSeconds(1), "5", "fmp4"), ticket)).statusCode(), "before the ticket's window");
    assertEquals(401, get(url(getPath(to.minusSeconds(1), "5", "fmp4"), ticket)).statusCode(), "past the ticket's window");
    assertEquals(401, get(url(getPath(start, "4", "fmp4"), tickets.issue(CAMERA))).statusCode(), "a live ticket opens no recording");
    HttpResponse<String> badDuration = get(url(getPath(start, "four", "fmp4"), ticket));
    assertEquals(400, badDuration.statusCode());
    assertEquals("duration: 'four' is not a number of seconds\n", badDuration.body());
    assertEquals(400, get(url(getPath(start, "4", "webm"), ticket)).statusCode());
    assertEquals(400, get(url(simulator.playbackPrefix() + "/get?path=cam/" + CAMERA + "/sub&start=yesterday&duration=4", ticket)).statusCode());
    tickets.revoke(ticket);
    assertEquals(401, get(url(getPath(start, "4", "fmp4"), ticket)).statusCode());
  }

  private static Instant spanStart(JsonNode span) {
    return Instant.parse(span.get("start").asText());
  }

  private String getPath(Instant start, String seconds, String format) {
    return simulator.playbackPrefix() + "/get?path=cam/" + CAMERA + "/sub&start=" + start + "&duration=" + seconds + "&format=" + format;
  }

  /** Every frame of a recording as ffmpeg decodes it, with its time code. */
  private List<Ffprobe.Frame> recording(String ticket, Instant start, String seconds, String format) throws Exception {
    HttpResponse<byte[]> answer = getBytes(url(getPath(start, seconds, format), ticket));
    assertEquals(200, answer.statusCode(), new String(answer.body()));
    assertEquals("video/mp4", answer.headers().firstValue("Content-Type").orElse(""));
    assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is not installed");
    return Ffprobe.frames(Files.write(scratch.resolve("recording." + format), answer.body()), 640, 360);
  }

  /** The time code of the frame camera {@value CAMERA} shows at {@code instant}: its clip frame number (clips/CLIPS.md). */
  private static int timeCodeAt(Instant instant) {
    SimulatedCamera camera = SimulatedCamera.of(CAMERA, ClipLibrary.bundled().clips());
    long sequence = Math.floorDiv(instant.getEpochSecond(), SEGMENT.toSeconds());
    long nanosIntoSegment = Math.floorMod(instant.getEpochSecond(), SEGMENT.toSeconds()) * 1_000_000_000L + instant.getNano();
    int clipSegment = (int) Math.floorMod(sequence + camera.offsetSegments(), camera.clip().segmentCount());
    return clipSegment * 30 + (int) (nanosIntoSegment * 15 / 1_000_000_000L);
  }

  @Test
  void cameraIdsChooseTheirFootageOnceAndForAll() throws Exception {
    String path = simulator.livePath(CAMERA, "sub", StreamProtocol.STREAM_PROTOCOL_HLS);
    String ticket = tickets.issue(CAMERA);
    String segment = segmentUris(get(url(path, ticket)).body()).get(0);
    byte[] once = getBytes(URI.create(url(path, ticket)).resolve(segment).toString()).body();
    serve(clock);
    byte[] again = getBytes(URI.create(url(path, ticket)).resolve(segment).toString()).body();
    assertArrayEquals(once, again, "a restarted simulator shows a camera the same footage at the same time");

    String neighbour = "cam-14";
    String neighbourTicket = tickets.issue(neighbour);
    String neighbourPath = simulator.livePath(neighbour, "sub", StreamProtocol.STREAM_PROTOCOL_HLS);
    byte[] other = getBytes(URI.create(url(neighbourPath, neighbourTicket)).resolve(segment.replace(ticket, neighbourTicket)).toString()).body();
    assertFalse(Arrays.equals(once, other), "another camera shows other footage");
  }

  @Test
  void pathsEncodeCameraIdsAndRejectWhatTheSimulatorCannotServe() throws Exception {
    assertEquals("/sim/live/cam-1/sub/stream.ts", simulator.livePath("cam-1", "sub", StreamProtocol.STREAM_PROTOCOL_HTTP_TS));
    String odd = "lot 4/B+ü";
    String path = simulator.livePath(odd, "main", StreamProtocol.STREAM_PROTOCOL_HLS);
    assertEquals("/sim/live/lot%204%2FB%2B%C3%BC/main/index.m3u8", path);
    assertEquals(200, get(url(path, tickets.issue(odd))).statusCode(), "the validator is asked about the decoded camera id");

    assertThrows(IllegalArgumentException.class, () -> simulator.livePath("cam-1", "main", StreamProtocol.STREAM_PROTOCOL_RTSP));
    assertThrows(IllegalArgumentException.class, () -> simulator.livePath("cam-1", "4k", StreamProtocol.STREAM_PROTOCOL_HLS));
    assertThrows(IllegalArgumentException.class, () -> simulator.livePath("", "main", StreamProtocol.STREAM_PROTOCOL_HLS));

    String ticket = tickets.issue("cam-1");
    assertEquals(404, get(url("/sim/live/cam-1/4k/index.m3u8", ticket)).statusCode());
    assertEquals(404, get(url("/sim/live/cam-1/main/latest.mp4", ticket)).statusCode());
    assertEquals(404, get(url("/sim/playback/cam-1/main/20-10/index.m3u8", ticket)).statusCode());
    long recording = clock.millis() / SEGMENT.toMillis();
    assertEquals(404, get(url("/sim/live/cam-1/main/" + recording + ".ts", ticket)).statusCode(), "not complete yet");
    assertEquals(200, getBytes(url("/sim/live/cam-1/main/" + (recording - 1) + ".ts", ticket)).statusCode());
    HttpResponse<String> post = http.send(
        HttpRequest.newBuilder(URI.create(url("/sim/live/cam-1/main/index.m3u8", ticket))).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  /** Whole 188-byte packets, each starting with the 0x47 sync byte. */
  private static void assertTransportStream(byte[] bytes) {
    assertTrue(bytes.length > 0 && bytes.length % TransportStreamSegment.PACKET_SIZE == 0, bytes.length + " bytes");
    for (int offset = 0; offset < bytes.length; offset += TransportStreamSegment.PACKET_SIZE) {
      assertEquals(0x47, bytes[offset] & 0xFF, "sync byte at " + offset);
    }
  }

  private static long mediaSequence(String playlist) {
    return playlist.lines()
        .filter(line -> line.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
        .mapToLong(line -> Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length())))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> segmentUris(String playlist) {
    return playlist.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private String url(String path, String ticket) {
    return base() + path + (path.contains("?") ? "&" : "?") + "ticket=" + ticket;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
