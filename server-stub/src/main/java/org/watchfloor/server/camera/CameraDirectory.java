package org.watchfloor.server.camera;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraMatch;
import org.watchfloor.proto.v1.CameraHealth;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CameraSummary;
import org.watchfloor.proto.v1.ConsentState;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.HealthState;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.ChangeFeed;
import org.watchfloor.server.change.WatchSource;
import org.watchfloor.server.store.CameraStore;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.Transaction;

/**
 * Every camera the center knows, kept in memory over the database (in id order, for paging) with
 * a spatial index for viewport queries ({@link CameraIndex}). Writes go to the database first (with their revision and audit row in one
 * transaction), then to memory and to watchers, one writer at a time. Cameras other brokers on the
 * same database write come in through {@link #publishCommitted}, read from the change log.
 */
public final class CameraDirectory implements WatchSource<Camera> {

  /** One page of a viewport query. */
  public record Page(List<Camera> cameras, Optional<String> nextAfterId, long revision) {}

  /** A search hit, with its distance when the search was near a point. */
  public record Match(Camera camera, Optional<Double> distanceMeters) {

    /** The match as the contract sends it. */
    public CameraMatch message() {
      CameraMatch.Builder hit = CameraMatch.newBuilder().setCamera(camera);
      distanceMeters.ifPresent(hit::setDistanceMeters);
      return hit.build();
    }
  }

  /** What a viewport or watch asks for; empty sets match everything. */
  public record Filter(Optional<BoundingBox> bbox, Set<CameraKind> kinds, Set<String> layerIds) {
    public boolean matches(Camera camera) {
      return (kinds.isEmpty() || kinds.contains(camera.getKind()))
          && (layerIds.isEmpty() || camera.getLayerIdsList().stream().anyMatch(layerIds::contains))
          && bbox.map(box -> Geo.contains(box, camera.getLocation())).orElse(true);
    }
  }

