package org.watchfloor.server.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.sim.SimulatorPath.DevicePlaylist;
import org.watchfloor.server.sim.SimulatorPath.DeviceSegment;
import org.watchfloor.server.sim.SimulatorPath.LivePlaylist;
import org.watchfloor.server.sim.SimulatorPath.LiveSegment;
import org.watchfloor.server.sim.SimulatorPath.LiveStream;
import org.watchfloor.server.sim.SimulatorPath.RecordedSpans;
import org.watchfloor.server.sim.SimulatorPath.Recording;
import org.watchfloor.server.stream.PlaybackQuery;
import org.watchfloor.server.stream.TicketValidator;

/**
 * Answers the simulator's HTTP requests (URLs in {@link SimulatorPath}): asks the broker's
 * {@link TicketValidator} about the request's ticket every time, playlist and segment alike, then
 * serves live playlists, segments, HTTP-TS streams and, through MediaMTX's playback API, recordings
 * from the clip library.
 */
final class SimulatorHttpHandler implements HttpHandler {

  static final String SEGMENT_CONTENT_TYPE = "video/mp2t";
  /** Segments in a live playlist: 20 s, more than libVLC's default 15 s live delay, so it starts inside the window. */
  static final int LIVE_WINDOW_SEGMENTS = 10;
  /** How far behind live a reader may fetch segments before it must reload the playlist. */
  static final Duration LIVE_LOOKBACK = Duration.ofMinutes(5);

  private static final Logger LOG = Logger.getLogger(SimulatorHttpHandler.class.getName());

  private final TicketValidator validator;
  private final Clock clock;
  private final ClipLibrary library;
  private final SegmentTimeline timeline;
  private final LiveTransportStreams streams;
  private final long lookbackSegments;
  private final Recorder recorder;

  SimulatorHttpHandler(TicketValidator validator, Clock clock, ClipLibrary library, LiveTransportStreams streams) {
    this.validator = validator;
    this.clock = clock;
    this.library = library;
    this.timeline = library.timeline();
    this.streams = streams;
    this.lookbackSegments = LIVE_LOOKBACK.toMillis() / timeline.millis();
    this.recorder = new Recorder(timeline);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (RejectedRequest rejected) {
      LOG.fine(() -> "simulator: " + rejected.status() + " " + rejected.getMessage());
      text(exchange, rejected.status(), rejected.getMessage());
    } catch (IOException e) {
      LOG.log(Level.FINE, "simulator: a reader went away", e);
      exchange.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "simulator: cannot serve " + exchange.getRequestURI().getRawPath(), e);
      if (exchange.getResponseCode() == -1) {
        text(exchange, 500, "simulator error: " + e.getMessage());
      } else {
        exchange.close();
      }
    }
  }

  private void serve(HttpExchange exchange) throws RejectedRequest, IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      throw new RejectedRequest(405, "method: the simulator answers GET only, not " + exchange.getRequestMethod());
    }
    String rawQuery = exchange.getRequestURI().getRawQuery();
    SimulatorPath path = SimulatorPath.parse(exchange.getRequestURI().getRawPath(), rawQuery);
    if (path instanceof DevicePlaylist || path instanceof DeviceSegment) {
      serveDevice(exchange, path);
      return;
    }
    String ticket;
    try {
      ticket = PlaybackQuery.parse(rawQuery).parameter("ticket")
          .orElseThrow(() -> new RejectedRequest(401, "ticket: missing; play a stream ticket's URL as it is"));
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(401, "ticket: not valid percent-encoding");
    }
    Optional<String> refusal;
    if (path instanceof Recording recording) {
      refusal = validator.playbackRefusal(ticket, path.cameraId(), recording.start(), recording.end());
    } else {
      refusal = validator.refusal(ticket, path.cameraId(),
          path instanceof RecordedSpans ? TicketValidator.Access.PLAYBACK : TicketValidator.Access.LIVE);
    }
    if (refusal.isPresent()) {
      throw new RejectedRequest(401, refusal.get());
    }
    SimulatedCamera camera = SimulatedCamera.of(path.cameraId(), library.clips());
    // The segment being recorded now is not served yet: a live or recorded segment is a complete one.
    long now = timeline.sequenceAt(clock.instant());
    if (path instanceof LivePlaylist) {
      send(exchange, MediaPlaylist.CONTENT_TYPE, MediaPlaylist.live(timeline, now - LIVE_WINDOW_SEGMENTS, now, ticket));
    } else if (path instanceof LiveSegment live) {
      if (live.sequence() >= now || live.sequence() < now - lookbackSegments) {
        throw new RejectedRequest(
            404, "segment " + live.sequence() + " is not live: live segments are now " + (now - lookbackSegments) + " to " + (now - 1));
      }
      send(exchange, SEGMENT_CONTENT_TYPE, camera.segment(live.profile(), live.sequence()));
    } else if (path instanceof LiveStream) {
      streams.start(exchange, camera, path.profile(), ticket);
    } else if (path instanceof RecordedSpans spans) {
      TicketValidator.PlaybackWindow allowed = validator.playbackWindow(ticket, path.cameraId()).orElseThrow();
      Instant from = later(allowed.start(), spans.start().orElse(allowed.start()));
      Instant to = earlier(allowed.end(), spans.end().orElse(allowed.end()));
      String getBase = "http://" + exchange.getRequestHeaders().getFirst("Host") + SimulatorPath.PLAYBACK + "/get?";
      send(exchange, "application/json", Recorder.json(recorder.spans(camera, from, to, now), path, getBase));
    } else {
      recorder.send(exchange, camera, (Recording) path, now);
    }
  }

  /**
   * An owner's camera as it serves itself on their network, for trying Level 2 onboarding: HLS
   * behind HTTP Basic, as many cameras and DVRs do.
   */
  private void serveDevice(HttpExchange exchange, SimulatorPath path) throws RejectedRequest, IOException {
    String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (SimulatorPath.DEVICE_USER + ":" + SimulatorPath.DEVICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"simulated camera\"");
      throw new RejectedRequest(401, "this camera asks for its user name and password");
    }
    SimulatedCamera camera = SimulatedCamera.of(path.cameraId(), library.clips());
    long now = timeline.sequenceAt(clock.instant());
    if (path instanceof DeviceSegment segment) {
      if (segment.sequence() >= now || segment.sequence() < now - lookbackSegments) {
        throw new RejectedRequest(404, "segment " + segment.sequence() + " is not live");
      }
      send(exchange, SEGMENT_CONTENT_TYPE, camera.segment(path.profile(), segment.sequence()));
    } else {
      send(exchange, MediaPlaylist.CONTENT_TYPE, MediaPlaylist.live(timeline, now - LIVE_WINDOW_SEGMENTS, now, ""));
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static void send(HttpExchange exchange, String contentType, String body) throws IOException {
    send(exchange, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
    respond(exchange, 200, contentType, body);
  }

  /** A plain-text answer, used for every error: the body says what was wrong. */
  static void text(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      // Ticketed URLs are per viewer and short-lived: no cache should keep what they returned.
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      // Browser players (hls.js on the owner's page) fetch from another origin; the ticket is the
      // credential, no cookie is involved, so any origin may read what a ticket opens (as MediaMTX allows).
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }
}
