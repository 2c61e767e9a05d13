package org.watchfloor.client.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.watchfloor.client.net.PlaybackTicket;
import org.watchfloor.client.replay.RecordingSource;

/**
 * An evidence package's recordings served to the replay on this machine only (loopback, a free
 * port) as MediaMTX's playback API serves a media server's: {@code /list?path=CAMERA} names the
 * package's files of the camera as spans, {@code /get?path=CAMERA&start=&duration=} cuts the file
 * holding {@code start} at the keyframe before it ({@link FragmentedMp4}). So the replay's tiles
 * and their sync by time code work on a package exactly as on the media server, and no broker is
 * asked for a ticket: the package is media already exported and audited. Owners' clips are not
 * recordings of the center: their tiles play their files (see {@link #open}).
 */
public final class PackageRecordings implements RecordingSource, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EvidencePackage evidence;
  private final HttpServer server;
  private final ExecutorService answering;
  private final Map<String, FragmentedMp4> read = new ConcurrentHashMap<>();
  private final AtomicLong playbacks = new AtomicLong();

  private PackageRecordings(EvidencePackage evidence, HttpServer server, ExecutorService answering) {
    this.evidence = evidence;
    this.server = server;
    this.answering = answering;
  }

  /** Serves {@code evidence}'s recordings until {@link #close()}. */
  public static PackageRecordings serve(EvidencePackage evidence) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService answering = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "package-recordings");
      thread.setDaemon(true);
      return thread;
    });
    PackageRecordings recordings = new PackageRecordings(evidence, server, answering);
    server.createContext("/list", exchange -> recordings.answer(exchange, recordings::list));
    server.createContext("/get", exchange -> recordings.answer(exchange, recordings::get));
    server.setExecutor(answering);
    server.start();
    return recordings;
  }

  /**
   * A playback of the camera's recordings through the loopback playback API; of an owner's clip
   * ({@code clipId}: its path in the package), the clip's file itself, which the tile plays from its
   * own start (a plain MP4 has no fragments to cut at a keyframe). Refused (the tile shows why) for
   * a recording that is not as the playback API serves it.
   */
  @Override
  public PlaybackTicket open(String cameraId, String clipId, Instant start, Instant end) {
    String url;
    if (clipId.isEmpty()) {
      for (EvidencePackage.PackagedFile file : recordings(cameraId)) {
        try {
          recording(file);
        } catch (IOException e) {
          throw new IllegalArgumentException(file.path() + " does not replay on the clock (" + e.getMessage()
              + "); it is in the package's folder as exported, for any video player");
        }
      }
      url = address() + "/get?path=" + URLEncoder.encode(cameraId, StandardCharsets.UTF_8);
    } else {
      url = evidence.files().stream().filter(file -> file.clip() && file.path().equals(clipId)).findFirst()
          .map(file -> evidence.fileOf(file).toUri().toString())
          .orElseThrow(() -> new IllegalArgumentException(clipId + " is not a clip of the package"));
    }
    Instant now = Instant.now();
    return new PlaybackTicket("package-" + playbacks.incrementAndGet(), cameraId, url, start, end, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
  }

  /** The package's files do not expire: the same playback, renewed a day on. */
  @Override
  public PlaybackTicket renew(PlaybackTicket ticket) {
    Instant now = Instant.now();
    return new PlaybackTicket(ticket.sessionId(), ticket.cameraId(), ticket.url(), ticket.start(), ticket.end(),
        now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
  }

  @Override
  public void close(String sessionId) {
    // nothing to end: no broker session stands behind a package's playback
  }

  /** An answer: its status, content type and body. */
  private record Answer(int status, String type, byte[] body) {
    static Answer problem(int status, String text) {
      return new Answer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @FunctionalInterface
  private interface Endpoint {
    Answer answer(Map<String, String> query) throws IOException;
  }

  private void answer(HttpExchange exchange, Endpoint endpoint) throws IOException {
    Answer answer;
    try {
      answer = endpoint.answer(query(exchange.getRequestURI().getRawQuery()));
    } catch (IOException | RuntimeException e) {
      answer = Answer.problem(500, "the package's recording cannot be read: " + e.getMessage());
    }
    exchange.getResponseHeaders().set("Content-Type", answer.type());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(answer.status(), answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body());
    }
  }

  /** MediaMTX's {@code /list}: {@code [{"start", "duration" (s), "url"}]}, one per file of the camera. */
  private Answer list(Map<String, String> query) throws IOException {
    List<EvidencePackage.PackagedFile> files = recordings(query.getOrDefault("path", ""));
    if (files.isEmpty()) {
      return Answer.problem(404, "path: the package holds no recording of '" + query.getOrDefault("path", "") + "'");
    }
    ArrayNode spans = JSON.createArrayNode();
    for (EvidencePackage.PackagedFile file : files) {
      spans.addObject().put("start", file.start().toString())
          .put("duration", BigDecimal.valueOf(Duration.between(file.start(), file.end()).toMillis()).movePointLeft(3))
          .put("url", "");
    }
    return new Answer(200, "application/json", JSON.writeValueAsBytes(spans));
  }

  /** MediaMTX's {@code /get} in fMP4: the window of the file that holds {@code start}. */
  private Answer get(Map<String, String> query) throws IOException {
    Instant start;
    Duration length;
    try {
      start = OffsetDateTime.parse(query.getOrDefault("start", "")).toInstant();
      length = Duration.ofNanos(new BigDecimal(query.getOrDefault("duration", "")).movePointRight(9).longValueExact());
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      return Answer.problem(400, "start and duration: an RFC 3339 time and seconds, got '" + query.get("start") + "' and '" + query.get("duration") + "'");
    }
    if (!"fmp4".equals(query.getOrDefault("format", "fmp4"))) {
      return Answer.problem(400, "format: a package's recordings are served as fmp4 only");
    }
    Optional<EvidencePackage.PackagedFile> holding = recordings(query.getOrDefault("path", "")).stream()
        .filter(file -> !start.isBefore(file.start()) && start.isBefore(file.end())).findFirst();
    if (holding.isEmpty()) {
      return Answer.problem(404, "start: the package holds no recording of '" + query.get("path") + "' at " + start);
    }
    return new Answer(200, "video/mp4", recording(holding.get()).window(start, length));
  }

  private FragmentedMp4 recording(EvidencePackage.PackagedFile file) throws IOException {
    FragmentedMp4 recording = read.get(file.path());
    if (recording == null) {
      recording = FragmentedMp4.read(Files.readAllBytes(evidence.fileOf(file)), file.start());
      read.put(file.path(), recording);
    }
    return recording;
  }

  /** The center's recordings of the camera in the package (its owner's clips play as files). */
  private List<EvidencePackage.PackagedFile> recordings(String cameraId) {
    return evidence.files().stream().filter(file -> !file.clip() && file.cameraId().equals(cameraId)).toList();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String parameter : raw.split("&")) {
        int equals = parameter.indexOf('=');
        if (equals > 0) {
          query.put(URLDecoder.decode(parameter.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  /** Where it serves, for the log: {@code http://127.0.0.1:PORT}. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
    answering.shutdownNow();
  }
}