  private final Database database;
  private final AuditLog audit;
  private final UpstreamVault vault;
  private final Clock clock;
  private final ChangeFeed<Camera> feed = new ChangeFeed<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** By id, for lookups; {@link #inIdOrder} holds the same cameras sorted, for paging. */
  private final Map<String, Camera> cameras = new HashMap<>();
  private final NavigableMap<String, Camera> inIdOrder = new TreeMap<>();
  private final CameraIndex index = new CameraIndex();
  private long revision;

  /** Upstream URLs are sealed with {@code vault}; any stored before that are sealed now. */
  public CameraDirectory(Database database, AuditLog audit, UpstreamVault vault, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.vault = vault;
    this.clock = clock;
    database.inTransaction(
        "load cameras",
        transaction -> {
          CameraStore.resealUpstreams(transaction, stored -> UpstreamVault.isSealed(stored) ? stored : vault.seal(stored));
          // The head before the rows: a camera committed in between is then applied again later, never missed.
          revision = ChangeLog.head(transaction, Collection.CAMERAS);
          CameraStore.forEach(
              transaction,
              camera -> {
                cameras.put(camera.getId(), camera);
                inIdOrder.put(camera.getId(), camera);
              });
          return null;
        });
    index.repack(CameraIndex.positions(cameras, Camera::getLocation));
  }

  // ---- reads ----

  /**
   * Cameras inside {@code filter}'s box in id order, after {@code afterId}, at most {@code limit}:
   * a box is answered from the spatial index, never by scanning every camera.
   */
  public Page list(Filter filter, String afterId, int limit) {
    lock.readLock().lock();
    try {
      List<Camera> hits = new ArrayList<>();
      if (filter.bbox().isPresent()) {
        for (String id : index.candidates(filter.bbox().get())) {
          Camera camera = cameras.get(id);
          if (camera != null && camera.getId().compareTo(afterId) > 0 && filter.matches(camera)) {
            hits.add(camera);
          }
        }
        hits.sort(Comparator.comparing(Camera::getId));
      } else {
        for (Camera camera : inIdOrder.tailMap(afterId, false).values()) {
          if (filter.matches(camera)) {
            hits.add(camera);
            if (hits.size() > limit) {
              break;
            }
          }
        }
      }
      boolean more = hits.size() > limit;
      List<Camera> page = more ? List.copyOf(hits.subList(0, limit)) : hits;
      return new Page(
          page, more ? Optional.of(page.get(limit - 1).getId()) : Optional.empty(), revision);
    } finally {
      lock.readLock().unlock();
    }
  }

  public Optional<Camera> get(String id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(cameras.get(id));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Cameras whose name, address, operator or tags contain every word of {@code text}
   * (case-insensitive), optionally within {@code radiusMeters} of {@code near}; nearest first when
   * a point is given, else by name.
   */
  public List<Match> search(
      String text, Optional<GeoPoint> near, double radiusMeters, Set<CameraKind> kinds) {
    String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
    lock.readLock().lock();
    try {
      Iterable<String> candidates =
          near.isPresent() ? index.candidates(Geo.around(near.get(), radiusMeters)) : cameras.keySet();
      List<Match> matches = new ArrayList<>();
      for (String id : candidates) {
        Camera camera = cameras.get(id);
        if (camera == null || (!kinds.isEmpty() && !kinds.contains(camera.getKind()))) {
          continue;
        }
        if (!containsAll(searchableText(camera), words)) {
          continue;
        }
        Optional<Double> distance = near.map(point -> Geo.distanceMeters(point, camera.getLocation()));
        if (distance.isPresent() && distance.get() > radiusMeters) {
          continue;
        }
        matches.add(new Match(camera, distance));
      }
      matches.sort(
          near.isPresent()
              ? Comparator.comparing(match -> match.distanceMeters().orElseThrow())
              : Comparator.comparing(match -> match.camera().getName()));
      return matches;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The cameras of {@code box} as a map's clusters at {@code zoom} (cells of {@code cellPixels}),
   * with the totals a map's legend shows: one pass over the directory under its read lock.
   */
  public CameraSummary summarize(BoundingBox box, int zoom, int cellPixels, Set<CameraKind> kinds, Set<String> hiddenLayers) {
    ViewSummary summary = new ViewSummary(box, zoom, cellPixels, kinds, hiddenLayers);
    lock.readLock().lock();
    try {
      for (Camera camera : cameras.values()) {
        summary.add(camera);
      }
      return summary.build(revision);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static String searchableText(Camera camera) {
    StringBuilder text =
        new StringBuilder(camera.getName())
            .append(' ')
            .append(camera.getAddress())
            .append(' ')
            .append(camera.getOperator())
            .append(' ')
            .append(camera.getId());
    camera.getTagsMap().forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
    return text.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean containsAll(String haystack, String[] words) {
    for (String word : words) {
      if (!haystack.contains(word)) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    lock.readLock().lock();
    try {
      return cameras.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- watch source ----

  @Override
  public Snapshot<Camera> snapshot() {
    lock.readLock().lock();
    try {
      return new Snapshot<>(revision, List.copyOf(cameras.values()));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public CatchUp<Camera> changesAfter(long afterRevision) {
    lock.readLock().lock();
    try {
      List<ChangeLog.Change> missed =
          database.inTransaction(
              "read camera changes",
              transaction -> ChangeLog.latestChangesAfter(transaction, Collection.CAMERAS, afterRevision, revision));
      List<Change<Camera>> changes = new ArrayList<>(missed.size());
      for (ChangeLog.Change change : missed) {
        changes.add(
            new Change<>(
                change.revision(),
                change.entityId(),
                change.removed() ? Optional.empty() : Optional.ofNullable(cameras.get(change.entityId()))));
      }
      return new CatchUp<>(revision, changes);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long head() {
    lock.readLock().lock();
    try {
      return revision;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public ChangeFeed<Camera> feed() {
    return feed;
  }

  @Override
  public void publishCommitted() {
    lock.writeLock().lock();
    try {
      database.inTransaction("apply camera changes of other brokers", transaction -> {
        long head = ChangeLog.head(transaction, Collection.CAMERAS);
        if (head > revision) {
          applyCommitted(transaction, head);
        }
        return null;
      });
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long publishedRevision() {
    return head();
  }

  /**
   * Brings memory up to {@code through} from the change log (another broker's writes), telling
   * watchers in revision order; returns the ids it changed. Callers hold the write lock.
   */
  private Set<String> applyCommitted(Transaction transaction, long through) throws SQLException {
    Set<String> changedIds = new HashSet<>();
    for (ChangeLog.Change change : ChangeLog.latestChangesAfter(transaction, Collection.CAMERAS, revision, through)) {
      Optional<Camera> state = change.removed() ? Optional.empty() : CameraStore.find(transaction, change.entityId());
      if (state.isPresent()) {
        Camera previous = cameras.put(change.entityId(), state.get());
        inIdOrder.put(change.entityId(), state.get());
        if (previous == null || !previous.getLocation().equals(state.get().getLocation())) {
          index.put(change.entityId(), state.get().getLocation());
        }
      } else {
        cameras.remove(change.entityId());
        inIdOrder.remove(change.entityId());
      }
      changedIds.add(change.entityId());
      revision = change.revision();
      feed.publish(new Change<>(change.revision(), change.entityId(), state));
    }
    revision = Math.max(revision, through);
    if (index.wantsRepack()) {
      index.repack(CameraIndex.positions(cameras, Camera::getLocation));
    }
    return changedIds;
  }

  /**
   * Inside a write's transaction, which holds the camera revision lock from {@code firstNew} on:
   * applies what other brokers committed since this directory's revision, then refuses the write
   * when a camera of {@code creating} exists (ALREADY_EXISTS, also when another broker created it
   * a moment ago) or one of {@code writing} was changed elsewhere meanwhile (ABORTED: the write was
   * based on a state that is gone).
   */
  private void catchUpBefore(Transaction transaction, long firstNew, java.util.Collection<String> writing, Set<String> creating)
      throws SQLException {
    Set<String> changedElsewhere = firstNew - 1 <= revision ? Set.of() : applyCommitted(transaction, firstNew - 1);
    for (String id : writing) {
      if (creating.contains(id) && cameras.containsKey(id)) {
        throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, "camera '" + id + "' already exists");
      }
      if (changedElsewhere.contains(id)) {
        throw Rejection.of(Rejection.Kind.ABORTED,
            "camera '" + id + "' was changed through another broker a moment ago; read it again and retry");
      }
    }
  }

  /** The camera's upstream URLs by profile name, opened (never for clients: they may carry credentials). */
  public Map<String, String> upstreams(String cameraId) {
    Map<String, String> sealed = database.inTransaction("camera upstreams", transaction -> CameraStore.upstreams(transaction, cameraId));
    Map<String, String> open = new HashMap<>();
    sealed.forEach((profile, url) -> open.put(profile, vault.open(url)));
    return open;
  }

  /** Replaces the camera's upstream URLs inside a write's transaction, sealed. */
  public void putUpstreams(Transaction transaction, String cameraId, Map<String, String> urls) throws SQLException {
    Map<String, String> sealed = new HashMap<>();
    urls.forEach((profile, url) -> sealed.put(profile, vault.seal(url)));
    CameraStore.putUpstreams(transaction, cameraId, sealed);
  }

  // ---- writes ----

  /** Adds a camera; the directory assigns its id when none is given. Audited as CAMERA_CREATED. */
  public Camera create(Actor actor, Camera draft, Map<String, String> upstreamUrls) {
    CameraValidation.requireValid(draft, "camera");
    Camera camera = newCamera(draft, "");
    return writeOne(
        "create camera " + camera.getId(),
        camera,
        true,
        transaction -> {
          if (!upstreamUrls.isEmpty()) {
            putUpstreams(transaction, camera.getId(), upstreamUrls);
          }
          audit.append(transaction, created(actor, camera, restoreUpstreams(transaction, camera, upstreamUrls.keySet())));
        });
  }

  /**
   * Adds every camera of {@code drafts} in one transaction, or none when one is invalid (named
   * with its index) or its chosen id is taken (ALREADY_EXISTS). Audited as CAMERA_CREATED per camera.
   */
  public List<Camera> createMany(Actor actor, List<Camera> drafts) {
    List<Camera> cameras = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      CameraValidation.requireValid(drafts.get(i), "requests[" + i + "].camera");
      cameras.add(newCamera(drafts.get(i), "requests[" + i + "]."));
    }
    return writeMany(
        "create " + cameras.size() + " cameras",
        cameras,
        cameras.stream().map(Camera::getId).collect(java.util.stream.Collectors.toSet()),
        transaction -> {
          List<AuditEntry> entries = new ArrayList<>(cameras.size());
          for (Camera camera : cameras) {
            entries.add(created(actor, camera, restoreUpstreams(transaction, camera, Set.of())));
          }
          audit.appendAll(transaction, entries);
        });
  }

  /**
   * Gives a camera made again with a deleted camera's id the upstream URLs its deletion kept, for
   * its profiles not in {@code given} (the admin cannot send them back: no client ever sees them),
   * until the retention purge has removed them; returns how many.
   */
  private int restoreUpstreams(Transaction transaction, Camera camera, Set<String> given) throws SQLException {
    Set<String> profiles = new HashSet<>();
    camera.getStreamsList().forEach(profile -> profiles.add(profile.getName()));
    profiles.removeAll(given);
    return CameraStore.restoreUpstreams(transaction, camera.getId(), profiles);
  }

  /** {@code draft} with its id (assigned when empty; ALREADY_EXISTS when taken) and the server's fields. */
  private Camera newCamera(Camera draft, String prefix) {
    String id = draft.getId().isEmpty() ? "cam-" + UUID.randomUUID().toString().substring(0, 13) : draft.getId();
    if (get(id).isPresent()) {
      throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, prefix + "camera '" + id + "' already exists");
    }
    return prepareNew(draft.toBuilder().setId(id).build(), clock.instant());
  }

  private static AuditEntry created(Actor actor, Camera camera, int restoredUpstreams) {
    return AuditEntry.of(actor, "CAMERA_CREATED", "camera:" + camera.getId(), camera.getKind().name() + " " + camera.getName()
        + (restoredUpstreams == 0 ? "" : "; the stream addresses of " + restoredUpstreams + " profile(s) kept from its deletion restored"));
  }

  /**
   * Applies {@code edit} to camera {@code id} as it is now, unless it changed since
   * {@code expectedRevision} (ABORTED). The check, the edit and the write happen under the write
   * lock, so two admins racing on one camera cannot both pass. Audited as CAMERA_UPDATED with
   * {@code detail}.
   */
  public Camera update(
      Actor actor, String id, long expectedRevision, UnaryOperator<Camera> edit, Map<String, String> upstreamUrls, String detail) {
    lock.writeLock().lock();
    try {
      Camera camera = edited(new Edit(id, expectedRevision, edit, detail));
      return writeOne(
          "update camera " + camera.getId(),
          camera,
          false,
          transaction -> {
            if (!upstreamUrls.isEmpty()) {
              putUpstreams(transaction, camera.getId(), upstreamUrls);
            }
            audit.append(transaction, AuditEntry.of(actor, "CAMERA_UPDATED", "camera:" + camera.getId(), detail));
          });
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** One update of a batch: camera {@code id} as changed by {@code edit}, based on {@code expectedRevision}, audited with {@code detail}. */
  public record Edit(String id, long expectedRevision, UnaryOperator<Camera> edit, String detail) {}

  /**
   * Applies every edit in one transaction, or none when any camera changed since its expected
   * revision (ABORTED naming the first) or any result is invalid. Audited as CAMERA_UPDATED per camera.
   */
  public List<Camera> updateMany(Actor actor, List<Edit> edits) {
    lock.writeLock().lock();
    try {
      List<Camera> changed = new ArrayList<>(edits.size());
      for (Edit edit : edits) {
        changed.add(edited(edit));
      }
      return writeMany(
          "update " + edits.size() + " cameras",
          changed,
          transaction -> audit.appendAll(transaction, edits.stream()
              .map(edit -> AuditEntry.of(actor, "CAMERA_UPDATED", "camera:" + edit.id(), edit.detail())).toList()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The camera as {@code edit} leaves it, checked against its base revision and every camera rule. Callers hold the write lock. */
  private Camera edited(Edit edit) {
    Rejection.requireBaseRevision("camera", edit.expectedRevision());
    Camera current = get(edit.id()).orElseThrow(() -> Rejection.notFound("no camera with id '" + edit.id() + "'"));
    Rejection.requireCurrent("camera", edit.id(), edit.expectedRevision(), current.getRevision());
    Camera changed = edit.edit().apply(current);
    CameraValidation.requireValid(changed, "camera");
    return withServerFields(changed.toBuilder(), clock.instant()).setCreatedAt(current.getCreatedAt()).build();
  }

  /** Records a health report; audited as CAMERA_UPDATED only when the state changes. */
  public CameraHealth setHealth(Actor actor, String id, HealthState state, String detail, Instant lastSeen) {
    Camera current = get(id).orElseThrow(() -> Rejection.notFound("no camera with id '" + id + "'"));
    CameraHealth health =
        CameraHealth.newBuilder()
            .setState(state)
            .setDetail(detail)
            .setLastSeen(ProtoTime.toTimestamp(lastSeen))
            .build();
    boolean stateChanged = current.getHealth().getState() != state;
    Camera camera = current.toBuilder().setHealth(health).build();
    writeOne(
        "record health of camera " + id,
        camera,
        false,
        transaction -> {
          if (stateChanged) {
            audit.append(
                transaction,
                AuditEntry.of(actor, "CAMERA_UPDATED", "camera:" + id, "health " + state.name() + " " + detail));
          }
        });
    return health;
  }

  /** Removes a camera; watchers learn it as a removal. Audited as CAMERA_DELETED with the reason. */
  public void delete(Actor actor, String id, String reason) {
    lock.writeLock().lock();
    try {
      if (!cameras.containsKey(id)) {
        throw Rejection.notFound("no camera with id '" + id + "'");
      }
      remove(actor, List.of(id), reason);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes every camera of {@code expectedRevisions} (id to the revision the deletion is based on)
   * in one transaction, or none when one is unknown (NOT_FOUND) or changed since its revision
   * (ABORTED naming the first, in the map's order). Audited as CAMERA_DELETED per camera.
   */
  public void deleteMany(Actor actor, java.util.LinkedHashMap<String, Long> expectedRevisions, String reason) {
    lock.writeLock().lock();
    try {
      int i = 0;
      for (Map.Entry<String, Long> expected : expectedRevisions.entrySet()) {
        Camera current = cameras.get(expected.getKey());
        if (current == null) {
          throw Rejection.notFound("cameras[" + i + "].camera_id: no camera with id '" + expected.getKey() + "'");
        }
        Rejection.requireCurrent("camera", expected.getKey(), expected.getValue(), current.getRevision());
        i++;
      }
      remove(actor, List.copyOf(expectedRevisions.keySet()), reason);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Deletes {@code ids}, which exist, in one transaction with one revision each. Callers hold the write lock. */
  private void remove(Actor actor, List<String> ids, String reason) {
    long last =
        database.inTransaction(
            ids.size() == 1 ? "delete camera " + ids.get(0) : "delete " + ids.size() + " cameras",
            transaction -> {
              CameraStore.deleteAll(transaction, ids, clock.instant());
              long through = ChangeLog.appendAll(transaction, Collection.CAMERAS, ids, true, clock.instant());
              catchUpBefore(transaction, through - ids.size() + 1, ids, Set.of());
              audit.appendAll(transaction, ids.stream().map(id -> AuditEntry.of(actor, "CAMERA_DELETED", "camera:" + id, reason)).toList());
              return through;
            });
    long changeRevision = last - ids.size();
    for (String id : ids) {
      cameras.remove(id);
      inIdOrder.remove(id);
      revision = ++changeRevision;
      feed.publish(new Change<>(changeRevision, id, Optional.empty()));
    }
  }

  /** Extra work a write does inside its transaction (upstream URLs, the audit row). */
  @FunctionalInterface
  public interface InTransaction {
    void run(Transaction transaction) throws SQLException;
  }

  /** {@code creating}: the camera must not exist yet, checked under the write lock. */
  private Camera writeOne(String operation, Camera camera, boolean creating, InTransaction alsoDo) {
    return writeMany(operation, List.of(camera), creating ? Set.of(camera.getId()) : Set.of(), alsoDo).get(0);
  }

  /**
   * Stores {@code changed} cameras in one transaction, each with its own revision, then updates
   * memory and tells watchers, in revision order. Used by single edits and by imports.
   */
  public List<Camera> writeMany(String operation, List<Camera> changed, InTransaction alsoDo) {
    return writeMany(operation, changed, Set.of(), alsoDo);
  }

  private List<Camera> writeMany(String operation, List<Camera> changed, Set<String> creating, InTransaction alsoDo) {
    lock.writeLock().lock();
    try {
      List<Camera> stored =
          database.inTransaction(
              operation,
              transaction -> {
                List<String> ids = changed.stream().map(Camera::getId).toList();
                long last = ChangeLog.appendAll(transaction, Collection.CAMERAS, ids, false, clock.instant());
                long next = last - changed.size();
                catchUpBefore(transaction, next + 1, ids, creating);
                List<Camera> withRevisions = new ArrayList<>(changed.size());
                Set<String> existing = new HashSet<>();
                for (Camera camera : changed) {
                  withRevisions.add(camera.toBuilder().setRevision(++next).build());
                  if (cameras.containsKey(camera.getId())) {
                    existing.add(camera.getId());
                  }
                }
                CameraStore.putAll(transaction, withRevisions, existing);
                alsoDo.run(transaction);
                return withRevisions;
              });
      for (Camera camera : stored) {
        Camera previous = cameras.put(camera.getId(), camera);
        inIdOrder.put(camera.getId(), camera);
        if (previous == null || !previous.getLocation().equals(camera.getLocation())) {
          index.put(camera.getId(), camera.getLocation());
        }
        revision = camera.getRevision();
        feed.publish(new Change<>(camera.getRevision(), camera.getId(), Optional.of(camera)));
      }
      if (index.wantsRepack()) {
        index.repack(CameraIndex.positions(cameras, Camera::getLocation));
      }
      return stored;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Applies {@code edit} to every listed camera that exists, in one transaction. */
  public List<Camera> editMany(
      String operation, List<String> ids, Function<Camera, Camera> edit, InTransaction alsoDo) {
    List<Camera> changed = new ArrayList<>();
    for (String id : ids) {
      get(id).map(edit).ifPresent(changed::add);
    }
    return writeMany(operation, changed, alsoDo);
  }

  /** {@code draft} as a new camera is stored: its consent badge and creation time set (for {@link #writeMany}). */
  public Camera prepareNew(Camera draft, Instant now) {
    return withServerFields(draft.toBuilder(), now).setCreatedAt(ProtoTime.toTimestamp(now)).build();
  }

  /** Fields only the server sets: consent badge from the kind, update time. */
  private static Camera.Builder withServerFields(Camera.Builder camera, Instant now) {
    return camera
        .setConsentState(consentStateOf(camera.getKind()))
        .setUpdatedAt(ProtoTime.toTimestamp(now));
  }

  /** The badge until grants exist: public cameras need no consent, private ones have none yet. */
  static ConsentState consentStateOf(CameraKind kind) {
    return switch (kind) {
      case CAMERA_KIND_PRIVATE_REGISTERED -> ConsentState.CONSENT_STATE_REGISTERED_ONLY;
      case CAMERA_KIND_PRIVATE_LIVE -> ConsentState.CONSENT_STATE_NOT_SHARED;
      default -> ConsentState.CONSENT_STATE_NOT_APPLICABLE;
    };
  }
}
