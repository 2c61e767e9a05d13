package org.watchfloor.client.wall;

import java.nio.ByteBuffer;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormat;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormatCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.RenderCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.format.RV32BufferFormat;

/**
 * One player's video surface: libVLC decodes into its own buffer, {@link #display} copies each
 * frame on the decoder thread into one of three frame buffers, and the wall's pulse shows the
 * newest with {@link #takeNewest()} on the FX thread. Three buffers because one is on screen, one
 * holds the newest complete frame and the decoder writes the third: no frame is shown half-written
 * and neither side waits for the other longer than one copy.
 *
 * <p>The frame is scaled by libVLC to fit the size the tile asked for ({@link #fitWithin}): the
 * renderer draws it 1:1, and a small tile costs it a small texture, not the stream's full size.
 */
public final class VideoFrames implements BufferFormatCallback, RenderCallback {

  /**
   * Reads each frame as it arrives, on the decoder thread, at the moment libVLC presents it (e.g.
   * the replay reading the time code burned into the picture). Must be quick and not keep the buffer.
   */
  public interface FrameReader {
    void read(ByteBuffer bgra, int width, int height, long arrivedNanos);
  }

  private static final int BUFFERS = 3;
  private static final PixelFormat<ByteBuffer> BGRA_PRE = PixelFormat.getByteBgraPreInstance();

  private final Object lock = new Object();
  private volatile int maxWidth = 1920;
  private volatile int maxHeight = 1080;
  private volatile FrameReader reader;

  // Guarded by lock: the frame format and buffers, which buffer the decoder fills next, and which
  // holds the newest complete frame not yet shown (-1: none).
  private int width;
  private int height;
  private ByteBuffer[] buffers = new ByteBuffer[0];
  private long format;
  private int writing;
  private int newest = -1;
  private int onScreen = -1;
  private long decoded;
  private long newestAt;
  private long lastArrival;
  /** Smoothed time between frames, nanoseconds; 0 until two frames came. */
  private long interval;

  // FX thread only: the images over the buffers of the format they were made for.
  private long imagesFormat = -1;
  private PixelBuffer<ByteBuffer>[] pixelBuffers;
  private WritableImage[] images;

  /** The largest frame, in device pixels, the tile can show; applies from the next stream opened. */
  void fitWithin(int width, int height) {
    maxWidth = Math.max(16, width);
    maxHeight = Math.max(16, height);
  }

  @Override
  public BufferFormat getBufferFormat(int sourceWidth, int sourceHeight) {
    // Up as well as down: libVLC's scaler costs far less than JavaFX's software filter on every repaint.
    double scale = Math.min(maxWidth / (double) sourceWidth, maxHeight / (double) sourceHeight);
    // Even sizes: some of libVLC's scalers misplace the last row or column of odd ones.
    int w = Math.max(16, (int) Math.round(sourceWidth * scale) & ~1);
    int h = Math.max(16, (int) Math.round(sourceHeight * scale) & ~1);
    synchronized (lock) {
      // libVLC may ask again with the same size (the callback is not always called once).
      if (w != width || h != height || buffers.length == 0) {
        width = w;
        height = h;
        buffers = new ByteBuffer[BUFFERS];
        for (int i = 0; i < BUFFERS; i++) {
          buffers[i] = ByteBuffer.allocateDirect(w * h * 4);
        }
        format++;
        writing = 0;
        newest = -1;
        onScreen = -1;
      }
    }
    return new RV32BufferFormat(w, h);
  }

  @Override
  public void allocatedBuffers(ByteBuffer[] nativeBuffers) {
    // The frames are copied out of libVLC's buffer in display(); nothing to keep here.
  }

  @Override
  public void display(MediaPlayer mediaPlayer, ByteBuffer[] nativeBuffers, BufferFormat bufferFormat) {
    synchronized (lock) {
      if (buffers.length == 0 || bufferFormat.getWidth() != width || bufferFormat.getHeight() != height) {
        return;
      }
      ByteBuffer source = nativeBuffers[0].duplicate();
      source.clear().limit(width * height * 4);
      ByteBuffer target = buffers[writing].duplicate();
      target.clear();
      target.put(source);
      long now = System.nanoTime();
      FrameReader frameReader = reader;
      if (frameReader != null) {
        frameReader.read(buffers[writing].asReadOnlyBuffer(), width, height, now);
      }
      if (lastArrival != 0) {
        interval = interval == 0 ? now - lastArrival : (3 * interval + now - lastArrival) / 4;
      }
      lastArrival = now;
      newestAt = now;
      newest = writing;
      writing = nextFree();
      decoded++;
    }
  }

  /** A buffer that is neither the newest frame nor the one on screen. */
  private int nextFree() {
    for (int i = 0; i < BUFFERS; i++) {
      if (i != newest && i != onScreen) {
        return i;
      }
    }
    throw new IllegalStateException("three frame buffers cannot all be in use");
  }

  /**
   * When the newest frame, if one waits, must be on screen so that the next cannot replace it
   * unseen: half a frame interval after it came, which leaves the other half for a late pulse
   * (at once for a stream's first frame).
   */
  long dueAt() {
    synchronized (lock) {
      return newest < 0 ? Long.MAX_VALUE : newestAt + interval / 2;
    }
  }

  /**
   * On the FX thread, once per pulse: the image of the newest frame if one arrived since the last
   * call, else null (nothing to repaint).
   */
  public Image takeNewest() {
    int frame;
    long frameFormat;
    synchronized (lock) {
      if (newest < 0) {
        return null;
      }
      frame = newest;
      frameFormat = format;
      if (frameFormat != imagesFormat) {
        makeImages();
        imagesFormat = frameFormat;
      }
      onScreen = frame;
      newest = -1;
      if (writing == onScreen) {
        writing = nextFree();
      }
    }
    pixelBuffers[frame].updateBuffer(buffer -> null);
    return images[frame];
  }

  @SuppressWarnings("unchecked")
  private void makeImages() {
    pixelBuffers = new PixelBuffer[BUFFERS];
    images = new WritableImage[BUFFERS];
    for (int i = 0; i < BUFFERS; i++) {
      pixelBuffers[i] = new PixelBuffer<>(width, height, buffers[i], BGRA_PRE);
      images[i] = new WritableImage(pixelBuffers[i]);
    }
  }

  /** Who reads each frame as it arrives; null for nobody. */
  public void readWith(FrameReader frameReader) {
    reader = frameReader;
  }

  /** Frames libVLC handed over since the player started. */
  long decoded() {
    synchronized (lock) {
      return decoded;
    }
  }

  /** Forgets the last stream's frames, before the player plays another. */
  void reset() {
    synchronized (lock) {
      buffers = new ByteBuffer[0];
      width = 0;
      height = 0;
      newest = -1;
      onScreen = -1;
      decoded = 0;
      lastArrival = 0;
      interval = 0;
    }
  }
}
