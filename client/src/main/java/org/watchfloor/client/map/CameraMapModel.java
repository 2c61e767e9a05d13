package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.Layer;

/**
 * What the map shows, as JavaFX properties on the FX thread: every camera, the layers and
 * incidents, what is hidden, what is selected, and whether the lists are current. The broker's
 * feeds reach it through {@link #cameraFeed()} and its siblings, which hand changes to the FX thread
 * in batches (one {@code runLater} per burst, not per camera).
 */
public final class CameraMapModel {

  private final ObservableMap<String, Camera> cameras = FXCollections.observableHashMap();
  private final ObservableList<Layer> layers = FXCollections.observableArrayList();
  private final ObservableMap<String, Incident> incidents = FXCollections.observableHashMap();
  private final ObservableSet<CameraType> hiddenTypes = FXCollections.observableSet(EnumSet.noneOf(CameraType.class));
  private final ObservableSet<String> hiddenLayers = FXCollections.observableSet();
  private final ObjectProperty<Camera> selected = new SimpleObjectProperty<>();
  private final BooleanProperty camerasCurrent = new SimpleBooleanProperty(false);
  /** Bumped on every change the map must redraw for. */
  private final ObjectProperty<Object> revision = new SimpleObjectProperty<>(new Object());

  public ObservableMap<String, Camera> cameras() {
    return cameras;
  }

  public ObservableList<Layer> layers() {
    return layers;
  }

  public ObservableMap<String, Incident> incidents() {
    return incidents;
  }

  public ObservableSet<CameraType> hiddenTypes() {
    return hiddenTypes;
  }

  public ObservableSet<String> hiddenLayers() {
    return hiddenLayers;
  }

  public ObjectProperty<Camera> selectedProperty() {
    return selected;
  }

  /** False from a broken link until the broker has sent everything missed: the map is then stale. */
  public BooleanProperty camerasCurrentProperty() {
    return camerasCurrent;
  }

  public ObjectProperty<Object> revisionProperty() {
    return revision;
  }

  /** Whether a camera is shown: its type and at least one of its layers (or none) are visible. */
  public boolean isVisible(Camera camera) {
    if (hiddenTypes.contains(camera.type())) {
      return false;
    }
    if (camera.layerIds().isEmpty() || hiddenLayers.isEmpty()) {
      return true;
    }
    for (String layer : camera.layerIds()) {
      if (!hiddenLayers.contains(layer)) {
        return true;
      }
    }
    return false;
  }

  /** Cameras whose name, address or operator contain every word of {@code text}, by name. */
  public List<Camera> search(String text) {
    String[] words = text.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+");
    List<Camera> found = new ArrayList<>();
    for (Camera camera : cameras.values()) {
      String haystack = (camera.name() + " " + camera.address() + " " + camera.operator()).toLowerCase(java.util.Locale.ROOT);
      boolean all = true;
      for (String word : words) {
        all &= haystack.contains(word);
      }
      if (all) {
        found.add(camera);
      }
    }
    found.sort(Comparator.comparing(Camera::name));
    return found;
  }

  void changed() {
    revision.set(new Object());
  }

  public FeedListener<Camera> cameraFeed() {
    return new Batched<>(cameras, ready -> camerasCurrent.set(ready), this::changed, this::reselect);
  }

  public FeedListener<Incident> incidentFeed() {
    return new Batched<>(incidents, ready -> {}, this::changed, () -> {});
  }

  public FeedListener<Layer> layerFeed() {
    Map<String, Layer> byId = new HashMap<>();
    ObservableMap<String, Layer> mirror = FXCollections.observableMap(byId);
    mirror.addListener((javafx.collections.MapChangeListener<String, Layer>) change -> {
      List<Layer> sorted = new ArrayList<>(mirror.values());
      sorted.sort(Comparator.comparingInt(Layer::order).thenComparing(Layer::name));
      layers.setAll(sorted);
      for (Layer layer : sorted) {
        if (!layer.visibleByDefault() && change.wasAdded() && change.getKey().equals(layer.id()) && change.getValueRemoved() == null) {
          hiddenLayers.add(layer.id());
        }
      }
    });
    return new Batched<>(mirror, ready -> {}, this::changed, () -> {});
  }

  /** Keeps the selection pointing at the newest version of the selected camera. */
  private void reselect() {
    Camera current = selected.get();
    if (current != null) {
      selected.set(cameras.get(current.id()));
    }
  }

  /**
   * Applies a feed's changes to {@code target} on the FX thread, collecting everything that arrives
   * between two FX pulses into one update.
   */
  private static final class Batched<T> implements FeedListener<T> {
    private final ObservableMap<String, T> target;
    private final java.util.function.Consumer<Boolean> current;
    private final Runnable changed;
    private final Runnable after;
    private final List<Runnable> pending = new ArrayList<>();

    Batched(ObservableMap<String, T> target, java.util.function.Consumer<Boolean> current, Runnable changed, Runnable after) {
      this.target = target;
      this.current = current;
      this.changed = changed;
      this.after = after;
    }

    private void later(Runnable change) {
      boolean schedule;
      synchronized (pending) {
        schedule = pending.isEmpty();
        pending.add(change);
      }
      if (schedule) {
        Platform.runLater(this::flush);
      }
    }

    private void flush() {
      List<Runnable> batch;
      synchronized (pending) {
        batch = List.copyOf(pending);
        pending.clear();
      }
      for (Runnable change : batch) {
        change.run();
      }
      changed.run();
      after.run();
    }

    @Override
    public void reset() {
      later(target::clear);
    }

    @Override
    public void upsert(String id, T item) {
      later(() -> target.put(id, item));
    }

    @Override
    public void remove(String id) {
      later(() -> target.remove(id));
    }

    @Override
    public void synced() {
      later(() -> current.accept(true));
    }

    @Override
    public void stale() {
      later(() -> current.accept(false));
    }
  }
}
