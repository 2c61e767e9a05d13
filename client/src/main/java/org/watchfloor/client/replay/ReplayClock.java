package org.watchfloor.client.replay;

import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A replay clock: the recorded moment that should be on screen, running at a rate while playing.
 * It is computed, not ticked: {@link #at(long)} interpolates from the last play, pause, seek or
 * rate change, so every tile is judged against the same line. {@link #positionProperty()} follows
 * it once per pulse for the views. FX thread.
 */
public final class ReplayClock {

  /** The speeds offered, slowest first. */
  public static final double[] SPEEDS = {0.125, 0.25, 0.5, 1, 2, 4, 8, 16};

  private final Instant earliest;
  private final Instant latest;
  private final ReadOnlyObjectWrapper<Instant> position = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper rate = new ReadOnlyDoubleWrapper(1);
  private Instant anchor;
  private long anchorNanos;
  private long line;

  /** A paused clock at {@code start}, kept within [{@code earliest}, {@code latest}]. */
  public ReplayClock(Instant start, Instant earliest, Instant latest) {
    this.earliest = earliest;
    this.latest = latest;
    this.anchor = clamp(TimeCode.frameStart(start));
    this.anchorNanos = System.nanoTime();
    position.set(anchor);
  }

  /** A paused copy of {@code other} where it stands now, with its rate (an independent tile's own clock). */
  static ReplayClock copyOf(ReplayClock other) {
    ReplayClock copy = new ReplayClock(other.now(), other.earliest, other.latest);
    copy.rate.set(other.rate());
    return copy;
  }

  /** The moment on screen at {@code nanoTime} ({@link System#nanoTime()}). */
  public Instant at(long nanoTime) {
    if (!playing.get()) {
      return anchor;
    }
    Instant moving = anchor.plusNanos(Math.round((nanoTime - anchorNanos) * rate.get()));
    return moving.isAfter(latest) ? latest : moving;
  }

  public Instant now() {
    return at(System.nanoTime());
  }

  /** Brings {@link #positionProperty()} up to date; once per pulse. Stops at the end of the window. */
  void tick() {
    Instant now = now();
    if (playing.get() && !now.isBefore(latest)) {
      pause();
    }
    position.set(now());
  }

  public ReadOnlyObjectProperty<Instant> positionProperty() {
    return position.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty playingProperty() {
    return playing.getReadOnlyProperty();
  }

  public boolean playing() {
    return playing.get();
  }

  public ReadOnlyDoubleProperty rateProperty() {
    return rate.getReadOnlyProperty();
  }

  public double rate() {
    return rate.get();
  }

  public Instant earliest() {
    return earliest;
  }

  public Instant latest() {
    return latest;
  }

  void play() {
    if (!playing.get() && now().isBefore(latest)) {
      rebase();
      playing.set(true);
    }
  }

  void pause() {
    if (playing.get()) {
      rebase();
      playing.set(false);
      position.set(anchor);
    }
  }

  void setRate(double newRate) {
    rebase();
    rate.set(newRate);
    line++;
  }

  /** Moves to the start of the frame showing at {@code target} (within the window); keeps playing or paused. */
  void seek(Instant target) {
    anchor = clamp(TimeCode.frameStart(target));
    anchorNanos = System.nanoTime();
    line++;
    position.set(anchor);
  }

  /**
   * Holds the clock back by {@code lag} where it stands, playing on: faster than 1x the clock waits
   * for a tile that fell behind (see {@link ReplayTile}).
   */
  void waitFor(Duration lag) {
    rebase();
    anchor = clamp(anchor.minus(lag));
    line++;
  }

  /** Changes at every seek, speed change and wait: offsets measured before were measured against another line. */
  long line() {
    return line;
  }

  void jump(Duration by) {
    seek(now().plus(by));
  }

  private void rebase() {
    long nanos = System.nanoTime();
    anchor = at(nanos);
    anchorNanos = nanos;
  }

  private Instant clamp(Instant at) {
    return at.isBefore(earliest) ? earliest : at.isAfter(latest) ? latest : at;
  }
}
