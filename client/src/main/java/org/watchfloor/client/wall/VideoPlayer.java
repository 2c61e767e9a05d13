package org.watchfloor.client.wall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.base.MediaPlayerEventAdapter;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;

/**
 * One pooled libVLC player with its video surface. Every call into libVLC goes through the pool's
 * control thread: never the FX thread (a stop can take seconds) and never one of libVLC's own event
 * threads (which deadlocks).
 */
public final class VideoPlayer {

  /** What a tile hears from its player, on libVLC's event thread: hand it on, do not call back. */
  public interface Events {
    /** The stream broke or ended (a live stream never ends on its own). */
    void failed();
  }

  private static final String[] LIVE_OPTIONS = PlayerPool.LIVE_OPTIONS.toArray(String[]::new);
  /** A recording, as live but played at a rate given when opened. */
  private static final List<String> RECORDING_OPTIONS = List.of(":network-caching=300", ":no-audio", ":avcodec-threads=1");

  private final EmbeddedMediaPlayer player;
  private final VideoFrames frames;
  private final PlayerPool pool;
  private volatile Events events;

  VideoPlayer(EmbeddedMediaPlayer player, VideoFrames frames, PlayerPool pool) {
    this.player = player;
    this.frames = frames;
    this.pool = pool;
    player.events().addMediaPlayerEventListener(new MediaPlayerEventAdapter() {
      @Override
      public void error(MediaPlayer mediaPlayer) {
        report();
      }

      @Override
      public void finished(MediaPlayer mediaPlayer) {
        report();
      }
    });
  }

  private void report() {
    Events listener = events;
    if (listener != null) {
      listener.failed();
    }
  }

  public VideoFrames frames() {
    return frames;
  }

  /** Plays {@code url} scaled to fit {@code width} x {@code height} device pixels. */
  void play(String url, int width, int height, Events listener) {
    events = listener;
    pool.control(() -> {
      frames.reset();
      frames.fitWithin(width, height);
      player.media().play(url, LIVE_OPTIONS);
    });
  }

  /**
   * Plays a recording from {@code startAt} into it (zero for a window the server cut where wanted)
   * at {@code rate} scaled to fit {@code width} x {@code height}, each of its frames read by
   * {@code reader} (none of the stream before); {@code handed} hears when libVLC was given the
   * stream (System.nanoTime(), on the control thread). The rate is an option of the stream: libVLC 3
   * ignores a later set_rate on an HTTP fMP4 stream (measured: the picture kept its pace).
   */
  public void playRecording(String url, java.time.Duration startAt, float rate, int width, int height, VideoFrames.FrameReader reader,
      LongConsumer handed, Events listener) {
    events = listener;
    pool.control(() -> {
      // Stopping first waits for the previous stream's decoder: none of its frames reaches the new reader.
      player.controls().stop();
      frames.reset();
      frames.fitWithin(width, height);
      frames.readWith(reader);
      List<String> options = new ArrayList<>(RECORDING_OPTIONS);
      options.add(":rate=" + rate);
      if (!startAt.isZero()) {
        options.add(":start-time=" + startAt.toNanos() / 1e9);
      }
      player.media().play(url, options.toArray(String[]::new));
      handed.accept(System.nanoTime());
    });
  }

  /** Plays on from where it stands. */
  public void resume() {
    pool.control(() -> player.controls().setPause(false));
  }

  /** Pauses on the frame shown. */
  public void pause() {
    pool.control(() -> player.controls().setPause(true));
  }

  /**
   * Pauses on the frame shown if {@code stillWanted} says so when the control thread comes to it:
   * for a pause asked off the FX thread, which a newer stream opened meanwhile must not get.
   */
  public void pauseIf(BooleanSupplier stillWanted) {
    pool.control(() -> {
      if (stillWanted.getAsBoolean()) {
        player.controls().setPause(true);
      }
    });
  }

  /** Stops decoding; the player stays in the pool for the next stream. */
  public void stop() {
    events = null;
    pool.control(() -> {
      player.controls().stop();
      frames.reset();
    });
  }

  /** Stops and releases the native player: only at shutdown, before the factory. */
  void release() {
    events = null;
    player.controls().stop();
    player.release();
  }
}
