package org.watchfloor.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.OpenPlaybackRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.server.Broker;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.store.ProtoTime;

/**
 * Real video through real tickets: the broker's simulator serves a traffic camera's live HLS and
 * its recording to the URLs the broker signs, refuses a live ticket on the recording, and stops a
 * Level 2 camera's stream once its owner revokes.
 */
class SimulatedVideoTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("test").build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The first media segment a playlist names, resolved against the playlist's URL. */
  private static String firstSegment(String playlistUrl, String playlist) {
    String line = playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
    return URI.create(playlistUrl).resolve(line).toString();
  }

  @Test
  void aTrafficCameraTicketPlaysRealVideoAndItsRecordingNeedsAPlaybackTicket() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      String traffic = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
          .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_TRAFFIC).setPageSize(1).build()).getCameras(0).getId();
      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      StreamTicket live = streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic).setPurpose(CASE).build());

      HttpResponse<byte[]> playlist = get(live.getUrl());
      assertEquals(200, playlist.statusCode(), new String(playlist.body()));
      String text = new String(playlist.body());
      assertTrue(text.startsWith("#EXTM3U"), text);
      HttpResponse<byte[]> segment = get(firstSegment(live.getUrl(), text));
      assertEquals(200, segment.statusCode());
      assertTrue(segment.body().length > 10_000, "a 2 s segment of H.264 video");
      for (int i = 0; i < segment.body().length; i += 188) {
        assertEquals(0x47, segment.body()[i] & 0xff, "MPEG-TS sync byte at " + i);
      }

      Instant now = Instant.now();
      Timestamp start = ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(10)));
      Timestamp end = ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(5)));
      StreamTicket playback = streams.openPlayback(OpenPlaybackRequest.newBuilder().setCameraId(traffic).setPurpose(CASE)
          .setStart(start).setEnd(end).setPreferredRole(StreamRole.STREAM_ROLE_SUB).build());
      assertEquals(StreamProtocol.STREAM_PROTOCOL_FMP4, playback.getProtocol());
      io.grpc.StatusRuntimeException hlsOnly = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class,
          () -> streams.openPlayback(OpenPlaybackRequest.newBuilder().setCameraId(traffic).setPurpose(CASE).setStart(start).setEnd(end)
              .addAcceptedProtocols(StreamProtocol.STREAM_PROTOCOL_HLS).build()));
      assertEquals("accepted_protocols: recordings are served as FMP4 only", hlsOnly.getStatus().getDescription());
      assertEquals("sub", playback.getProfileName());
      // The ticket's URL is a MediaMTX playback /get of the whole window; the same URL lists what exists.
      String list = playback.getUrl().replace("/get?", "/list?");
      HttpResponse<byte[]> spans = get(list);
      assertEquals(200, spans.statusCode(), new String(spans.body()));
      assertTrue(new String(spans.body()).startsWith("[{\"start\":"), new String(spans.body()));
      Instant recorded = Instant.parse(new ObjectMapper().readTree(spans.body()).get(0).get("start").asText());
      HttpResponse<byte[]> recording = get(withWindow(playback.getUrl(), recorded, "2"));
      assertEquals(200, recording.statusCode(), new String(recording.body()));
      assertEquals("video/mp4", recording.headers().firstValue("Content-Type").orElse(""));

      String liveTicket = live.getUrl().substring(live.getUrl().indexOf("ticket="));
      String recordingWithLiveTicket = playback.getUrl().substring(0, playback.getUrl().indexOf("ticket=")) + liveTicket;
      assertEquals(401, get(recordingWithLiveTicket).statusCode(), "a live ticket does not open recordings");

      // MediaMTX's auth hook: action playback, the window checked against the ticket's.
      String path = "cam/" + traffic + "/sub";
      String query = playback.getUrl().substring(playback.getUrl().indexOf('?') + 1);
      int port = fixture.broker().server().httpPort();
      assertEquals(200, hook(port, "playback", path, query));
      assertEquals(200, hook(port, "playback", path, query.replaceAll("&start=[^&]*&duration=[^&]*", "")), "a /list");
      String later = withWindow(playback.getUrl(), ProtoTime.toInstant(end).minusSeconds(1), "5");
      assertEquals(401, hook(port, "playback", path, later.substring(later.indexOf('?') + 1)), "past the ticket's end");
      assertEquals(401, hook(port, "read", path, query), "a playback ticket reads no live stream");
    }
  }

  /** The ticket URL with another start and duration. */
  private static String withWindow(String url, Instant start, String seconds) {
    return url.replaceAll("start=[^&]*", "start=" + start).replaceAll("duration=[^&]*", "duration=" + seconds);
  }

  /** What the media-server auth hook answers for {@code action} on {@code path} with {@code query}. */
  private static int hook(int port, String action, String path, String query) throws Exception {
    String body = "{\"user\":\"\",\"password\":\"\",\"ip\":\"127.0.0.1\",\"action\":\"" + action + "\",\"path\":\"" + path
        + "\",\"protocol\":\"\",\"id\":null,\"query\":\"" + query + "\"}";
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MediaServerAuthHook.PATH)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void withTheSimulatorOffACameraWithoutAnUpstreamSaysSoInsteadOfHandingOutADeadUrl(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir)
      throws Exception {
    try (Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), true).withSimulator(false))) {
      String traffic = broker.cameras().snapshot().entities().stream()
          .filter(camera -> camera.getKind() == CameraKind.CAMERA_KIND_TRAFFIC).findFirst().orElseThrow().getId();
      Rejection refused = org.junit.jupiter.api.Assertions.assertThrows(Rejection.class,
          () -> broker.streams().openLive(new Actor("usr-test", "test"), traffic, CASE, StreamRole.STREAM_ROLE_SUB, java.util.List.of()));
      assertEquals(Rejection.Kind.FAILED_PRECONDITION, refused.kind());
      assertTrue(refused.getMessage().contains("--no-sim"), refused.getMessage());
      assertEquals(404, get("http://127.0.0.1:" + broker.server().httpPort() + "/sim/live/" + traffic + "/sub/index.m3u8?ticket=x").statusCode());
    }
  }

  @Test
  void aLevelTwoStreamStopsServingWithinTwoSecondsOfTheOwnersRevocation() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      LiveShareGrant always = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build())
          .getGrantsList().stream().filter(grant -> grant.getScope() == GrantScope.GRANT_SCOPE_ALWAYS).findFirst().orElseThrow();
      StreamTicket live = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(always.getCameraId()).setPurpose(CASE).build());
      assertEquals(200, get(live.getUrl()).statusCode());

      long revoked = System.nanoTime();
      fixture.broker().grants().revoke(Actor.owner(always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
      int status = 200;
      while (status == 200 && System.nanoTime() - revoked < 2_000_000_000L) {
        status = get(live.getUrl()).statusCode();
      }
      assertEquals(401, status, "the simulator still served the stream 2 s after the revocation");
    }
  }
}
