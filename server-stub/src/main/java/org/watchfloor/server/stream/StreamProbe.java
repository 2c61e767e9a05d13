package org.watchfloor.server.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.watchfloor.proto.v1.StreamTestOutcome;

/**
 * Tries a camera's stream the way the center's media server will pull it: connects, authenticates
 * and reads the first bytes (HTTP: MPEG-TS, HLS, fragmented MP4 or MJPEG; RTSP: DESCRIBE and its
 * SDP), and says whether video comes, or why not. Messages name the address without credentials.
 */
public final class StreamProbe {

  /** What a test found, in words for the admin. */
  public record Result(StreamTestOutcome outcome, String message) {
    public boolean plays() {
      return outcome == StreamTestOutcome.STREAM_TEST_OUTCOME_PLAYS;
    }
  }

  /** How much of an answer is read to recognise it: enough for a playlist or a few TS packets. */
  private static final int SNIFF_BYTES = 64 * 1024;
  private static final int TS_PACKET = 188;

  private final Duration timeout;
  private final HttpClient http;

  public StreamProbe(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public Result test(StreamSource source) {
    String scheme = source.address().getScheme();
    try {
      return scheme.startsWith("rtsp") ? rtsp(source) : http(source, source.address(), 0);
    } catch (UnknownHostException e) {
      return unreachable(source, "no host is known by the name " + source.address().getHost());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return unreachable(source, "nothing accepted the connection");
    } catch (SocketTimeoutException | HttpTimeoutException e) {
      return unreachable(source, "no answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return unreachable(source, "the connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(source, "the test was interrupted");
    }
  }

  private static Result unreachable(StreamSource source, String why) {
    return new Result(StreamTestOutcome.STREAM_TEST_OUTCOME_UNREACHABLE, source.shown() + ": " + why);
  }

  // ---- HTTP ----

  private Result http(StreamSource source, URI uri, int depth) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    source.basicAuthorization().ifPresent(value -> request.header("Authorization", value));
    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    byte[] head;
    try (InputStream body = response.body()) {
      head = body.readNBytes(SNIFF_BYTES);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return new Result(StreamTestOutcome.STREAM_TEST_OUTCOME_AUTH_REFUSED, source.shown() + ": the camera refused "
          + (source.hasCredentials() ? "the user name and password given" : "to answer without a user name and password") + " (HTTP " + status + ")");
    }
    if (status / 100 != 2) {
      return notVideo(source, "it answered HTTP " + status + " instead of a stream");
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.UTF_8);
    if (text.startsWith("#EXTM3U")) {
      return hls(source, uri, text, depth);
    }
    if (isTransportStream(head)) {
      return transportStream(source, head, "MPEG-TS over " + uri.getScheme().toUpperCase(Locale.ROOT));
    }
    if (head.length >= 8 && new String(head, 4, 4, StandardCharsets.US_ASCII).matches("ftyp|styp|moof")) {
      return plays(source, "MP4 video over " + uri.getScheme().toUpperCase(Locale.ROOT));
    }
    if (type.startsWith("multipart/x-mixed-replace") || (head.length > 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8)) {
      return plays(source, "MJPEG over " + uri.getScheme().toUpperCase(Locale.ROOT));
    }
    return notVideo(source, "it answered with " + (type.isEmpty() ? "something unknown" : type) + ", not a video stream");
  }

  /** A playlist: follows the first variant of a master playlist, then reads the first segment. */
  private Result hls(StreamSource source, URI uri, String playlist, int depth) throws IOException, InterruptedException {
    if (depth > 2) {
      return notVideo(source, "its playlists lead to more playlists, never to video");
    }
    for (String line : playlist.split("\\R")) {
      String entry = line.strip();
      if (!entry.isEmpty() && !entry.startsWith("#")) {
        Result next = http(source, uri.resolve(entry), depth + 1);
        return next.plays() ? plays(source, "HLS, " + next.message().substring(next.message().indexOf(": ") + 2)) : next;
      }
    }
    return notVideo(source, "its HLS playlist lists no segments");
  }

  private static boolean isTransportStream(byte[] head) {
    return head.length >= 2 * TS_PACKET && head[0] == 0x47 && head[TS_PACKET] == 0x47;
  }

  /** Reads the program map: video streams present (H.264, H.265, MPEG-2, MPEG-4), or only audio. */
  private static Result transportStream(StreamSource source, byte[] head, String carried) {
    int pmtPid = -1;
    for (int at = 0; at + TS_PACKET <= head.length; at += TS_PACKET) {
      if (head[at] != 0x47) {
        break;
      }
      int pid = ((head[at + 1] & 0x1f) << 8) | (head[at + 2] & 0xff);
      boolean start = (head[at + 1] & 0x40) != 0;
      if (!start) {
        continue;
      }
      int payload = at + 4 + (((head[at + 3] & 0x20) != 0) ? 1 + (head[at + 4] & 0xff) : 0);
      int section = payload + 1 + (head[payload] & 0xff);
      if (pid == 0 && pmtPid < 0) {
        pmtPid = ((head[section + 10] & 0x1f) << 8) | (head[section + 11] & 0xff);
      } else if (pid == pmtPid) {
        int sectionLength = ((head[section + 1] & 0x0f) << 8) | (head[section + 2] & 0xff);
        int end = section + 3 + sectionLength - 4;
        int programInfo = ((head[section + 10] & 0x0f) << 8) | (head[section + 11] & 0xff);
        for (int es = section + 12 + programInfo; es + 5 <= end; ) {
          String codec = switch (head[es] & 0xff) {
            case 0x1b -> "H.264";
            case 0x24 -> "H.265";
            case 0x01, 0x02 -> "MPEG-2 video";
            case 0x10 -> "MPEG-4 video";
            default -> "";
          };
          if (!codec.isEmpty()) {
            return plays(source, codec + " " + carried);
          }
          es += 5 + (((head[es + 3] & 0x0f) << 8) | (head[es + 4] & 0xff));
        }
        return notVideo(source, "its " + carried + " carries no video stream (audio or data only)");
      }
    }
    // No program table in the first packets read: a stream that still starts with TS packets.
    return plays(source, carried);
  }

  // ---- RTSP ----

  private static final Pattern STATUS = Pattern.compile("RTSP/1\\.0 (\\d{3}) ?(.*)");

  private record RtspAnswer(int status, Map<String, String> headers, String body) {}

  private Result rtsp(StreamSource source) throws IOException {
    URI uri = source.address();
    int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("rtsps") ? 322 : 554;
    Socket socket = uri.getScheme().equals("rtsps") ? SSLSocketFactory.getDefault().createSocket() : new Socket();
    try (socket) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      String target = uri.toASCIIString();
      RtspAnswer answer = describe(socket, target, 1, Optional.empty());
      if (answer.status() == 401 && source.hasCredentials()) {
        answer = describe(socket, target, 2, Optional.of(authorization(source, target, answer.headers().getOrDefault("www-authenticate", ""))));
      }
      if (answer.status() == 401 || answer.status() == 403) {
        return new Result(StreamTestOutcome.STREAM_TEST_OUTCOME_AUTH_REFUSED, source.shown() + ": the camera refused "
            + (source.hasCredentials() ? "the user name and password given" : "to answer without a user name and password") + " (RTSP " + answer.status() + ")");
      }
      if (answer.status() != 200) {
        return notVideo(source, "it answered RTSP " + answer.status() + " instead of a stream description");
      }
      Matcher video = Pattern.compile("(?m)^m=video\\b").matcher(answer.body());
      if (!video.find()) {
        return notVideo(source, "its stream description offers no video");
      }
      Matcher codec = Pattern.compile("(?m)^a=rtpmap:\\d+ ([A-Za-z0-9-]+)/").matcher(answer.body().substring(video.start()));
      return plays(source, (codec.find() ? codec.group(1) + " " : "") + "video over RTSP");
    }
  }

