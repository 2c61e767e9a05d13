package org.watchfloor.client.wall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.client.net.VideoProtocol;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.factory.discovery.NativeDiscovery;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;

/**
 * The application's one libVLC instance and its players, reused from tile to tile (the factory's
 * advice; a garbage-collected player is the classic vlcj crash, so the pool keeps every one). All
 * control calls run in order on one thread of its own; {@link #close()} releases the players, then
 * the factory.
 */
public final class PlayerPool implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PlayerPool.class.getName());
  /** No audio output at all (even --no-audio probes PulseAudio), no on-screen titles, no X. */
  private static final String[] FACTORY_OPTIONS = {"--aout=dummy", "--no-video-title-show", "--no-snapshot-preview", "--no-xlib", "--quiet"};
  /**
   * Per stream: small live latency, no audio (volume is shared across players), one decoder thread.
   * Public so that the wall benchmark's decode floor plays streams exactly as the wall does.
   */
  public static final List<String> LIVE_OPTIONS = List.of(":network-caching=300", ":no-audio", ":avcodec-threads=1");

  private static String libraryPath;

  private final MediaPlayerFactory factory;
  private final List<VideoProtocol> playable;
  private final List<VideoPlayer> all = new ArrayList<>();
  private final Deque<VideoPlayer> idle = new ArrayDeque<>();
  private final ExecutorService control = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "libvlc-control");
    thread.setDaemon(true);
    return thread;
  });

  private PlayerPool(MediaPlayerFactory factory, List<VideoProtocol> playable) {
    this.factory = factory;
    this.playable = playable;
  }

  /** The pool over the system's libVLC, or why there is none (e.g. VLC not installed). */
  public static synchronized Result open() {
    // vlcj finds libVLC once per JVM; later discoveries succeed without saying where.
    if (libraryPath == null) {
      NativeDiscovery discovery = new NativeDiscovery();
      if (!discovery.discover()) {
        return new Result(Optional.empty(), "libVLC was not found: install VLC 3 (Debian: apt-get install libvlc5 vlc-plugin-base) to see video");
      }
      libraryPath = discovery.discoveredPath();
    }
    try {
      MediaPlayerFactory factory = new MediaPlayerFactory(FACTORY_OPTIONS);
      return new Result(Optional.of(new PlayerPool(factory, playableProtocols(libraryPath))), "");
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "libVLC could not start", e);
      return new Result(Optional.empty(), "libVLC could not start: " + e);
    }
  }

  /** A pool, or the sentence that says why video cannot play here. */
  public record Result(Optional<PlayerPool> pool, String problem) {}

  /**
   * What this libVLC plays. RTSP needs its live555 module, which Debian's and Ubuntu's builds
   * leave out (official Windows and macOS builds have it).
   */
  private static List<VideoProtocol> playableProtocols(String libraryPath) {
    Path library = Path.of(libraryPath);
    boolean rtsp = List.of(library.resolve("vlc/plugins/access/liblive555_plugin.so"), library.resolve("plugins/liblive555_plugin.dll"),
            library.resolve("plugins/access/liblive555_plugin.dylib"), library.resolve("../plugins/liblive555_plugin.dylib"))
        .stream().anyMatch(Files::exists);
    return rtsp
        ? List.of(VideoProtocol.HLS, VideoProtocol.HTTP_TS, VideoProtocol.MJPEG, VideoProtocol.RTSP)
        : List.of(VideoProtocol.HLS, VideoProtocol.HTTP_TS, VideoProtocol.MJPEG);
  }

  /** Protocols the local libVLC can play, most preferred first. */
  public List<VideoProtocol> playable() {
    return playable;
  }

  /** An idle player, or a new one. FX thread. */
  public VideoPlayer take() {
    VideoPlayer player = idle.poll();
    if (player == null) {
      VideoFrames frames = new VideoFrames();
      EmbeddedMediaPlayer media = factory.mediaPlayers().newEmbeddedMediaPlayer();
      media.videoSurface().set(factory.videoSurfaces().newVideoSurface(frames, frames, true));
      player = new VideoPlayer(media, frames, this);
      all.add(player);
    }
    return player;
  }

  /** Stops a player and keeps it for the next tile. FX thread. */
  public void giveBack(VideoPlayer player) {
    player.stop();
    player.frames().readWith(null);
    idle.push(player);
  }

  /**
   * Runs a libVLC call on the control thread, in order with the others; none once the pool is
   * closed (a decoder thread may still hand in a seek's pause while the pool closes).
   */
  void control(Runnable call) {
    try {
      control.execute(() -> {
        try {
          call.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "libVLC call failed", e);
        }
      });
    } catch (RejectedExecutionException closed) {
      LOG.fine("libVLC call after the pool closed, dropped");
    }
  }

  /** Players in use and idle: a pool that grows beyond the tiles shown is leaking. */
  int size() {
    return all.size();
  }

  @Override
  public void close() {
    control.execute(() -> {
      for (VideoPlayer player : all) {
        player.release();
      }
      factory.release();
    });
    control.shutdown();
    try {
      if (!control.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warning("libVLC did not release its players within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
