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
import org.watchfloor.client.wall.VideoPlayer;

/**
 * One camera's recording on the replay wall, kept on its clock (the replay's master clock, or its
 * own while independent). It opens a playback ticket and learns the recorded spans. Paused, it
 * shows the clock's frame by opening a window of the recording a few frames before it, played
 * slowly, and pausing when the time code in the picture says the frame is there. Playing, it opens
 * a window where the clock will be once libVLC shows it (a lead learnt from the time codes), at the
 * clock's speed; a tile ahead of the clock holds (pauses) until the clock catches up, a tile behind
 * opens a new window, because libVLC 3 ignores a new rate on these streams (faster than 1x, the
 * clock waits for a tile a little behind instead). The badge shows the
 * measured offset. Where nothing was recorded it says so. A clip an owner shared carries no time
 * code: it plays from its file's own times, placed at its window's start, and says that its time is
 * not measured. Everything here runs on the FX thread; broker calls go through {@link Replay#background}.
 */
public final class ReplayTile {

  /** How much of the recording one window asks for; the next opens where it ends. */
  private static final Duration WINDOW = Duration.ofMinutes(20);
  /** First guess of how long libVLC takes from opening a window to showing it; learnt per tile from then on. */
  private static final long FIRST_LEAD_NANOS = Duration.ofMillis(900).toNanos();
  private static final long MAX_LEAD_NANOS = Duration.ofSeconds(5).toNanos();
  private static final long MIN_LEAD_NANOS = Duration.ofMillis(300).toNanos();
  /** Added to the lead when a tile arrived late, so that the next arrives a little early and holds. */
  private static final long LEAD_MARGIN_NANOS = Duration.ofMillis(150).toNanos();
  /** A tile further ahead than this (half a frame) pauses until the clock catches up. */
  private static final long AHEAD_NANOS = TimeCode.FRAME.toNanos() / 2;
  /** A tile further behind than this (one and a half frames) opens a new window ahead of the clock. */
  private static final long BEHIND_NANOS = TimeCode.FRAME.toNanos() * 3 / 2;
  /**
   * Faster than 1x, a tile behind by up to this much (of the recording) makes the clock wait for it
   * (the other tiles hold) rather than open a new window: at 4x libVLC's pace jitters by more than
   * the 25 ms of wall time 1.5 frames last, and a new window takes a second and more CPU, so tiles
   * kept reopening and falling behind again. Half a second keeps the tiles that then hold well
   * inside the time code's unambiguous ±1 s. The clock may run a little slower than asked.
   */
  private static final long MAX_WAIT_NANOS = Duration.ofMillis(500).toNanos();
  /** What the tile's player is doing. */
  private enum Mode {
    /** Nothing open (no recording here, or waiting to reconnect). */
    IDLE,
    /** Playing slowly up to the clock's frame, to pause on it. */
    SEEKING,
    /** Paused on the clock's frame. */
    PAUSED,
    /** Opened ahead of the running clock, waiting for its first frame. */
    JOINING,
    /** Playing with the clock (or holding until it catches up). */
    RUNNING
  }

  /** Offsets averaged for a correction: the time code is exact, the moment a frame arrives jitters a few ms. */
  private static final int SMOOTHING = 5;
  /** While seeking, the player runs at this rate up to the wanted frame, slow enough to pause on it. */
  private static final float APPROACH_RATE = 0.5f;
  /** At most this many frames (2 s) a window opens before the wanted frame, to arrive there playing. */
  private static final int MAX_FRAMES_EARLY = 30;
  /** A late arrival opens the next window at most this many frames earlier: one stall under load is not the rule. */
  private static final int MAX_STEP_EARLIER = 4;
  private static final long STALL_NANOS = Duration.ofSeconds(4).toNanos();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  /** A time code read on the decoder thread, and when the frame arrived. */
  private record Reading(long stream, int code, long arrivedNanos, long sequence) {}

  /** When something happened to a window (System.nanoTime()): handed to libVLC, its first frame. */
  private record Mark(long stream, long nanos) {}

