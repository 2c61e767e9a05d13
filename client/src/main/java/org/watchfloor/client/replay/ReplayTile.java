package org.watchfloor.client.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Future;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.PlaybackTicket;
import org.watchfloor.client.net.StreamSize;
import org.watchfloor.client.wall.VideoPlayer;

/**
 * One camera's recording on the replay wall, kept on its clock (the replay's master clock, or its
 * own while independent). It opens a playback ticket, learns the recorded spans, and shows the
 * clock's moment by opening a window of the recording that starts there, paused, stepping frame by
 * frame until the time code in the picture says the right frame is on screen. While playing it
 * reads the time code of every frame, shows the measured offset, nudges the player's rate to close
 * small offsets and opens a new window for large ones. Where nothing was recorded it says so.
 * Everything here runs on the FX thread; broker calls go through {@link Replay#background}.
 */
public final class ReplayTile {

  /** How much of the recording one window asks for; the next opens where it ends. */
  private static final Duration WINDOW = Duration.ofMinutes(20);
  /** While the clock runs, a tile reopens this far (real time) ahead of it and waits there. */
  private static final Duration LEAD = Duration.ofMillis(1500);
  /** An offset beyond this (times the speed, at least 1x) is closed by opening a new window, not by nudging. */
  private static final Duration RESEEK_BEYOND = Duration.ofMillis(400);
  /** A nudge closes the measured offset over about this much real time. */
  private static final double NUDGE_SECONDS = 1.0;
  /** A nudge changes the rate by at most this share. */
  private static final double MAX_NUDGE = 0.25;
  /** Offsets averaged for a correction: the time code is exact, the moment a frame arrives jitters a few ms. */
  private static final int SMOOTHING = 5;
  /** While seeking, the player runs at this rate up to the wanted frame, slow enough to pause on it. */
  private static final float APPROACH_RATE = 0.5f;
  /** At most this many frames (2 s) a window opens before the wanted frame, to arrive there playing. */
  private static final int MAX_FRAMES_EARLY = 30;
  private static final long STALL_NANOS = Duration.ofSeconds(4).toNanos();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  /** A time code read on the decoder thread, and when the frame arrived. */
  private record Reading(long stream, int code, long arrivedNanos, long sequence) {}

  private final Replay replay;
  private final String cameraId;
  private final String cameraName;
  private final String clipId;
  private final RecordedSpans fromTimeline;
  private final ReadOnlyObjectWrapper<ReplayTileState> state = new ReadOnlyObjectWrapper<>(ReplayTileState.OPENING);
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Image> frame = new ReadOnlyObjectWrapper<>();
  /** The measured offset of the picture from the clock (positive: ahead); null until measured. */
  private final ReadOnlyObjectWrapper<Duration> offset = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<RecordedSpans> spans = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper independent = new ReadOnlyBooleanWrapper(false);

  private ReplayClock ownClock;
  /** An independent tile waits for its own seek before its own clock runs on. */
  private boolean ownClockHeld;
  private PlaybackTicket ticket;
  private VideoPlayer player;
  private Future<?> renewal;
  private Future<?> retry;
  private long attempt;
  private int failures;
  private Duration backoff = FIRST_BACKOFF;
  private int pixelWidth = 640;
  private int pixelHeight = 360;

  // The current window: where it starts, whether its first frame is on screen, whether it plays.
  private Instant origin;
  private boolean ready;
  private boolean running;
  private boolean approaching;
  /** How many frames before the wanted one a seek opens its window: learnt from how late libVLC's first frame shows. */
  private int framesEarly = 4;
  /** Counts the windows opened, so that a reading of an earlier one is never taken for the current one's. */
  private long streams;
  private double appliedRate = 1;
  private long lastFrameNanos;
  private long seekStartedNanos;
  private Duration lastSeek;
  private long lastSeekFramesOff;

  private volatile Reading latest;
  private long readings;
  private long lastSequence;
  private final Deque<Long> recentOffsets = new ArrayDeque<>();

  ReplayTile(Replay replay, String cameraId, String cameraName, String clipId, RecordedSpans fromTimeline) {
    this.replay = replay;
    this.cameraId = cameraId;
    this.cameraName = cameraName;
    this.clipId = clipId;
    this.fromTimeline = fromTimeline;
  }

