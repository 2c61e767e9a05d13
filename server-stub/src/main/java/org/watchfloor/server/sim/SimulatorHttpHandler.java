package org.watchfloor.server.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.sim.SimulatorPath.LivePlaylist;
import org.watchfloor.server.sim.SimulatorPath.LiveSegment;
import org.watchfloor.server.sim.SimulatorPath.LiveStream;
import org.watchfloor.server.sim.SimulatorPath.RecordingPlaylist;
import org.watchfloor.server.sim.SimulatorPath.RecordingSegment;
import org.watchfloor.server.sim.SimulatorPath.RecordingWindow;
import org.watchfloor.server.stream.TicketValidator;

/**
 * Answers the simulator's HTTP requests (URLs in {@link SimulatorPath}): asks the broker's
 * {@link TicketValidator} about the request's ticket every time, playlist and segment alike, then
 * serves live playlists, segments, HTTP-TS streams and recordings from the clip library.
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

  SimulatorHttpHandler(TicketValidator validator, Clock clock, ClipLibrary library, LiveTransportStreams streams) {
    this.validator = validator;
    this.clock = clock;
    this.library = library;
    this.timeline = library.timeline();
    this.streams = streams;
    this.lookbackSegments = LIVE_LOOKBACK.toMillis() / timeline.millis();
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
    SimulatorPath path = SimulatorPath.parse(exchange.getRequestURI().getRawPath());
    String ticket =
        ticket(exchange.getRequestURI().getRawQuery())
            .orElseThrow(() -> new RejectedRequest(401, "ticket: missing; play a stream ticket's URL as it is"));
    boolean playback = path instanceof RecordingPlaylist || path instanceof RecordingSegment;
    Optional<String> refusal =
        validator.refusal(ticket, path.cameraId(), playback ? TicketValidator.Access.PLAYBACK : TicketValidator.Access.LIVE);
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
    } else if (path instanceof RecordingPlaylist recording) {
      long first = timeline.sequenceAt(recording.window().start());
      long end = recordedEnd(recording.cameraId(), recording.window(), first, now);
      send(exchange, MediaPlaylist.CONTENT_TYPE, MediaPlaylist.recording(timeline, first, end, ticket));
    } else {
      RecordingSegment recorded = (RecordingSegment) path;
      long first = timeline.sequenceAt(recorded.window().start());
      long end = recordedEnd(recorded.cameraId(), recorded.window(), first, now);
      if (recorded.sequence() < first || recorded.sequence() >= end) {
        throw new RejectedRequest(
            404, "segment " + recorded.sequence() + " is outside this recording (segments " + first + " to " + (end - 1) + ")");
      }
      send(exchange, SEGMENT_CONTENT_TYPE, camera.segment(recorded.profile(), recorded.sequence()));
    }
  }

  /** The segment after the last one of the window that is recorded by now; 404 when none is. */
  private long recordedEnd(String cameraId, RecordingWindow window, long first, long now) throws RejectedRequest {
    long end = Math.min(timeline.sequenceStartingAtOrAfter(window.end()), now);
    if (end <= first) {
      throw new RejectedRequest(
          404, "no recording of " + cameraId + " between " + window.start() + " and " + window.end() + " yet");
    }
    return end;
  }

  private static Optional<String> ticket(String rawQuery) throws RejectedRequest {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("ticket=")) {
        try {
          return Optional.of(URLDecoder.decode(pair.substring("ticket=".length()), StandardCharsets.UTF_8))
              .filter(ticket -> !ticket.isEmpty());
        } catch (IllegalArgumentException e) {
          throw new RejectedRequest(401, "ticket: not valid percent-encoding");
        }
      }
    }
    return Optional.empty();
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
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }
}
