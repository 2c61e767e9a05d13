package org.watchfloor.client.wall;

import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.base.MediaPlayerEventAdapter;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;

/**
 * One pooled libVLC player with its video surface. Every call into libVLC goes through the pool's
 * control thread: never the FX thread (a stop can take seconds) and never one of libVLC's own event
 * threads (which deadlocks).
 */
final class VideoPlayer {

  /** What a tile hears from its player, on libVLC's event thread: hand it on, do not call back. */
  interface Events {
    /** The stream broke or ended (a live stream never ends on its own). */
    void failed();
  }

  private static final String[] LIVE_OPTIONS = PlayerPool.LIVE_OPTIONS.toArray(String[]::new);

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

  VideoFrames frames() {
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

  /** Stops decoding; the player stays in the pool for the next stream. */
  void stop() {
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