  public String cameraId() {
    return cameraId;
  }

  public String cameraName() {
    return cameraName;
  }

  /** Whether the recording is a clip its private camera's owner shared (consent rule 4). */
  public boolean ownerShared() {
    return !clipId.isEmpty();
  }

  public ReadOnlyObjectProperty<ReplayTileState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public ReplayTileState state() {
    return state.get();
  }

  public ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Image> frameProperty() {
    return frame.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Duration> offsetProperty() {
    return offset.getReadOnlyProperty();
  }

  /** The picture's latest measured offset from its clock; empty until a time code was read. */
  public Optional<Duration> offset() {
    return Optional.ofNullable(offset.get());
  }

  /** The recorded spans (from the media server's list, else from the broker's timeline); null until known. */
  public ReadOnlyObjectProperty<RecordedSpans> spansProperty() {
    return spans.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty independentProperty() {
    return independent.getReadOnlyProperty();
  }

  /** The clock this tile follows: its own while independent, else the replay's. */
  public ReplayClock clock() {
    return ownClock != null ? ownClock : replay.clock();
  }

  /** How long the last seek took from asking to the right frame on screen, and how many frames that frame was off. */
  public Optional<SeekResult> lastSeek() {
    return Optional.ofNullable(lastSeek).map(took -> new SeekResult(took, lastSeekFramesOff));
  }

  /** A finished seek: its duration and how far the frame shown was from the one asked for. */
  public record SeekResult(Duration took, long framesOff) {}

  /** Whether the tile plays a recording at the clock's moment now. */
  public boolean inStep() {
    return state.get() == ReplayTileState.IN_STEP && ready;
  }

  /** Asks the broker for the ticket and the media server for the spans, then shows the clock's moment. */
  void open() {
    if (replay.pool().isEmpty()) {
      set(ReplayTileState.UNPLAYABLE, replay.videoProblem());
      return;
    }
    set(ReplayTileState.OPENING, "Asking the broker for the recording…");
    long mine = ++attempt;
    replay.background(() -> {
      try {
        PlaybackTicket issued = replay.broker().openPlayback(cameraId, clipId, replay.windowStart(), replay.windowEnd(), replay.purpose(), StreamSize.SUB);
        RecordedSpans listed;
        try {
          listed = RecordedSpans.fetch(issued.url());
        } catch (IOException e) {
          listed = fromTimeline; // the broker's timeline knows the spans too, less exactly
        }
        RecordedSpans known = listed;
        replay.fx(() -> opened(mine, issued, known));
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> {
          if (mine == attempt) {
            set(refusal.reason() == BrokerRefusal.Reason.BROKER_UNREACHABLE ? ReplayTileState.RECONNECTING : ReplayTileState.REFUSED,
                refusal.getMessage());
            if (refusal.reason() == BrokerRefusal.Reason.BROKER_UNREACHABLE) {
              retryLater(this::open);
            }
          }
        });
      } catch (IllegalArgumentException notARecording) {
        replay.fx(() -> set(ReplayTileState.REFUSED, notARecording.getMessage()));
      }
    });
  }

  private void opened(long mine, PlaybackTicket issued, RecordedSpans known) {
    if (mine != attempt) {
      replay.closeSession(issued.sessionId());
      return;
    }
    ticket = issued;
    spans.set(known);
    scheduleRenewal(issued.renewAfter());
    seek(replay.settling() ? clock().now() : targetForClock());
  }

  /** Where to open so that the picture is ready before the clock gets there. */
  private Instant targetForClock() {
    ReplayClock clock = clock();
    if (!clock.playing()) {
      return clock.now();
    }
    return TimeCode.frameStart(clock.now().plusNanos(Math.round(LEAD.toNanos() * clock.rate())));
  }

  /**
   * Shows {@code target}: opens a window of the recording starting there, paused, and plays slowly
   * on to its frame. With no recording there, says so and waits for the next span.
   */
  void seek(Instant target) {
    if (ticket == null || spans.get() == null) {
      return; // still opening: it seeks to the clock when the ticket comes
    }
    attempt++;
    cancelRetry();
    ready = false;
    running = false;
    approaching = false;
    recentOffsets.clear();
    seekStartedNanos = System.nanoTime();
    Optional<RecordedSpans.Span> span = spans.get().at(target);
    if (span.isEmpty()) {
      origin = null;
      stopPlayer();
      showNoRecording(target);
      return;
    }
    origin = target;
    Duration length = Duration.between(target, span.get().end());
    if (length.compareTo(WINDOW) > 0) {
      length = WINDOW;
    }
    if (player == null) {
      player = replay.pool().orElseThrow().take();
    }
    latest = null;
    long stream = ++streams;
    long mine = attempt;
    approaching = true;
    Instant early = target.minus(TimeCode.FRAME.multipliedBy(framesEarly));
    Instant windowStart = early.isBefore(span.get().start()) ? span.get().start() : early.isBefore(ticket.start()) ? ticket.start() : early;
    player.playRecording(PlaybackUrls.window(ticket.url(), windowStart, length.plus(Duration.between(windowStart, target))), APPROACH_RATE,
        pixelWidth, pixelHeight, (bgra, width, height, arrived) -> frameArrived(stream, bgra, width, height, arrived), () -> replay.fx(() -> {
      if (mine == attempt) {
        System.err.println("DEBUG ended " + cameraId + " window " + windowStart + " target " + target + " ticket " + ticket.start());
        streamEnded();
      }
    }));
    replay.wakePulse();
    if (state.get() != ReplayTileState.RECONNECTING) {
      set(ReplayTileState.SEEKING, "");
    }
  }

  private void showNoRecording(Instant at) {
    Optional<Instant> next = spans.get().nextStart(at);
    set(ReplayTileState.NO_RECORDING, next.map(start -> "Recording resumes at " + replay.formatTime(start) + ".")
        .orElse("Nothing recorded after this moment in the replay's window."));
  }

  /** On libVLC's event thread: read the time code while the frame is at hand. */
  private void frameArrived(long stream, ByteBuffer bgra, int width, int height, long arrivedNanos) {
    int code = TimeCode.read(bgra, width, height);
    if (code >= 0) {
      latest = new Reading(stream, code, arrivedNanos, ++readings);
    }
  }

  /** The window ended (at a gap or its end) or broke off. */
  private void streamEnded() {
    running = false;
    ready = false;
    Instant now = clock().now();
    RecordedSpans known = spans.get();
    if (known != null && !known.covers(now.plus(TimeCode.FRAME))) {
      origin = null;
      stopPlayer();
      showNoRecording(now);
      return;
    }
    reconnect("The stream broke off.");
  }

  private void reconnect(String why) {
    set(ReplayTileState.RECONNECTING, why + " Reopening it at the clock's moment…");
    stopPlayer();
    origin = null;
    long mine = ++attempt;
    failures++;
    retryLater(() -> {
      if (mine != attempt) {
        return;
      }
      if (failures > 2) {
        // The media server or the session may have moved on: a new ticket.
        failures = 0;
        if (ticket != null) {
          replay.closeSession(ticket.sessionId());
          ticket = null;
        }
        cancelRenewal();
        open();
      } else {
        seek(targetForClock());
      }
    });
  }

  /** Once per FX pulse: shows the newest frame, measures, and keeps the recording on its clock. */
  void pulse(long now) {
    if (ownClock != null) {
      ownClock.tick();
    }
    ReplayClock clock = clock();
    if (player != null) {
      Image newest = player.frames().takeNewest();
      if (newest != null && (state.get() != ReplayTileState.NO_RECORDING)) {
        frame.set(newest);
      }
    }
    Reading reading = latest;
    if (reading != null && reading.sequence() != lastSequence && reading.stream() == streams && origin != null) {
      lastSequence = reading.sequence();
      lastFrameNanos = reading.arrivedNanos();
      measure(reading, clock, now);
    }
    if (origin == null) {
      if (state.get() == ReplayTileState.NO_RECORDING && clock.playing() && spans.get() != null) {
        // Open the next span in time to be on it when the clock arrives.
        Instant ahead = clock.now().plusNanos(Math.round(LEAD.toNanos() * clock.rate()));
        spans.get().nextStart(clock.now()).filter(start -> !start.isAfter(ahead)).ifPresent(this::seek);
      }
      return;
    }
    if (!ready) {
      if (clock.playing() && !clock.now().isBefore(origin) && !replay.settling()) {
        seek(targetForClock()); // the clock got there first: open further ahead
      }
      return;
    }
    if (!running && clock.playing() && !clock.now().isBefore(origin)) {
      running = true;
      appliedRate = clock.rate();
      player.resume((float) appliedRate);
      lastFrameNanos = now;
    } else if (running && !clock.playing()) {
      running = false;
      player.pause();
    } else if (running && now - lastFrameNanos > STALL_NANOS) {
      reconnect("No video for 4 s.");
    }
  }

  /** Reads one frame's time code: while seeking, plays slowly up to the wanted frame; while playing, corrects. */
  private void measure(Reading reading, ReplayClock clock, long now) {
    if (!ready) {
      Instant captured = TimeCode.captureTime(reading.code(), origin);
      long framesOff = TimeCode.frames(Duration.between(origin, captured));
      System.err.println("DEBUG " + cameraId + " code " + reading.code() + " framesOff " + framesOff + " approaching " + approaching + " at " + (now - seekStartedNanos) / 1000000 + " arrived " + (reading.arrivedNanos() - seekStartedNanos) / 1000000);
      if (framesOff < 0) {
        return; // on its way: the window plays slowly up to the wanted frame
      }
      if (approaching) {
        approaching = false;
        player.pause();
      }
      if (framesOff > 1 && framesEarly < MAX_FRAMES_EARLY) {
        // libVLC showed its first frame late: open the window earlier, so that it arrives playing.
        framesEarly = Math.min(MAX_FRAMES_EARLY, framesEarly + (int) framesOff + 2);
        seek(origin);
        return;
      }
      ready = true;
      failures = 0;
      backoff = FIRST_BACKOFF;
      lastSeek = Duration.ofNanos(now - seekStartedNanos);
      lastSeekFramesOff = framesOff;
      offset.set(Duration.between(origin, captured));
      set(ReplayTileState.IN_STEP, "");
      if (ownClockHeld) {
        ownClockHeld = false;
        ownClock.play();
      }
      return;
    }
    Instant expected = clock.at(reading.arrivedNanos());
    Duration measured = Duration.between(expected, TimeCode.captureTime(reading.code(), expected));
    recentOffsets.addLast(measured.toNanos());
    if (recentOffsets.size() > SMOOTHING) {
      recentOffsets.removeFirst();
    }
    Duration smoothed = Duration.ofNanos((long) recentOffsets.stream().mapToLong(Long::longValue).average().orElse(0));
    offset.set(measured);
    System.err.println("DEBUG play " + cameraId + " code " + reading.code() + " offset " + measured.toMillis() + " running " + running + " rate " + appliedRate + " clock " + clock.playing());
    if (running && clock.playing() && recentOffsets.size() == SMOOTHING) {
      correct(smoothed, clock);
    }
  }

  /** Closes a measured offset: by a rate nudge when small, by opening a new window when large. */
  private void correct(Duration smoothed, ReplayClock clock) {
    double rate = clock.rate();
    if (smoothed.abs().toNanos() > RESEEK_BEYOND.toNanos() * Math.max(1, rate)) {
      System.err.println("DEBUG reseek " + cameraId + " smoothed " + smoothed.toMillis());
      seek(targetForClock());
      return;
    }
    double seconds = smoothed.toNanos() / 1e9;
    double wanted = rate - seconds / NUDGE_SECONDS;
    wanted = Math.max(rate * (1 - MAX_NUDGE), Math.min(rate * (1 + MAX_NUDGE), wanted));
    if (Math.abs(smoothed.toNanos()) < TimeCode.FRAME.toNanos() / 4) {
      wanted = rate; // close enough: play at the clock's own speed
    }
    if (Math.abs(wanted - appliedRate) > rate * 0.02) {
      appliedRate = wanted;
      player.setRate((float) wanted);
      recentOffsets.clear(); // judge the new rate on its own frames
    }
  }

  /** The clock changed speed: play at it (the next measurements nudge from there). */
  void rateChanged() {
    if (running) {
      appliedRate = clock().rate();
      player.setRate((float) appliedRate);
      recentOffsets.clear();
    }
  }

  /** One frame on, while paused: on to the clock's next frame as a seek does, without reopening. */
  void stepForward() {
    if (ready && !running && player != null) {
      origin = clock().now();
      ready = false;
      seekStartedNanos = System.nanoTime();
      approaching = true;
      player.resume(APPROACH_RATE);
    } else if (spans.get() != null) {
      seek(clock().now());
    }
  }

  /** Whether a seek of the master clock may go on: this tile shows its moment, or cannot. */
  boolean settled() {
    return ticket == null || origin == null || ready;
  }

  /** The tile's size on screen, device pixels; applies from the next window opened. */
  void resize(int width, int height) {
    if (width > 0 && height > 0) {
      pixelWidth = width;
      pixelHeight = height;
    }
  }

  /** Gives the tile a clock of its own, starting where the replay's stands. */
  public void makeIndependent() {
    if (ownClock == null) {
      ownClock = ReplayClock.copyOf(replay.clock());
      if (replay.clock().playing()) {
        ownClock.play();
      }
      independent.set(true);
    }
  }

  /** Back on the replay's clock, at its moment. */
  public void rejoin() {
    if (ownClock != null) {
      ownClock = null;
      ownClockHeld = false;
      independent.set(false);
      seek(targetForClock());
    }
  }

  /** Plays or pauses the tile's own clock. */
  public void toggleOwnClock() {
    if (ownClock == null) {
      return;
    }
    if (ownClock.playing()) {
      ownClock.pause();
    } else {
      ownClock.play();
    }
  }

  /** Moves the tile's own clock by {@code by}, holding it until the picture is there. */
  public void jumpOwnClock(Duration by) {
    if (ownClock == null) {
      return;
    }
    boolean wasPlaying = ownClock.playing();
    ownClock.pause();
    ownClock.jump(by);
    ownClockHeld = wasPlaying;
    seek(ownClock.now());
  }

  private void scheduleRenewal(Instant when) {
    cancelRenewal();
    Duration wait = Duration.between(Instant.now(), when);
    PlaybackTicket current = ticket;
    renewal = replay.after(wait.isNegative() ? Duration.ZERO : wait, () -> {
      if (ticket == current) {
        renew(current);
      }
    });
  }

  private void renew(PlaybackTicket current) {
    replay.background(() -> {
      try {
        PlaybackTicket renewed = replay.broker().renewPlayback(current);
        replay.fx(() -> {
          if (ticket == current) {
            ticket = renewed;
            scheduleRenewal(renewed.renewAfter());
          }
        });
      } catch (BrokerRefusal refusal) {
        replay.fx(() -> {
          if (ticket != current) {
            return;
          }
          if (refusal.reason() == BrokerRefusal.Reason.BROKER_UNREACHABLE && Instant.now().isBefore(current.expiresAt())) {
            scheduleRenewal(Instant.now().plusSeconds(2));
          } else if (refusal.reason() == BrokerRefusal.Reason.NO_PERMISSION || refusal.sessionEnd().isPresent()) {
            ticket = null;
            attempt++;
            origin = null;
            stopPlayer();
            set(ReplayTileState.REFUSED, refusal.getMessage());
          } else {
            ticket = null;
            open();
          }
        });
      }
    });
  }

  private void retryLater(Runnable action) {
    cancelRetry();
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(8)) > 0 ? Duration.ofSeconds(8) : backoff.multipliedBy(2);
    retry = replay.after(wait, action);
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  private void cancelRenewal() {
    if (renewal != null) {
      renewal.cancel(false);
      renewal = null;
    }
  }

  /** Stops decoding; the last frame stays on the tile (dimmed by the view). */
  private void stopPlayer() {
    running = false;
    ready = false;
    if (player != null) {
      replay.pool().orElseThrow().giveBack(player);
      player = null;
    }
  }

  /** Ends the tile: its player, timers and (returned) open session. */
  Optional<String> release() {
    attempt++;
    cancelRetry();
    cancelRenewal();
    stopPlayer();
    Optional<String> session = Optional.ofNullable(ticket).map(PlaybackTicket::sessionId);
    ticket = null;
    return session;
  }

  private void set(ReplayTileState newState, String why) {
    state.set(newState);
    detail.set(why == null ? "" : why);
  }
}
