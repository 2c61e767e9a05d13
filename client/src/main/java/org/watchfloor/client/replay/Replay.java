package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.IncidentTimeline;
import org.watchfloor.client.net.NearbyRecording;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.client.wall.PlayerPool;
import org.watchfloor.client.wall.TileGrid;
import org.watchfloor.client.wall.WallLayout;

/**
 * An incident's synchronized replay: the recordings of the cameras nearest to it (up to 16) on one
 * master clock, laid out with the wall's layouts. The pulse moves the clock, puts new frames on
 * screen and lets each tile measure itself against the clock from its picture's time code and
 * correct itself. Broker calls run on threads of their own and come
 * back through {@link #fx}, the one place the replay hands work to the FX thread.
 */
public final class Replay implements AutoCloseable {

  /** Tiles the replay wall holds: the 4x4 layout's. */
  public static final int MAX_TILES = 16;

  private final Optional<BrokerConnection> broker;
  private final RecordingSource recordings;
  private final Optional<PlayerPool> pool;
  private final String videoProblem;
  private final IncidentTimeline timeline;
  private final ViewPurpose purpose;
  private final ZoneId zone;
  private final DateTimeFormatter timeFormat;
  private final ReplayClock clock;
  private final IncidentMarks marks;
  private final List<ReplayTile> tiles = new ArrayList<>();
  private final ObjectProperty<TileGrid> layout = new SimpleObjectProperty<>();
  private final IntegerProperty filling = new SimpleIntegerProperty(-1);
  private final ExecutorService brokerCalls = Executors.newFixedThreadPool(4, daemon("replay-broker"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("replay-timer"));
  /**
   * Faster than 1x, tiles show a new picture at most once per frame interval of wall time (15 a
   * second, as at 1x), all on the same pulse: painting costs per picture (measured: 16–23 % of a
   * core for 9 tiles at 15 a second), and at 4x the decoders need most of the two cores. Half a
   * 60 Hz pulse less than the interval, so that the cadence is every fourth pulse, not every fifth.
   */
  private static final long REPAINT_NANOS = TimeCode.FRAME.toNanos() - 8_000_000;
  private long lastRepaintNanos;
  private boolean closed;
  private Optional<TrackPlayback> trackPlayback = Optional.empty();
  private final AnimationTimer pulse = new AnimationTimer() {
    @Override
    public void handle(long now) {
      pulse(now);
    }
  };

  /**
   * The replay of {@code timeline}, its views opened for {@code purpose}, times shown in
   * {@code zone} (the center's); the players come from {@code pool} (empty: {@code videoProblem}).
   */
  public Replay(BrokerConnection broker, Optional<PlayerPool> pool, String videoProblem, IncidentTimeline timeline, ViewPurpose purpose, ZoneId zone) {
    this(Optional.of(broker), new BrokerRecordings(broker, purpose), pool, videoProblem, timeline, purpose, zone);
  }

  /**
   * The replay of an evidence package offline: {@code recordings} serves its files, {@code timeline}
   * is the one it carries (its marks stay as exported, its recordings in the order of the
   * package's tiles), the tiles are laid out on {@code grid}, the package's own, and the clock
   * starts at {@code clockStart}. No broker is asked for anything.
   */
  public static Replay ofPackage(RecordingSource recordings, Optional<PlayerPool> pool, String videoProblem, IncidentTimeline timeline,
      String caseNumber, PackageGrid grid, Instant clockStart, ZoneId zone) {
    Replay replay = new Replay(Optional.empty(), recordings, pool, videoProblem, timeline,
        new ViewPurpose(caseNumber, timeline.incident().id(), "evidence package"), zone);
    replay.layout.set(grid);
    replay.clock.seek(clockStart);
    return replay;
  }

  private Replay(Optional<BrokerConnection> broker, RecordingSource recordings, Optional<PlayerPool> pool, String videoProblem,
      IncidentTimeline timeline, ViewPurpose purpose, ZoneId zone) {
    this.broker = broker;
    this.recordings = recordings;
    this.pool = pool;
    this.videoProblem = videoProblem;
    this.timeline = timeline;
    this.purpose = purpose;
    this.zone = zone;
    this.timeFormat = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    Instant incidentOpened = timeline.incident().openedAt();
    Instant start = incidentOpened.isAfter(timeline.windowStart()) && incidentOpened.isBefore(timeline.windowEnd())
        ? incidentOpened : timeline.windowStart();
    this.clock = new ReplayClock(start, timeline.windowStart(), timeline.windowEnd());
    this.marks = new IncidentMarks(this, timeline);
    Map<String, List<NearbyRecording>> byCamera = new LinkedHashMap<>();
    for (NearbyRecording recording : timeline.recordings()) {
      if (byCamera.size() < MAX_TILES || byCamera.containsKey(recording.cameraId())) {
        byCamera.computeIfAbsent(recording.cameraId(), id -> new ArrayList<>()).add(recording);
      }
    }
    for (List<NearbyRecording> ofCamera : byCamera.values()) {
      NearbyRecording first = ofCamera.get(0);
      RecordedSpans known = new RecordedSpans(ofCamera.stream().map(r -> new RecordedSpans.Span(r.start(), r.end())).toList());
      tiles.add(new ReplayTile(this, first.cameraId(), first.cameraName(), first.clipId(), known));
    }
    layout.set(tiles.size() <= 1 ? WallLayout.GRID_1 : tiles.size() <= 4 ? WallLayout.GRID_2 : tiles.size() <= 9 ? WallLayout.GRID_3 : WallLayout.GRID_4);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Opens every tile's recording at the clock's moment and follows the incident's marks. FX thread. */
  public void start() {
    tiles.forEach(ReplayTile::open);
    if (broker.isPresent()) {
      marks.follow();
    }
    pulse.start();
  }

  public IncidentTimeline timeline() {
    return timeline;
  }

  public List<ReplayTile> tiles() {
    return List.copyOf(tiles);
  }

  public ReplayClock clock() {
    return clock;
  }

  /** The incident's timeline entries, tracks, footage requests and views, kept current. */
  public IncidentMarks marks() {
    return marks;
  }

  public ObjectProperty<TileGrid> layoutProperty() {
    return layout;
  }

  /** The tile filling the replay wall, or -1. */
  public IntegerProperty fillingProperty() {
    return filling;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The name of a camera near the incident; its id when it recorded nothing there (an LPR reader, say). */
  public String cameraName(String cameraId) {
    return timeline.recordings().stream().filter(recording -> recording.cameraId().equals(cameraId)).findFirst()
        .map(NearbyRecording::cameraName).orElse(cameraId);
  }

  /** A moment as the center reads it. */
  public String formatTime(Instant at) {
    return timeFormat.format(at);
  }

  /** Whether every synced tile shows the clock's moment, or cannot (no recording, refused). */
  public boolean settled() {
    return syncedTiles().stream().allMatch(ReplayTile::settled);
  }

  public void play() {
    clock.play();
  }

  public void pause() {
    clock.pause();
  }

  public void togglePlay() {
    if (clock.playing()) {
      pause();
    } else {
      play();
    }
  }

  /** Plays at {@code rate} times real time (one of {@link ReplayClock#SPEEDS}). */
  public void setRate(double rate) {
    clock.setRate(rate);
    syncedTiles().forEach(ReplayTile::rateChanged);
  }

  /** One speed faster ({@code +1}) or slower ({@code -1}). */
  public void changeSpeed(int by) {
    double[] speeds = ReplayClock.SPEEDS;
    int index = 0;
    for (int i = 0; i < speeds.length; i++) {
      if (Math.abs(speeds[i] - clock.rate()) < 1e-9) {
        index = i;
      }
    }
    setRate(speeds[Math.max(0, Math.min(speeds.length - 1, index + by))]);
  }

  /**
   * Moves the clock to {@code target} (the start of its frame); every synced tile follows: paused,
   * with that very frame; playing, by joining the clock where it will be.
   */
  public void seek(Instant target) {
    clock.seek(target);
    syncedTiles().forEach(ReplayTile::followClock);
    wakePulse();
  }

  public void jump(Duration by) {
    seek(clock.now().plus(by));
  }

  /** One frame forward or back, paused (libVLC 3 cannot step back, so both open the frame's window). */
  public void step(int frames) {
    pause();
    seek(TimeCode.step(clock.now(), frames));
  }

  /** To the next (or, {@code forward} false, previous) timeline entry; a second away from one counts as on it. */
  public void jumpToEvent(boolean forward) {
    Instant now = clock.now();
    List<TimelineEntry> entries = marks.shown().entries();
    Optional<Instant> target = forward
        ? entries.stream().map(TimelineEntry::at).filter(at -> at.isAfter(now.plusMillis(500))).findFirst()
        : entries.stream().map(TimelineEntry::at).filter(at -> at.isBefore(now.minusMillis(500))).reduce((a, b) -> b);
    target.ifPresent(this::seek);
  }

  /**
   * Plays {@code track} step by step (see {@link TrackPlayback}), ending any track playing. Steps
   * whose bookmark is not on this timeline are left out. FX thread.
   */
  public TrackPlayback playTrack(org.watchfloor.client.net.Track track) {
    trackPlayback.ifPresent(TrackPlayback::stop);
    TrackPlayback playback = new TrackPlayback(this, track, marks.shown().steps(track));
    trackPlayback = Optional.of(playback);
    playback.start();
    return playback;
  }

  private List<ReplayTile> syncedTiles() {
    return tiles.stream().filter(tile -> !tile.independentProperty().get()).toList();
  }

  private void pulse(long now) {
    clock.tick();
    boolean repaint = now - lastRepaintNanos >= REPAINT_NANOS;
    if (repaint) {
      lastRepaintNanos = now;
    }
    for (ReplayTile tile : tiles) {
      tile.pulse(now, repaint);
    }
  }

  /** The spread of the synced tiles' measured offsets (largest minus smallest); empty with fewer than two in step. */
  public Optional<Duration> spread() {
    List<Duration> offsets = syncedTiles().stream().filter(ReplayTile::inStep).flatMap(tile -> tile.offset().stream()).toList();
    if (offsets.size() < 2) {
      return Optional.empty();
    }
    Duration min = offsets.stream().min(Duration::compareTo).orElseThrow();
    Duration max = offsets.stream().max(Duration::compareTo).orElseThrow();
    return Optional.of(max.minus(min));
  }

  Optional<PlayerPool> pool() {
    return pool;
  }

  String videoProblem() {
    return videoProblem;
  }

  /** The broker the replay's dialogs and marks talk to; absent for an evidence package reopened offline. */
  Optional<BrokerConnection> broker() {
    return broker;
  }

  RecordingSource recordings() {
    return recordings;
  }

  ViewPurpose purpose() {
    return purpose;
  }

  Instant windowStart() {
    return timeline.windowStart();
  }

  Instant windowEnd() {
    return timeline.windowEnd();
  }

  void wakePulse() {
    if (!closed) {
      pulse.start();
    }
  }

  /** Runs a blocking broker call off the FX thread; dropped after {@link #close()}. */
  void background(Runnable call) {
    if (!closed) {
      brokerCalls.execute(call);
    }
  }

  /** Runs {@code action} on the FX thread after {@code delay}; the future cancels it. */
  Future<?> after(Duration delay, Runnable action) {
    return timers.schedule(() -> fx(action), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Hands work to the FX thread: the one place the replay does so. */
  void fx(Runnable action) {
    Platform.runLater(() -> {
      if (!closed) {
        action.run();
      }
    });
  }

  /** Ends a playback off the FX thread; failure is fine (a broker's session expires on its own). */
  void closeSession(String sessionId) {
    background(() -> recordings.close(sessionId));
  }

  /** Stops every tile and closes its session at the broker (audited as ended). FX thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    pulse.stop();
    marks.close();
    List<Future<?>> closing = new ArrayList<>();
    for (ReplayTile tile : tiles) {
      tile.release().ifPresent(session -> closing.add(brokerCalls.submit(() -> recordings.close(session))));
    }
    closed = true;
    for (Future<?> call : closing) {
      try {
        call.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the broker is away: its sessions expire on their own within a minute
      }
    }
    brokerCalls.shutdownNow();
    timers.shutdownNow();
  }
}
