package org.watchfloor.server.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
  void recordingOfAWindowIsAVodPlaylistOfWhatLiveShowedThen() throws Exception {
    String ticket = tickets.issue(CAMERA);
    Instant start = Instant.parse("2026-03-01T11:59:31Z");
    Instant end = Instant.parse("2026-03-01T11:59:50Z");
    String path = simulator.playbackPath(CAMERA, "main", start, end);
    assertEquals("/sim/playback/cam-12/main/" + start.toEpochMilli() + "-" + end.toEpochMilli() + "/index.m3u8", path);

    HttpResponse<String> playlist = get(url(path, ticket));
    assertEquals(200, playlist.statusCode(), playlist.body());
    assertTrue(playlist.body().contains("#EXT-X-PLAYLIST-TYPE:VOD\n"));
    assertTrue(playlist.body().endsWith("#EXT-X-ENDLIST\n"));
    // Whole segments covering [11:59:31, 11:59:50): from 11:59:30 to 11:59:50.
    assertTrue(playlist.body().contains("#EXT-X-PROGRAM-DATE-TIME:2026-03-01T11:59:30Z"), playlist.body());
    List<String> segments = segmentUris(playlist.body());
    assertEquals(10, segments.size());
    assertEquals(Instant.parse("2026-03-01T11:59:30Z").toEpochMilli() / SEGMENT.toMillis(), mediaSequence(playlist.body()));

    String recorded = URI.create(url(path, ticket)).resolve(segments.get(9)).toString();
    String live = URI.create(url(simulator.livePath(CAMERA, "main", StreamProtocol.STREAM_PROTOCOL_HLS), ticket)).resolve(segments.get(9)).toString();
    assertArrayEquals(getBytes(live).body(), getBytes(recorded).body(), "a recording replays exactly what live showed");

    String outside = URI.create(url(path, ticket)).resolve((mediaSequence(playlist.body()) + 10) + ".ts?ticket=" + ticket).toString();
    assertEquals(404, get(outside).statusCode());
    HttpResponse<String> future = get(url(simulator.playbackPath(CAMERA, "main", clock.instant().plusSeconds(10), clock.instant().plusSeconds(60)), ticket));
    assertEquals(404, future.statusCode(), "nothing is recorded after now");
    tickets.revoke(ticket);
    assertEquals(401, get(url(path, ticket)).statusCode());
    assertEquals(401, getBytes(recorded).statusCode());
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
    Instant now = clock.instant();
    assertThrows(IllegalArgumentException.class, () -> simulator.playbackPath("cam-1", "main", now, now));
    assertThrows(IllegalArgumentException.class, () -> simulator.playbackPath("cam-1", "main", now.minus(Duration.ofHours(25)), now));

    String ticket = tickets.issue("cam-1");
    assertEquals(404, get(url("/sim/live/cam-1/4k/index.m3u8", ticket)).statusCode());
    assertEquals(404, get(url("/sim/live/cam-1/main/latest.mp4", ticket)).statusCode());
    assertEquals(400, get(url("/sim/playback/cam-1/main/20-10/index.m3u8", ticket)).statusCode());
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
    return base() + path + "?ticket=" + ticket;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
