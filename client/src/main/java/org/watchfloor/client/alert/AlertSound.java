package org.watchfloor.client.alert;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Clip;
import javax.sound.sampled.LineUnavailableException;

/**
 * A short two-note chime, generated rather than shipped as a file. A workstation without a sound
 * device plays nothing: the first failure is logged once and the alerts carry on silently.
 */
public final class AlertSound implements Runnable, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AlertSound.class.getName());
  private static final float RATE = 22_050f;

  private final byte[] chime = chime();
  private final ExecutorService player = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "alert-sound");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean unavailable;

  /** Plays the chime on its own thread (opening an audio line can take a while); never throws. */
  @Override
  public void run() {
    if (!unavailable) {
      player.execute(this::play);
    }
  }

  private void play() {
    try {
      Clip clip = AudioSystem.getClip();
      clip.open(new AudioFormat(RATE, 16, 1, true, false), chime, 0, chime.length);
      clip.addLineListener(event -> {
        if (event.getType() == javax.sound.sampled.LineEvent.Type.STOP) {
          clip.close();
        }
      });
      clip.start();
    } catch (LineUnavailableException | IllegalArgumentException | IllegalStateException | SecurityException e) {
      unavailable = true;
      LOG.log(Level.INFO, "no sound device: alerts stay silent", e);
    }
  }

  /** 880 Hz then 660 Hz, 0.15 s each, faded in and out so they do not click; 16-bit little-endian mono. */
  private static byte[] chime() {
    int perNote = (int) (RATE * 0.15);
    byte[] pcm = new byte[perNote * 2 * 2];
    double[] notes = {880, 660};
    for (int n = 0; n < notes.length; n++) {
      for (int i = 0; i < perNote; i++) {
        double fade = Math.min(1, Math.min(i, perNote - i) / (RATE * 0.01));
        short sample = (short) (Math.sin(2 * Math.PI * notes[n] * i / RATE) * fade * 0.4 * Short.MAX_VALUE);
        int at = (n * perNote + i) * 2;
        pcm[at] = (byte) sample;
        pcm[at + 1] = (byte) (sample >> 8);
      }
    }
    return pcm;
  }

  @Override
  public void close() {
    player.shutdownNow();
  }
}