  private static RtspAnswer describe(Socket socket, String target, int sequence, Optional<String> authorization) throws IOException {
    StringBuilder request = new StringBuilder("DESCRIBE " + target + " RTSP/1.0\r\nCSeq: " + sequence + "\r\nAccept: application/sdp\r\nUser-Agent: Watchfloor\r\n");
    authorization.ifPresent(value -> request.append("Authorization: ").append(value).append("\r\n"));
    request.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    Matcher status = STATUS.matcher(line(in));
    if (!status.matches()) {
      throw new IOException("not an RTSP answer");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(Math.min(length, SNIFF_BYTES)), StandardCharsets.UTF_8);
    return new RtspAnswer(Integer.parseInt(status.group(1)), headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next != '\n'; next = in.read()) {
      if (next < 0) {
        throw new IOException("the camera closed the connection");
      }
      if (next != '\r') {
        line.write(next);
      }
      if (line.size() > 8192) {
        throw new IOException("not an RTSP answer");
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Basic, or Digest (RFC 2069/2617 without qop, as RTSP cameras ask) when the camera asks for it. */
  private static String authorization(StreamSource source, String target, String challenge) {
    if (!challenge.regionMatches(true, 0, "Digest", 0, 6)) {
      return source.basicAuthorization().orElseThrow();
    }
    String realm = parameter(challenge, "realm");
    String nonce = parameter(challenge, "nonce");
    String ha1 = md5(source.username() + ":" + realm + ":" + source.password());
    String ha2 = md5("DESCRIBE:" + target);
    return "Digest username=\"" + source.username() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + target
        + "\", response=\"" + md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
  }

  private static String parameter(String challenge, String name) {
    Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
    return matcher.find() ? matcher.group(1) : "";
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }

  private static Result plays(StreamSource source, String what) {
    return new Result(StreamTestOutcome.STREAM_TEST_OUTCOME_PLAYS, source.shown() + ": " + what);
  }

  private static Result notVideo(StreamSource source, String why) {
    return new Result(StreamTestOutcome.STREAM_TEST_OUTCOME_NOT_VIDEO, source.shown() + ": " + why);
  }
}
