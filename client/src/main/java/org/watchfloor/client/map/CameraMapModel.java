package org.watchfloor.client.map;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraSummary;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.Layer;

/**
 * What the map shows, on the FX thread: every camera, the layers and incidents, what is hidden,
 * what is selected, and whether the lists are current. The broker's feeds reach it through
 * {@link #cameraFeed()} and its siblings, which hand changes to the FX thread in batches (one
 * {@code runLater} per burst, not per camera). A batch of camera changes costs time in proportion
 * to its size: counts and search texts are kept up to date change by change, and whoever draws
 * the cameras hears the batch itself ({@link #onCameraChanges}), never "the list changed".
 */
public final class CameraMapModel {

  /**
   * One applied batch of camera changes: after {@code reset} the list was emptied first; then
   * {@code upserted} are the new states and {@code removed} the ids that left.
   */
  public record CameraChanges(boolean reset, List<Camera> upserted, List<String> removed) {}

  /** What is hidden now, as an immutable value another thread may test cameras against. */
  public record Visibility(Set<CameraType> hiddenTypes, Set<String> hiddenLayers) {

    /** Whether a camera is shown: its type and at least one of its layers (or none) are visible. */
    public boolean shows(Camera camera) {
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
  }

  private final Map<String, Camera> cameras = new HashMap<>();
  /** Cameras looked up one by one (a wall's, outside the view) when the list holds only the view's. */
  private final Map<String, Camera> looked = new HashMap<>();
  private final ObjectProperty<CameraSummary> summary = new SimpleObjectProperty<>();
  /** Set once the directory is too large to hold: from then on the list holds the view's cameras only. */
  private boolean viewOnly;
  private Function<String, Optional<Camera>> directoryLookup = id -> Optional.empty();
  private Function<String, List<Camera>> directorySearch = text -> List.of();
  /**
   * Per camera, the lower-case text a search looks in: made at the first search, then kept change
   * by change, so a list nobody searches costs no texts while it arrives.
   */
  private Map<String, String> searchText;
  private final ReadOnlyIntegerWrapper cameraCount = new ReadOnlyIntegerWrapper(0);
  private final Map<CameraType, ReadOnlyIntegerWrapper> typeCounts = new EnumMap<>(CameraType.class);
  private final ReadOnlyLongWrapper snapshotSize = new ReadOnlyLongWrapper(0);
  private final List<Consumer<CameraChanges>> cameraListeners = new CopyOnWriteArrayList<>();
  private final ObservableList<Layer> layers = FXCollections.observableArrayList();
  private final ObservableMap<String, Incident> incidents = FXCollections.observableHashMap();
  private final ObservableMap<String, EvidenceMarks> evidenceMarks = FXCollections.observableHashMap();
  private final ObservableSet<CameraType> hiddenTypes = FXCollections.observableSet(EnumSet.noneOf(CameraType.class));
  private final ObservableSet<String> hiddenLayers = FXCollections.observableSet();
  private final ObjectProperty<Camera> selected = new SimpleObjectProperty<>();
  private final BooleanProperty camerasCurrent = new SimpleBooleanProperty(false);
  /** Bumped once per applied batch of any list (cameras, layers, incidents). */
  private final ObjectProperty<Object> revision = new SimpleObjectProperty<>(new Object());

  public CameraMapModel() {
    for (CameraType type : CameraType.values()) {
      typeCounts.put(type, new ReadOnlyIntegerWrapper(0));
    }
  }

  /** The camera with this id, if the list holds it (or it was looked up). */
  public Optional<Camera> camera(String id) {
    Camera held = cameras.get(id);
    return Optional.ofNullable(held != null ? held : looked.get(id));
  }

  /**
   * The camera with this id even when the list holds only the view's: asks the broker then (a
   * blocking call, for the few cameras of a restored wall).
   */
  public Optional<Camera> lookUp(String id) {
    Optional<Camera> known = camera(id);
    if (known.isPresent() || !partial()) {
      return known;
    }
    Optional<Camera> found = directoryLookup.apply(id);
    found.ifPresent(camera -> looked.put(id, camera));
    return found;
  }