  /** A seek's window at its wanted frame: that frame's capture time, and how many frames of the window showed before it. */
  private record Arrival(Instant captured, int framesToSpare) {}

  /**
   * A seek's window followed frame by frame on libVLC's decoder thread, which pauses the player on
   * the first frame at or after the wanted one there and then: by way of the FX pulse the pause
   * came a pulse and more later, and under load often after the next frame (133 ms at 0.5x), which
   * cost a second window. The frames come in order from the keyframe before the window's start, so
   * each one's capture time follows the last's.
   */
  private final class Approach {
    private final long stream;
    private final Instant wanted;
    private final Instant windowStart;
    private final VideoPlayer player;
    private Instant lastCaptured;
    private int framesToSpare;
    private volatile Arrival arrival;

    Approach(long stream, Instant wanted, Instant windowStart, VideoPlayer player) {
      this.stream = stream;
      this.wanted = wanted;
      this.windowStart = windowStart;
      this.player = player;
      this.lastCaptured = TimeCode.keyframeBefore(windowStart);
    }

    /** One frame of the window, on the decoder thread. */
    void frame(int code) {
      if (arrival != null) {
        return;
      }
      Instant captured = TimeCode.captureTimeAfter(code, lastCaptured);
      lastCaptured = captured;
      if (TimeCode.frames(Duration.between(wanted, captured)) < 0) {
        if (!captured.isBefore(windowStart)) {
          framesToSpare++;
        }
        return; // on its way: the window plays slowly up to the wanted frame
      }
      player.pauseIf(() -> approach == this); // not if the tile opened another window meanwhile
      arrival = new Arrival(captured, framesToSpare);
    }
  }

  private final Replay replay;
  private final String cameraId;
  private final String cameraName;
  private final String clipId;
  /** Whether its pictures carry the center's time code; an owner's clip does not. */
  private final boolean timeCoded;
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

  // The current window: the moment it was opened for, what the player does, at which speed it was opened.
  private Instant origin;
  private Mode mode = Mode.IDLE;
  private float openedRate = 1;
  /** While holding: when to play on (System.nanoTime), else 0. */
  private long resumeAtNanos;
  private long leadNanos = FIRST_LEAD_NANOS;
  /** Joined early and holding its first frame: in step once it plays on. */
  private boolean arrivalHeld;
  /**
   * How many frames before the wanted one a seek opens its window: learnt from how late libVLC's
   * first frame shows, up after a late arrival and down after one with frames to spare, so that
   * one late start under load does not slow every later seek.
   */
  private int framesEarly = 3;
  /** While seeking: its window followed on the decoder thread (null otherwise). */
  private volatile Approach approach;
  /** Counts the windows opened, so that a reading of an earlier one is never taken for the current one's. */
  private long streams;
  private long lastFrameNanos;
  /** When the current window was opened, for telling a stalled one. */
  private long openedNanos;
  /** When the seek or join being carried out was asked for: windows opened again to correct it keep it. */
  private long requestedNanos;
  /** The windows opened when the seek or join being carried out was asked for. */
  private long windowsAtRequest;
  private volatile Mark handed;
  private volatile Mark firstFrame;
  private SeekResult lastSeek;
  private long windowsOpened;
  private long holds;
  private long clockWaits;

  /** The capture time of the newest frame measured while playing, and its offset from the clock when it arrived. */
  private Instant newestCapture;
  private Duration newestOffset;
  private volatile Reading latest;
  private long readings;
  private long lastSequence;
  private final Deque<Long> recentOffsets = new ArrayDeque<>();
  /** The clock's line the recent offsets were measured against. */
  private long measuredLine;

