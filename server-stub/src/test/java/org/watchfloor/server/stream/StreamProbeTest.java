package org.watchfloor.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.StreamTestOutcome;

/**
 * The stream test against real answers: MPEG-TS made by ffmpeg (with video, and audio only) over
 * HTTP, and an RTSP camera's DESCRIBE with Digest authentication (no RTSP server runs here, so a
 * socket answers as cameras do).
 */
class StreamProbeTest {

  private final StreamProbe probe = new StreamProbe(Duration.ofSeconds(5));
  @TempDir Path folder;

  @Test
  void anHttpTransportStreamPlaysWhenItCarriesVideoAndNotWhenItCarriesOnlyAudio() throws Exception {
    Path video = ffmpeg("video.ts", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "1", "-c:v", "libx264", "-f", "mpegts");
    Path audio = ffmpeg("audio.ts", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", "-f", "mpegts");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (Path file : new Path[] {video, audio}) {
      server.createContext("/" + file.getFileName(), exchange -> {
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", "video/mp2t");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
    }
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      StreamProbe.Result plays = probe.test(StreamSource.parse("address", base + "video.ts", "", ""));
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_PLAYS, plays.outcome(), plays.message());
      assertTrue(plays.message().contains("H.264 MPEG-TS over HTTP"), plays.message());
      StreamProbe.Result audioOnly = probe.test(StreamSource.parse("address", base + "audio.ts", "", ""));
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_NOT_VIDEO, audioOnly.outcome(), audioOnly.message());
      assertTrue(audioOnly.message().contains("no video"), audioOnly.message());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anRtspCameraAsksForDigestCredentialsAndDescribesItsVideoOrRefusesAWrongPassword() throws Exception {
    try (ServerSocket camera = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      ExecutorService answering = Executors.newSingleThreadExecutor();
      answering.submit(() -> {
        for (int i = 0; i < 2; i++) {
          try (Socket connection = camera.accept()) {
            answerAsACamera(connection, "rtsp://127.0.0.1:" + camera.getLocalPort() + "/stream1");
          }
        }
        return null;
      });
      String address = "rtsp://127.0.0.1:" + camera.getLocalPort() + "/stream1";
      StreamProbe.Result plays = probe.test(StreamSource.parse("address", address, "admin", "right-password"));
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_PLAYS, plays.outcome(), plays.message());
      assertEquals(address + ": H264 video over RTSP", plays.message());
      StreamProbe.Result refused = probe.test(StreamSource.parse("address", "rtsp://admin:wrong-password@127.0.0.1:" + camera.getLocalPort() + "/stream1", "", ""));
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_AUTH_REFUSED, refused.outcome(), refused.message());
      assertFalse(refused.message().contains("wrong-password"), refused.message());
      answering.shutdownNow();
    }
  }

  /** An RTSP camera: 401 with a Digest challenge, then the SDP of an H.264 stream for the right response, 401 for any other. */
  private static void answerAsACamera(Socket connection, String uri) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = connection.getOutputStream();
    String nonce = "5f1d0a8b";
    for (int request = 0; request < 2; request++) {
      String authorization = "";
      String cseq = "";
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.startsWith("CSeq:")) {
          cseq = line.substring(5).strip();
        } else if (line.startsWith("Authorization:")) {
          authorization = line.substring(14).strip();
        }
      }
      String ha1 = md5("admin:IP Camera:right-password");
      String expected = md5(ha1 + ":" + nonce + ":" + md5("DESCRIBE:" + uri));
      if (authorization.contains("response=\"" + expected + "\"")) {
        String sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=stream\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
        out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nContent-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp)
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq + "\r\nWWW-Authenticate: Digest realm=\"IP Camera\", nonce=\"" + nonce + "\"\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Path ffmpeg(String name, String... arguments) throws Exception {
    Path out = folder.resolve(name);
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-loglevel", "error", "-y"));
    command.addAll(java.util.List.of(arguments));
    command.add(out.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "ffmpeg: " + log);
    return out;
  }
}