  /**
   * Holds only the cameras of the view from now on (a directory too large for this workstation):
   * summaries then bring the clusters and the directory's counts, {@code lookup} single cameras and
   * {@code search} the cameras whose text matches.
   */
  public void holdViewOnly(Function<String, Optional<Camera>> lookup, Function<String, List<Camera>> search) {
    viewOnly = true;
    directoryLookup = lookup;
    directorySearch = search;
  }

  /** The broker's search, for a list that holds only the view's cameras; a blocking call. */
  public List<Camera> searchDirectory(String text) {
    return directorySearch.apply(text);
  }

  /** True when the list holds only the view's cameras, and the broker's summary is the map's. */
  public boolean partial() {
    return viewOnly;
  }

  /** The broker's clusters of the view when the list holds only the view's cameras; null otherwise. */
  public ReadOnlyObjectProperty<CameraSummary> summaryProperty() {
    return summary;
  }

  /** Shows a summary of the broker's: the clusters of the view and the directory's counts. */
  public void showSummary(CameraSummary newer) {
    MapSummaryEvent event = new MapSummaryEvent();
    event.begin();
    summary.set(newer);
    for (CameraType type : CameraType.values()) {
      typeCounts.get(type).set(newer.directoryByType().getOrDefault(type, 0));
    }
    cameraCount.set(newer.directoryByType().values().stream().mapToInt(Integer::intValue).sum());
    event.directory = cameraCount.get();
    event.inView = newer.inView();
    event.clusters = newer.clusters().size();
    event.commit();
  }

  /** Every camera held, unmodifiable; read it on the FX thread. */
  public Collection<Camera> cameras() {
    return Collections.unmodifiableCollection(cameras.values());
  }

