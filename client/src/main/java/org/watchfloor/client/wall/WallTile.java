package org.watchfloor.client.wall;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.Image;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.LiveTicket;
import org.watchfloor.client.net.SessionEnd;
import org.watchfloor.client.net.StreamSize;
import org.watchfloor.client.net.ViewPurpose;

/**
 * One tile of a wall and the live view in it: asks the broker for a ticket for the wall's case,
 * plays it, renews it before it expires, reconnects with backoff when the stream drops or stalls,
 * and tells the truth about each step through {@link #stateProperty()} and {@link #detailProperty()}.
 * A tile that is not on screen closes its view and decodes nothing. Everything here runs on the FX
 * thread; broker calls go to {@link LiveVideo#background} and come back through {@link LiveVideo#fx}.
 */
public final class WallTile {

  /** A tile at most this big (device pixels) plays the camera's sub stream. */
  static final int SUB_STREAM_WIDTH = 640;
  static final int SUB_STREAM_HEIGHT = 360;
  /** No new frame for this long while live: the stream stalled (e.g. the server went away). */
  private static final long STALL_NANOS = Duration.ofSeconds(4).toNanos();
  /** Nothing at all for this long after starting to play: give up on this attempt. */
  private static final long NO_START_NANOS = Duration.ofSeconds(10).toNanos();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(8);
  private static final Duration OFFLINE_RETRY = Duration.ofSeconds(15);

  private final LiveVideo video;
  private final Supplier<ViewPurpose> purpose;
  private final ObjectProperty<Camera> camera = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<TileState> state = new ReadOnlyObjectWrapper<>(TileState.EMPTY);
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Image> frame = new ReadOnlyObjectWrapper<>();

  private boolean shown = true;
  private boolean released;
  private int pixelWidth = SUB_STREAM_WIDTH;
  private int pixelHeight = SUB_STREAM_HEIGHT;
  /** Bumped whenever the view restarts or stops, so answers and timers of an older attempt are ignored. */
  private long attempt;
  private LiveTicket ticket;
  private VideoPlayer player;
  private Future<?> timer;
  private Duration backoff = FIRST_BACKOFF;
  /** Whether the current ticket was already played again after a break; reset by the next frame. */
  private boolean replayed;
  private long playingSince;
  private long lastFrame;
  private long framesShown;
  private long openedAt;
  private long firstFrameNanos = -1;

  WallTile(LiveVideo video, Supplier<ViewPurpose> purpose) {
    this.video = video;
    this.purpose = purpose;
    video.register(this);
  }

  public ReadOnlyObjectProperty<Camera> cameraProperty() {
    return camera;
  }

  public Camera camera() {
    return camera.get();
  }

  public ReadOnlyObjectProperty<TileState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public TileState state() {
    return state.get();
  }

  /** What the state means here, in a sentence (the broker's reason for a refusal, say). */
  public ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  /** The newest frame on screen; null when there is no video. */
  public ReadOnlyObjectProperty<Image> frameProperty() {
    return frame.getReadOnlyProperty();
  }

  /** Frames put on screen since this camera's view opened. */
  public long framesShown() {
    return framesShown;
  }

  /** Frames libVLC decoded for this view's current stream. */
  public long framesDecoded() {
    return player == null ? 0 : player.frames().decoded();
  }