  ReplayTile(Replay replay, String cameraId, String cameraName, String clipId, RecordedSpans fromTimeline) {
    this.replay = replay;
    this.cameraId = cameraId;
    this.cameraName = cameraName;
    this.clipId = clipId;
    this.timeCoded = clipId.isEmpty();
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

  /**
   * Whether the tile's place on the clock is measured from the time code in its pictures; an
   * owner's clip has none, its frames are placed by its file's own times, unmeasured.
   */
  public boolean timeCoded() {
    return timeCoded;
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

  /** Whether the camera recorded {@code at}, as far as the tile knows (false before it knows). */
  public boolean recorded(Instant at) {
    return spans.get() != null && spans.get().covers(at);
  }

  public ReadOnlyBooleanProperty independentProperty() {
    return independent.getReadOnlyProperty();
  }

  /** The clock this tile follows: its own while independent, else the replay's. */
  public ReplayClock clock() {
    return ownClock != null ? ownClock : replay.clock();
  }

  /** How long the last seek took from asking to the right frame on screen, how many frames that frame was off, and where the time went. */
  public Optional<SeekResult> lastSeek() {
    return Optional.ofNullable(lastSeek);
  }

  /**
   * A finished seek: its duration and how far the frame shown was from the one asked for; the
   * windows it opened, and from the asking until its last window was handed to libVLC (the control
   * thread's queue and the previous stream's stop) and until that window's first frame arrived
   * (HTTP and libVLC's start), each zero when unknown.
   */
  public record SeekResult(Duration took, long framesOff, long windows, Duration handed, Duration firstFrame) {}

  /** How the tile kept to its clock since it opened: windows opened (seeks, joins, reopenings), holds, and waits of the clock for it. */
  public record Corrections(long windows, long holds, long clockWaits) {}

  public Corrections corrections() {
    return new Corrections(windowsOpened, holds, clockWaits);
  }

  /** Whether the tile shows a recording at the clock's moment now (paused or playing). */
  public boolean inStep() {
    return state.get() == ReplayTileState.IN_STEP && (mode == Mode.PAUSED || mode == Mode.RUNNING);
  }

  /** Asks the recording source for the ticket and the media server for the spans, then shows the clock's moment. */
  void open() {
    if (replay.pool().isEmpty()) {
      set(ReplayTileState.UNPLAYABLE, replay.videoProblem());
      return;
    }
    set(ReplayTileState.OPENING, "Opening the recording…");
    long mine = ++attempt;
    replay.background(() -> {
      try {
        PlaybackTicket issued = replay.recordings().open(cameraId, clipId, replay.windowStart(), replay.windowEnd());
        RecordedSpans listed;
        try {
          // An owner's clip is one file at its window's place: the timeline knows its span.
          listed = timeCoded ? RecordedSpans.fetch(issued.url()) : fromTimeline;
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
    followClock();
  }

  /** Shows the clock's moment: paused, the exact frame; playing, joins the running clock. */
  void followClock() {
    if (clock().playing()) {
      join();
    } else {
      seek(clock().now());
    }
  }

  /**
   * Shows {@code target} while the clock stands: opens a window of the recording a few frames
   * before it, plays it slowly and pauses on its frame.
   */
  void seek(Instant target) {
    requested();
    seekAgain(target);
  }

  private void seekAgain(Instant target) {
    open(target, target.minus(TimeCode.FRAME.multipliedBy(framesEarly)), APPROACH_RATE, Mode.SEEKING);
  }

  /**
   * Joins the running clock: opens a window where the clock will be once libVLC shows its first
   * frame (the lead is learnt from the time codes), at the clock's speed; a tile that arrives early
   * holds (pauses) until the clock catches up.
   */
  void join() {
    requested();
    joinAgain();
  }

  private void requested() {
    requestedNanos = System.nanoTime();
    windowsAtRequest = windowsOpened;
  }

  private void joinAgain() {
    ReplayClock clock = clock();
    Instant target = TimeCode.frameStart(clock.now().plusNanos(Math.round(leadNanos * clock.rate())));
    open(target, target, (float) clock.rate(), Mode.JOINING);
  }

  private void open(Instant target, Instant from, float rate, Mode opening) {
    if (ticket == null || spans.get() == null) {
      return; // still opening: it follows the clock when the ticket comes
    }
    attempt++;
    cancelRetry();
    recentOffsets.clear();
    resumeAtNanos = 0;
    arrivalHeld = false;
    newestCapture = null;
    openedNanos = System.nanoTime();
    approach = null;
    Optional<RecordedSpans.Span> span = spans.get().at(target);
    if (span.isEmpty()) {
      origin = null;
      mode = Mode.IDLE;
      stopPlayer();
      showNoRecording(target);
      return;
    }
    origin = target;
    mode = opening;
    openedRate = rate;
    // A clip without time code cannot approach its frame: it opens on it, as near as its file allows.
    Instant opensAt = timeCoded ? from : target;
    Instant windowStart = opensAt.isBefore(span.get().start()) ? span.get().start() : opensAt.isBefore(ticket.start()) ? ticket.start() : opensAt;
    Duration length = Duration.between(windowStart, span.get().end());
    if (length.compareTo(WINDOW) > 0) {
      length = WINDOW;
    }
    // A recording's window is cut by the playback API; a clip's file plays from its own start, media time 0 at its span's.
    String url = timeCoded ? PlaybackUrls.window(ticket.url(), windowStart, length) : ticket.url();
    Duration into = timeCoded ? Duration.ZERO : Duration.between(span.get().start(), windowStart);
    if (player == null) {
      player = replay.pool().orElseThrow().take();
    }
    latest = null;
    long stream = ++streams;
    windowsOpened++;
    long mine = attempt;
    if (opening == Mode.SEEKING && timeCoded) {
      approach = new Approach(stream, target, windowStart, player);
    }
    player.playRecording(url, into, rate, pixelWidth, pixelHeight,
        (bgra, width, height, arrived) -> frameArrived(stream, bgra, width, height, arrived), nanos -> handed = new Mark(stream, nanos),
        () -> replay.fx(() -> {
          if (mine == attempt) {
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

  /** On libVLC's event thread: read the time code while the frame is at hand (a clip's frame counts without one). */
  private void frameArrived(long stream, ByteBuffer bgra, int width, int height, long arrivedNanos) {
    Mark first = firstFrame;
    if (first == null || first.stream() != stream) {
      firstFrame = new Mark(stream, arrivedNanos);
    }
    int code = timeCoded ? TimeCode.read(bgra, width, height) : -1;
    if (code >= 0) {
      Approach seeking = approach;
      if (seeking != null && seeking.stream == stream) {
        seeking.frame(code);
      }
    }
    if (code >= 0 || !timeCoded) {
      latest = new Reading(stream, code, arrivedNanos, ++readings);
    }
  }

  /** The window ended (at a gap or its end) or broke off. */
  private void streamEnded() {
    Instant now = clock().now();
    RecordedSpans known = spans.get();
    if (known != null && !known.covers(now.plus(TimeCode.FRAME))) {
      origin = null;
      mode = Mode.IDLE;
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
    mode = Mode.IDLE;
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
        followClock();
      }
    });
  }

  /**
   * Once per FX pulse: measures, keeps the recording on its clock and, on a {@code repaint} pulse
   * or at 1x and slower, shows the newest frame and its offset.
   */
  void pulse(long now, boolean repaint) {
    if (ownClock != null) {
      ownClock.tick();
    }
    ReplayClock clock = clock();
    Reading reading = latest;
    if (reading != null && reading.sequence() != lastSequence && reading.stream() == streams && origin != null) {
      lastSequence = reading.sequence();
      lastFrameNanos = reading.arrivedNanos();
      measure(reading, clock, now);
    }
    // Faster than 1x libVLC hands over more frames than two cores can paint: the newest is shown
    // at the replay's repaint cadence, on the same pulse on every tile.
    if (repaint || clock.rate() <= 1) {
      show(clock, now);
    }
    switch (mode) {
      case IDLE -> {
        if (state.get() == ReplayTileState.NO_RECORDING && clock.playing() && spans.get() != null
            && spans.get().covers(clock.now().plusNanos(Math.round(leadNanos * clock.rate())))) {
          join(); // the next span is near: be on it when the clock gets there
        }
      }
      case SEEKING -> {
        Approach seeking = approach; // none for a clip: its first frame settles it (placeByFile)
        Arrival arrival = seeking == null ? null : seeking.arrival;
        if (clock.playing()) {
          join();
        } else if (arrival != null) {
          settle(arrival, now);
        } else if (now - Math.max(openedNanos, lastFrameNanos) > STALL_NANOS) {
          reconnect("No video arrived."); // paused on a window that never delivers: say so rather than wait silently
        }
      }
      case PAUSED -> {
        if (clock.playing()) {
          if (Math.abs(openedRate - clock.rate()) < 1e-6) {
            mode = Mode.RUNNING;
            lastFrameNanos = now;
            recentOffsets.clear();
            player.resume();
          } else {
            join(); // libVLC 3 does not change the speed of this stream once open
          }
        }
      }
      case JOINING -> {
        if (!clock.playing()) {
          seek(clock.now());
        } else if (now - openedNanos > STALL_NANOS) {
          reconnect("No video arrived.");
        }
      }
      case RUNNING -> {
        if (!clock.playing()) {
          mode = Mode.PAUSED;
          resumeAtNanos = 0;
          player.pause();
        } else if (resumeAtNanos != 0) {
          if (now >= resumeAtNanos) {
            resumeAtNanos = 0;
            lastFrameNanos = now;
            player.resume();
            if (arrivalHeld) {
              arrivalHeld = false;
              arrived(now, 0, Duration.ZERO);
            }
          }
        } else if (now - lastFrameNanos > STALL_NANOS) {
          reconnect("No video for 4 s.");
        }
      }
    }
  }

  /**
   * Puts the newest frame on screen and publishes its offset: as measured when it arrived, or,
   * while the tile holds it, from the clock now (the held picture nears the clock as it runs).
   */
  private void show(ReplayClock clock, long now) {
    if (player != null) {
      Image newest = player.frames().takeNewest();
      if (newest != null && state.get() != ReplayTileState.NO_RECORDING) {
        frame.set(newest);
      }
    }
    if (mode == Mode.RUNNING && newestCapture != null) {
      offset.set(resumeAtNanos != 0 ? Duration.between(clock.at(now), newestCapture) : newestOffset);
    }
  }

  /** Reads one frame's time code and acts on it as the tile's mode asks. */
  private void measure(Reading reading, ReplayClock clock, long now) {
    if (!timeCoded) {
      placeByFile(clock, now);
      return;
    }
    if (mode == Mode.SEEKING) {
      return; // followed by its approach on the decoder thread
    }
    Instant expected = clock.at(reading.arrivedNanos());
    Instant captured = TimeCode.captureTime(reading.code(), expected);
    Duration measured = Duration.between(expected, captured);
    newestCapture = captured;
    newestOffset = measured;
    if (mode == Mode.JOINING) {
      long late = -measured.toNanos();
      if (late > TimeCode.FRAME.toNanos()) {
        leadNanos = Math.min(MAX_LEAD_NANOS, leadNanos + Math.round(late / clock.rate()) + LEAD_MARGIN_NANOS);
        if (!letClockWait(clock, late)) {
          joinAgain();
          return;
        }
        measured = Duration.ZERO;
        newestOffset = measured;
      }
      mode = Mode.RUNNING;
      lastFrameNanos = now;
      if (measured.toNanos() > AHEAD_NANOS) {
        // Early: learn a shorter lead, and hold this frame (of the future) out of sight of the spread until the clock is there.
        leadNanos = Math.max(MIN_LEAD_NANOS, leadNanos - Math.round(measured.toNanos() / clock.rate() / 2));
        hold(measured, clock, now);
        arrivalHeld = measured.toNanos() > 2 * TimeCode.FRAME.toNanos();
      }
      if (!arrivalHeld) {
        arrived(now, TimeCode.frames(measured), measured);
      }
      return;
    }
    if (mode != Mode.RUNNING || resumeAtNanos != 0) {
      return;
    }
    if (clock.line() != measuredLine) {
      recentOffsets.clear(); // measured against the clock before it moved
      measuredLine = clock.line();
    }
    recentOffsets.addLast(measured.toNanos());
    if (recentOffsets.size() > SMOOTHING) {
      recentOffsets.removeFirst();
    }
    if (recentOffsets.size() < SMOOTHING) {
      return;
    }
    long smoothed = (long) recentOffsets.stream().mapToLong(Long::longValue).average().orElse(0);
    if (smoothed < -BEHIND_NANOS) {
      if (!letClockWait(clock, -smoothed)) {
        join(); // behind: only a new window catches up (libVLC 3 ignores a new rate on this stream)
      }
    } else {
      hold(Duration.ofNanos(smoothed), clock, now);
    }
  }

  /**
   * A clip's frame arrived: nothing in it says when it was taken, so the tile trusts its file's own
   * times. Seeking, it pauses on the first frame shown; joining, it holds that frame (opened where
   * the clock would be after the lead) until the clock gets there. No offset is claimed.
   */
  private void placeByFile(ReplayClock clock, long now) {
    if (mode == Mode.SEEKING) {
      player.pause();
      mode = Mode.PAUSED;
      arrived(now, 0, null);
    } else if (mode == Mode.JOINING) {
      mode = Mode.RUNNING;
      lastFrameNanos = now;
      hold(Duration.between(clock.now(), origin), clock, now);
      arrived(now, 0, null);
    }
  }

  /** A seek's window paused at or after its wanted frame: in step, or opened again earlier when it arrived late. */
  private void settle(Arrival arrival, long now) {
    long framesOff = TimeCode.frames(Duration.between(origin, arrival.captured()));
    if (framesOff > 1 && framesEarly < MAX_FRAMES_EARLY) {
      // libVLC showed its first frame late: open the window earlier, so that it arrives playing.
      framesEarly = Math.min(MAX_FRAMES_EARLY, framesEarly + (int) Math.min(framesOff, MAX_STEP_EARLIER));
      seekAgain(origin);
      return;
    }
    if (arrival.framesToSpare() > 1 && framesEarly > 1) {
      framesEarly--;
    }
    mode = Mode.PAUSED;
    arrived(now, framesOff, Duration.between(origin, arrival.captured()));
  }

  /** Faster than 1x, makes the clock wait for this tile when it is not too far behind; false when it did not. */
  private boolean letClockWait(ReplayClock clock, long behindNanos) {
    if (!clock.playing() || clock.rate() <= 1 || behindNanos > MAX_WAIT_NANOS) {
      return false;
    }
    clockWaits++;
    clock.waitFor(Duration.ofNanos(behindNanos));
    return true;
  }

  /** The tile shows its moment: it is in step ({@code off} null: a clip's, placed by its file, not measured). */
  private void arrived(long now, long framesOff, Duration off) {
    failures = 0;
    backoff = FIRST_BACKOFF;
    if (off != null) {
      lastSeek = new SeekResult(Duration.ofNanos(now - requestedNanos), framesOff, windowsOpened - windowsAtRequest, sinceRequest(handed),
          sinceRequest(firstFrame));
    }
    offset.set(off);
    set(ReplayTileState.IN_STEP, "");
    if (ownClockHeld) {
      ownClockHeld = false;
      ownClock.play();
    }
  }

  private Duration sinceRequest(Mark mark) {
    return mark != null && mark.stream() == streams ? Duration.ofNanos(mark.nanos() - requestedNanos) : Duration.ZERO;
  }

  /** Ahead of the clock by more than half a frame: pause until the clock catches up. */
  private void hold(Duration ahead, ReplayClock clock, long now) {
    if (ahead.toNanos() > AHEAD_NANOS) {
      holds++;
      player.pause();
      resumeAtNanos = now + Math.round(ahead.toNanos() / clock.rate());
      recentOffsets.clear();
    }
  }

  /** The clock changed speed: libVLC 3 plays a stream at the speed it was opened with, so open anew. */
  void rateChanged() {
    if (mode == Mode.RUNNING || mode == Mode.JOINING) {
      join();
    }
  }

  /** Whether the tile shows its moment or cannot (for tests and the benchmark). */
  boolean settled() {
    return ticket == null || origin == null || mode == Mode.PAUSED || mode == Mode.RUNNING;
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
      followClock();
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
        PlaybackTicket renewed = replay.recordings().renew(current);
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
            mode = Mode.IDLE;
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
    resumeAtNanos = 0;
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