  public ReadOnlyIntegerProperty cameraCountProperty() {
    return cameraCount.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty countProperty(CameraType type) {
    return typeCounts.get(type).getReadOnlyProperty();
  }

  /** While a full snapshot arrives, how many cameras it holds; 0 otherwise. */
  public ReadOnlyLongProperty snapshotSizeProperty() {
    return snapshotSize.getReadOnlyProperty();
  }

  /** {@code listener} hears every applied batch of camera changes, on the FX thread. */
  public void onCameraChanges(Consumer<CameraChanges> listener) {
    cameraListeners.add(listener);
  }

  public ObservableList<Layer> layers() {
    return layers;
  }

  public ObservableMap<String, Incident> incidents() {
    return incidents;
  }

  /** Bookmarks and tracks of the incidents being replayed, by incident id; a replay puts and removes its own. */
  public ObservableMap<String, EvidenceMarks> evidenceMarks() {
    return evidenceMarks;
  }

  public ObservableSet<CameraType> hiddenTypes() {
    return hiddenTypes;
  }

  public ObservableSet<String> hiddenLayers() {
    return hiddenLayers;
  }

  public Visibility visibility() {
    return new Visibility(Set.copyOf(hiddenTypes), Set.copyOf(hiddenLayers));
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

  /**
   * The first {@code limit} cameras by name whose name, address or operator contain every word of
   * {@code text}: one pass over the prepared texts, and only the best {@code limit} are sorted.
   */
  public List<Camera> search(String text, int limit) {
    String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
    Comparator<Camera> byName = Comparator.comparing(Camera::name).thenComparing(Camera::id);
    PriorityQueue<Camera> best = new PriorityQueue<>(byName.reversed());
    if (searchText == null) {
      searchText = new HashMap<>(cameras.size() * 2);
      cameras.values().forEach(this::keepSearchText);
    }
    for (Map.Entry<String, String> entry : searchText.entrySet()) {
      if (containsAll(entry.getValue(), words)) {
        best.add(cameras.get(entry.getKey()));
        if (best.size() > limit) {
          best.poll();
        }
      }
    }
    List<Camera> found = new ArrayList<>(best);
    found.sort(byName);
    return found;
  }

  private void keepSearchText(Camera camera) {
    searchText.put(camera.id(), (camera.name() + " " + camera.address() + " " + camera.operator()).toLowerCase(Locale.ROOT));
  }

  private static boolean containsAll(String haystack, String[] words) {
    for (String word : words) {
      if (!haystack.contains(word)) {
        return false;
      }
    }
    return true;
  }

  void changed() {
    revision.set(new Object());
  }

  public FeedListener<Camera> cameraFeed() {
    return new Batched<>(new CameraSink());
  }

  public FeedListener<Incident> incidentFeed() {
    return new Batched<>(new MapSink<>(incidents));
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
    return new Batched<>(new MapSink<>(mirror));
  }

  /** Keeps the selection pointing at the newest version of the selected camera. */
  private void reselect() {
    Camera current = selected.get();
    if (current != null) {
      selected.set(cameras.get(current.id()));
    }
  }

  /** Receives one flushed batch of a feed, in order, on the FX thread. */
  private interface Sink<T> {
    void reset();

    default void expecting(long size) {}

    void upsert(String id, T item);

    void remove(String id);

    void current(boolean current);

    /** The batch is applied: tell whoever listens, once. */
    void done();
  }

  /** Layers and incidents: a few dozen items, kept in an observable map. */
  private final class MapSink<T> implements Sink<T> {
    private final ObservableMap<String, T> target;

    MapSink(ObservableMap<String, T> target) {
      this.target = target;
    }

    @Override
    public void reset() {
      target.clear();
    }

    @Override
    public void upsert(String id, T item) {
      target.put(id, item);
    }

    @Override
    public void remove(String id) {
      target.remove(id);
    }

    @Override
    public void current(boolean current) {}

    @Override
    public void done() {
      changed();
    }
  }

  /** The cameras: counts and search texts follow each change; listeners hear the batch. */
  private final class CameraSink implements Sink<Camera> {
    private CameraBatchEvent event;
    private boolean reset;
    private final Map<String, Camera> upserted = new HashMap<>();
    private final Map<String, Boolean> removed = new HashMap<>();

    /** Starts timing a batch at its first change. */
    private void begin() {
      if (event == null) {
        event = new CameraBatchEvent();
        event.begin();
      }
    }

    @Override
    public void reset() {
      begin();
      cameras.clear();
      searchText = null;
      if (!partial()) {
        typeCounts.values().forEach(count -> count.set(0));
      }
      reset = true;
      upserted.clear();
      removed.clear();
    }

    @Override
    public void expecting(long size) {
      if (!partial()) {
        snapshotSize.set(size); // a view's watch is not the directory's progress
      }
    }

    @Override
    public void upsert(String id, Camera arrived) {
      begin();
      Camera before = cameras.get(id);
      Camera camera = before == null ? arrived : arrived.sharingWith(before);
      cameras.put(id, camera);
      if (before == null) {
        count(camera.type(), 1);
      } else if (before.type() != camera.type()) {
        count(before.type(), -1);
        count(camera.type(), 1);
      }
      if (searchText != null) {
        keepSearchText(camera);
      }
      upserted.put(id, camera);
      removed.remove(id);
    }

    @Override
    public void remove(String id) {
      begin();
      Camera before = cameras.remove(id);
      if (before != null) {
        count(before.type(), -1);
        if (searchText != null) {
          searchText.remove(id);
        }
        upserted.remove(id);
        removed.put(id, true);
      }
    }

    private void count(CameraType type, int delta) {
      if (partial()) {
        return; // the summary counts the whole directory
      }
      ReadOnlyIntegerWrapper count = typeCounts.get(type);
      count.set(count.get() + delta);
    }

    @Override
    public void current(boolean current) {
      begin();
      if (current) {
        snapshotSize.set(0);
      }
      camerasCurrent.set(current);
    }

    @Override
    public void done() {
      if (!partial()) {
        cameraCount.set(cameras.size());
      }
      CameraChanges changes = new CameraChanges(reset, List.copyOf(upserted.values()), List.copyOf(removed.keySet()));
      reset = false;
      upserted.clear();
      removed.clear();
      if (changes.reset() || !changes.upserted().isEmpty() || !changes.removed().isEmpty()) {
        cameraListeners.forEach(listener -> listener.accept(changes));
        reselect();
        changed();
      }
      if (event != null) {
        event.upserted = changes.upserted().size();
        event.removed = changes.removed().size();
        event.cameras = cameras.size();
        event.current = camerasCurrent.get();
        event.commit();
        event = null;
      }
    }
  }

  /**
   * Hands a feed's events to the FX thread, collecting everything that arrives between two FX
   * pulses into one batch. A batch takes at most {@link #MAX_NANOS_PER_BATCH} of the FX thread: a
   * snapshot arriving faster than that (tens of thousands of cameras while the window is built)
   * is applied over the next pulses instead of holding one frame for a quarter of a second.
   */
  private static final class Batched<T> implements FeedListener<T> {
    /**
     * At most this often: a snapshot trickling in one camera at a time would otherwise make a batch
     * (and a repaint) of each.
     */
    private static final long MIN_NANOS_BETWEEN_BATCHES = 25_000_000;
    private static final long MAX_NANOS_PER_BATCH = 10_000_000;
    /** Changes applied between two looks at the clock. */
    private static final int CLOCK_EVERY = 256;
    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "feed-pacer");
      thread.setDaemon(true);
      return thread;
    });