  /** From asking for the ticket to the first frame on screen, or empty before it. */
  public Optional<Duration> timeToFirstFrame() {
    return firstFrameNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstFrameNanos));
  }

  /** The open session's id, if the tile holds one. */
  Optional<String> openSession() {
    return Optional.ofNullable(ticket).map(LiveTicket::sessionId);
  }

  /** Puts {@code newCamera} in this tile (null empties it) and opens its live view. */
  void show(Camera newCamera) {
    if (released) {
      return;
    }
    stop(true);
    camera.set(newCamera);
    framesShown = 0;
    firstFrameNanos = -1;
    start();
  }

  /** A saved camera that is no longer in the directory: say so instead of silently dropping it. */
  void showMissing(String cameraId) {
    show(null);
    set(TileState.OFFLINE, "Camera " + cameraId + " of the saved workspace is no longer in the directory.");
  }

  /** The camera's record may have changed (renamed, moved): keep the view, show the newest record. */
  void refresh(Function<String, Camera> current) {
    Camera shownCamera = camera.get();
    Camera newer = shownCamera == null ? null : current.apply(shownCamera.id());
    if (newer != null && !newer.equals(shownCamera)) {
      camera.set(newer);
    }
  }

  /** Whether the tile is on screen; a tile that is not closes its view and decodes nothing. */
  void setShown(boolean onScreen) {
    if (onScreen == shown || released) {
      return;
    }
    shown = onScreen;
    if (!onScreen) {
      stop(true);
      if (camera.get() != null) {
        set(TileState.HIDDEN, "Not decoding while the tile cannot be seen.");
      }
    } else {
      start();
    }
  }

  /**
   * The tile's size on screen in device pixels. A change of stream size (sub for small tiles, main
   * for large) reopens the view; a smaller change only replays the stream scaled to the new size.
   */
  void resize(int width, int height) {
    if (released || width <= 0 || height <= 0 || (width == pixelWidth && height == pixelHeight)) {
      return;
    }
    StreamSize before = wantedSize();
    boolean muchChanged = Math.abs(width - pixelWidth) > pixelWidth / 4 || Math.abs(height - pixelHeight) > pixelHeight / 4;
    pixelWidth = width;
    pixelHeight = height;
    if (ticket == null || !shown) {
      return;
    }
    if (wantedSize() != before) {
      stop(true);
      start();
    } else if (muchChanged && player != null) {
      play();
    }
  }

  private StreamSize wantedSize() {
    return pixelWidth <= SUB_STREAM_WIDTH && pixelHeight <= SUB_STREAM_HEIGHT ? StreamSize.SUB : StreamSize.MAIN;
  }

  /** The wall's case changed: a tile that waited for one starts now. */
  void purposeChanged() {
    if (!released && state.get() == TileState.NEEDS_CASE) {
      start();
    }
  }

  private void start() {
    Camera current = camera.get();
    if (current == null) {
      set(TileState.EMPTY, "");
      return;
    }
    if (!shown) {
      set(TileState.HIDDEN, "Not decoding while the tile cannot be seen.");
      return;
    }
    if (video.pool().isEmpty()) {
      set(TileState.UNPLAYABLE, video.videoProblem());
      return;
    }
    ViewPurpose forView = purpose.get();
    if (!forView.hasCase()) {
      set(TileState.NEEDS_CASE, "Enter the case number this wall serves: every live view is audited with it.");
      return;
    }
    if (state.get() != TileState.RECONNECTING) {
      set(TileState.CONNECTING, "Asking the broker for a live ticket…");
    }
    long mine = ++attempt;
    openedAt = System.nanoTime();
    StreamSize size = wantedSize();
    video.background(() -> {
      try {
        LiveTicket issued = video.broker().openLive(current.id(), forView, size, video.pool().orElseThrow().playable());
        video.fx(() -> opened(mine, size, issued));
      } catch (BrokerRefusal refusal) {
        video.fx(() -> refused(mine, refusal));
      }
    });
  }

  private void opened(long mine, StreamSize asked, LiveTicket issued) {
    if (mine != attempt) {
      closeInBackground(issued.sessionId()); // the tile moved on meanwhile
      return;
    }
    if (asked != wantedSize()) {
      // Resized while asking (a layout change right after a drop): ask for the stream that fits now.
      closeInBackground(issued.sessionId());
      start();
      return;
    }
    ticket = issued;
    replayed = false;
    play();
    scheduleRenewal(issued.renewAfter());
  }

  private void play() {
    if (player == null) {
      player = video.pool().orElseThrow().take();
    }
    video.wakePulse();
    long mine = attempt;
    playingSince = System.nanoTime();
    lastFrame = 0;
    player.play(ticket.url(), pixelWidth, pixelHeight, () -> video.fx(() -> {
      if (mine == attempt) {
        reconnect("The stream broke off.");
      }
    }));
  }

  private void refused(long mine, BrokerRefusal refusal) {
    if (mine != attempt) {
      return;
    }
    switch (refusal.reason()) {
      case NO_PERMISSION -> set(TileState.NO_PERMISSION, refusal.getMessage());
      case UNPLAYABLE_PROTOCOL -> set(TileState.UNPLAYABLE, refusal.getMessage()
          + (video.pool().orElseThrow().playable().contains(org.watchfloor.client.net.VideoProtocol.RTSP) ? ""
              : ". This computer's libVLC has no RTSP client (as on Debian and Ubuntu): ask for the camera through the media server."));
      case CAMERA_UNAVAILABLE -> {
        set(TileState.OFFLINE, refusal.getMessage());
        retryLater(OFFLINE_RETRY);
      }
      case BROKER_UNREACHABLE -> {
        set(TileState.RECONNECTING, "The broker does not answer: " + refusal.getMessage());
        retryLater(nextBackoff());
      }
      default -> set(TileState.CLOSED, refusal.getMessage());
    }
  }

  /**
   * The stream dropped or stalled: first play the same ticket again (a passing glitch), after that
   * ask for a new ticket (the media server may have moved, or the session ended meanwhile).
   */
  private void reconnect(String why) {
    set(TileState.RECONNECTING, why + " Reconnecting…");
    releasePlayer();
    cancelTimer();
    long mine = ++attempt;
    boolean replay = ticket != null && !replayed && Instant.now().isBefore(ticket.expiresAt());
    replayed = true;
    timer = video.after(nextBackoff(), () -> {
      if (mine != attempt) {
        return;
      }
      if (replay) {
        play();
        scheduleRenewal(ticket.renewAfter());
      } else {
        if (ticket != null) {
          closeInBackground(ticket.sessionId());
          ticket = null;
        }
        start();
      }
    });
  }

  private void retryLater(Duration wait) {
    cancelTimer();
    long mine = attempt;
    timer = video.after(wait, () -> {
      if (mine == attempt) {
        start();
      }
    });
  }

  private Duration nextBackoff() {
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : backoff.multipliedBy(2);
    return wait;
  }

  private void scheduleRenewal(Instant when) {
    cancelTimer();
    long mine = attempt;
    Duration wait = Duration.between(Instant.now(), when);
    timer = video.after(wait.isNegative() ? Duration.ZERO : wait, () -> {
      if (mine == attempt && ticket != null) {
        renew(mine, ticket);
      }
    });
  }

  private void renew(long mine, LiveTicket current) {
    video.background(() -> {
      try {
        LiveTicket renewed = video.broker().renewTicket(current);
        video.fx(() -> {
          if (mine == attempt) {
            ticket = renewed;
            scheduleRenewal(renewed.renewAfter());
          }
        });
      } catch (BrokerRefusal refusal) {
        video.fx(() -> {
          if (mine != attempt) {
            return;
          }
          if (refusal.reason() == BrokerRefusal.Reason.BROKER_UNREACHABLE && Instant.now().isBefore(current.expiresAt())) {
            scheduleRenewal(Instant.now().plusSeconds(2)); // try again while the ticket still holds
          } else if (refusal.sessionEnd().isPresent()) {
            sessionEnded(refusal.sessionEnd().get());
          } else if (refusal.reason() == BrokerRefusal.Reason.NO_PERMISSION) {
            endView(TileState.NO_PERMISSION, refusal.getMessage());
          } else {
            ticket = null;
            reconnect("The view's session ended (" + refusal.getMessage() + ").");
          }
        });
      }
    });
  }

  /** The broker ended a session: if it is this tile's, stop now and say why. */
  void sessionEnded(SessionEnd end) {
    if (ticket == null || !ticket.sessionId().equals(end.sessionId())) {
      return;
    }
    switch (end.cause()) {
      case CONSENT_ENDED -> endView(TileState.ENDED_BY_OWNER, end.message());
      case CAMERA_OFFLINE, CAMERA_REMOVED -> {
        endView(TileState.OFFLINE, end.message());
        if (end.cause() == SessionEnd.Cause.CAMERA_OFFLINE) {
          retryLater(OFFLINE_RETRY);
        }
      }
      case TICKET_EXPIRED -> {
        ticket = null;
        reconnect("The ticket expired before it was renewed.");
      }
      case CLOSED -> endView(TileState.CLOSED, end.message());
    }
  }

  /** After a reconnect the broker lists the open sessions: one of ours missing has ended unseen. */
  void sessionsListed(Set<String> open) {
    if (ticket != null && !open.contains(ticket.sessionId())) {
      // Renewing asks the broker why: it answers with the termination's reason.
      renew(attempt, ticket);
    }
  }

  private void endView(TileState ended, String why) {
    ticket = null;
    stop(false);
    set(ended, why);
  }

  /** Whether a player is decoding for this tile. */
  boolean playing() {
    return player != null;
  }

  /** When this tile's waiting frame must be shown (see {@link VideoFrames#dueAt()}); MAX_VALUE if none waits. */
  long frameDueAt() {
    return player == null ? Long.MAX_VALUE : player.frames().dueAt();
  }

  /** Once per FX pulse: shows a new frame if one came and {@code show}, and notices a stalled stream. */
  void pulse(long now, boolean show) {
    if (player == null) {
      return;
    }
    Image newest = show ? player.frames().takeNewest() : null;
    if (newest != null) {
      frame.set(newest);
      framesShown++;
      lastFrame = now;
      if (state.get() != TileState.LIVE) {
        if (firstFrameNanos < 0) {
          firstFrameNanos = now - openedAt;
        }
        backoff = FIRST_BACKOFF;
        replayed = false;
        set(TileState.LIVE, ticket == null ? "" : ticket.profile() + " stream");
      }
    } else if (lastFrame != 0 ? now - lastFrame > STALL_NANOS : now - playingSince > NO_START_NANOS) {
      reconnect(lastFrame != 0 ? "No video for 4 s." : "No video arrived.");
    }
  }

  /** Stops the view: timers, player and (when {@code close}) the broker session. */
  private void stop(boolean close) {
    attempt++;
    cancelTimer();
    releasePlayer();
    frame.set(null);
    if (close && ticket != null) {
      closeInBackground(ticket.sessionId());
    }
    if (close) {
      ticket = null;
    }
  }

  /** Ends a session at the broker off the FX thread; failure is fine (it expires on its own). */
  private void closeInBackground(String sessionId) {
    video.background(() -> closeQuietly(sessionId));
  }

  private void closeQuietly(String sessionId) {
    try {
      video.broker().closeSession(sessionId);
    } catch (BrokerRefusal refusal) {
      // gone already, or the broker is away: the session expires on its own
    }
  }

  private void releasePlayer() {
    if (player != null) {
      video.pool().orElseThrow().giveBack(player);
      player = null;
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** Stops everything at shutdown; the caller closes the session. The tile does nothing after this. */
  void release() {
    released = true;
    attempt++;
    cancelTimer();
    releasePlayer();
    ticket = null;
    video.unregister(this);
  }

  private void set(TileState newState, String why) {
    state.set(newState);
    detail.set(why == null ? "" : why);
  }
}
