package org.watchfloor.server.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.stream.TicketValidator;

/**
 * Serves live HTTP MPEG-TS: each reader gets one endless response of back-to-back segments, each
 * sent when its time on the wall clock begins, with the ticket checked again before every segment
 * so a revoked ticket ends the stream within one segment. Each open stream has a thread of its own
 * here, so long responses never hold the HTTP server's request threads.
 */
final class LiveTransportStreams implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LiveTransportStreams.class.getName());
  /** Each stream is a mostly sleeping thread; the cap keeps a misbehaving client from starting thousands. */
  static final int MAX_STREAMS = 256;

  private final TicketValidator validator;
  private final Clock clock;
  private final SegmentTimeline timeline;
  private final long lookbackSegments;
  private final Semaphore slots = new Semaphore(MAX_STREAMS);
  private final Set<HttpExchange> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService writers;

  LiveTransportStreams(TicketValidator validator, Clock clock, SegmentTimeline timeline, Duration lookback) {
    this.validator = validator;
    this.clock = clock;
    this.timeline = timeline;
    this.lookbackSegments = lookback.toMillis() / timeline.millis();
    AtomicInteger count = new AtomicInteger();
    this.writers =
        new ThreadPoolExecutor(
            0,
            MAX_STREAMS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "sim-http-ts-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Answers 200 and hands the exchange to a stream thread; answers 503 when {@link #MAX_STREAMS}
   * streams are open. The ticket has been checked once already by the caller.
   */
  void start(HttpExchange exchange, SimulatedCamera camera, SimulatedProfile profile, String ticket) throws IOException {
    if (!slots.tryAcquire()) {
      SimulatorHttpHandler.text(exchange, 503, "the simulator serves at most " + MAX_STREAMS + " HTTP-TS streams at once");
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", SimulatorHttpHandler.SEGMENT_CONTENT_TYPE);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      open.add(exchange);
      writers.execute(() -> stream(exchange, camera, profile, ticket));
    } catch (IOException | RejectedExecutionException e) {
      finish(exchange);
      if (e instanceof IOException io) {
        throw io;
      }
    }
  }

  private void stream(HttpExchange exchange, SimulatedCamera camera, SimulatedProfile profile, String ticket) {
    long sequence = timeline.sequenceAt(clock.instant());
    try {
      OutputStream body = exchange.getResponseBody();
      while (true) {
        Optional<String> refusal = validator.refusal(ticket, camera.cameraId(), TicketValidator.Access.LIVE);
        if (refusal.isPresent()) {
          LOG.info(() -> "HTTP-TS stream of " + camera.cameraId() + " ended: " + refusal.get());
          return;
        }
        if (sequence < timeline.sequenceAt(clock.instant()) - lookbackSegments) {
          LOG.info(() -> "HTTP-TS stream of " + camera.cameraId() + " ended: its reader fell more than the live lookback behind");
          return;
        }
        body.write(camera.segment(profile, sequence));
        body.flush();
        sequence++;
        awaitStart(sequence);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "HTTP-TS reader of " + camera.cameraId() + " went away", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish(exchange);
    }
  }

  /** Sleeps until segment {@code sequence} begins on the clock (it is then sent whole, ahead of playback). */
  private void awaitStart(long sequence) throws InterruptedException {
    long remaining;
    while ((remaining = timeline.startOf(sequence).toEpochMilli() - clock.millis()) > 0) {
      Thread.sleep(remaining);
    }
  }

  private void finish(HttpExchange exchange) {
    open.remove(exchange);
    exchange.close();
    slots.release();
  }

  /** Ends every stream: interrupts the sleeping writers and closes their responses. */
  @Override
  public void close() {
    writers.shutdownNow();
    // A writer blocked in a socket write does not see the interrupt; closing its response frees it.
    open.forEach(HttpExchange::close);
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
