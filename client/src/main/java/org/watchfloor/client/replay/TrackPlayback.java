package org.watchfloor.client.replay;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.watchfloor.client.net.TimelineEntry;
import org.watchfloor.client.net.Track;

/**
 * Plays a track on the replay wall: each step's camera fills the wall and plays its bookmark's
 * window, then the next step's, in the track's order. A step whose camera has no tile in this
 * replay is passed over and said so. Ends paused on the last step's window end.
 */
public final class TrackPlayback {

  private final Replay replay;
  private final Track track;
  private final List<TimelineEntry> steps;
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
  private final InvalidationListener onTick = observable -> tick();
  private int step = -1;
  private boolean stopped;

  TrackPlayback(Replay replay, Track track, List<TimelineEntry> steps) {
    this.replay = replay;
    this.track = track;
    this.steps = List.copyOf(steps);
  }

  /** What the playback is at, e.g. "Grey sedan: step 2 of 4, Main St & 3rd"; empty once stopped. */
  public ReadOnlyStringProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** The step playing (0 first), or -1 before the first and after the last. */
  public int step() {
    return stopped ? -1 : step;
  }

  void start() {
    replay.clock().positionProperty().addListener(onTick);
    next();
  }

  private void next() {
    String skipped = "";
    for (step++; step < steps.size(); step++) {
      TimelineEntry entry = steps.get(step);
      Optional<Integer> tile = tileOf(entry.cameraId());
      if (tile.isPresent() && entry.window().isPresent()) {
        replay.fillingProperty().set(tile.get());
        replay.seek(entry.window().get().start());
        replay.play();
        progress.set(track.name() + ": step " + (step + 1) + " of " + steps.size() + ", " + replay.tiles().get(tile.get()).cameraName() + skipped);
        return;
      }
      skipped = " (step " + (step + 1) + "'s camera is not on this replay's wall)";
    }
    stop();
    replay.pause();
  }

  private Optional<Integer> tileOf(String cameraId) {
    List<ReplayTile> tiles = replay.tiles();
    for (int i = 0; i < tiles.size(); i++) {
      if (tiles.get(i).cameraId().equals(cameraId)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private void tick() {
    if (stopped || step < 0 || step >= steps.size()) {
      return;
    }
    Instant end = steps.get(step).window().orElseThrow().end();
    Instant last = end.isBefore(replay.clock().latest()) ? end : replay.clock().latest();
    if (!replay.clock().now().isBefore(last)) {
      next();
    }
  }

  /** Stops following the track; the wall shows every tile again. */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    replay.clock().positionProperty().removeListener(onTick);
    replay.fillingProperty().set(-1);
    progress.set("");
  }
}