    private final Sink<T> sink;
    private final List<Consumer<Sink<T>>> pending = new ArrayList<>();
    /** Changes taken from {@code pending} and not applied yet, oldest first; FX thread only. */
    private final ArrayDeque<Consumer<Sink<T>>> backlog = new ArrayDeque<>();
    private volatile long lastFlush;

    Batched(Sink<T> sink) {
      this.sink = sink;
    }

    private void later(Consumer<Sink<T>> change) {
      boolean schedule;
      synchronized (pending) {
        schedule = pending.isEmpty();
        pending.add(change);
      }
      if (schedule) {
        long wait = lastFlush + MIN_NANOS_BETWEEN_BATCHES - System.nanoTime();
        if (wait <= 0) {
          Platform.runLater(this::flush);
        } else {
          PACER.schedule(() -> Platform.runLater(this::flush), wait, TimeUnit.NANOSECONDS);
        }
      }
    }

    private void flush() {
      lastFlush = System.nanoTime();
      synchronized (pending) {
        backlog.addAll(pending);
        pending.clear();
      }
      if (backlog.isEmpty()) {
        return; // a flush scheduled for a backlog that an earlier one already applied
      }
      int applied = 0;
      while (!backlog.isEmpty()) {
        backlog.poll().accept(sink);
        if (++applied % CLOCK_EVERY == 0 && System.nanoTime() - lastFlush > MAX_NANOS_PER_BATCH) {
          break;
        }
      }
      sink.done();
      if (!backlog.isEmpty()) {
        PACER.schedule(() -> Platform.runLater(this::flush), MIN_NANOS_BETWEEN_BATCHES, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void reset() {
      later(Sink::reset);
    }

    @Override
    public void expecting(long size) {
      later(sink -> sink.expecting(size));
    }

    @Override
    public void upsert(String id, T item) {
      later(sink -> sink.upsert(id, item));
    }

    @Override
    public void remove(String id) {
      later(sink -> sink.remove(id));
    }

    @Override
    public void synced() {
      later(sink -> sink.current(true));
    }

    @Override
    public void stale() {
      later(sink -> sink.current(false));
    }
  }
}
