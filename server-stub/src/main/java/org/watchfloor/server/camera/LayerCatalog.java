package org.watchfloor.server.camera;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.store.CameraStore;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.LayerStore;
import org.watchfloor.server.store.ProtoTime;

/**
 * The map's camera layers: their style, order and default visibility, and which cameras they hold.
 * Membership is kept on the cameras ({@code layer_ids}), so a change of membership reaches camera
 * watchers as camera changes and layer watchers as a new camera count.
 */
public final class LayerCatalog extends StoredWatchSource<Layer> {

  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final Clock clock;

  public LayerCatalog(Database database, AuditLog audit, CameraDirectory cameras, Clock clock) {
    super(database, Collection.LAYERS, LayerStore::all, LayerStore::find);
    this.audit = audit;
    this.cameras = cameras;
    this.clock = clock;
  }

  public List<Layer> all() {
    return database.inTransaction("list layers", LayerStore::all);
  }

  public Optional<Layer> get(String id) {
    return database.inTransaction("find layer", transaction -> LayerStore.find(transaction, id));
  }

  public Layer create(Actor actor, Layer draft) {
    validate(draft);
    String id = draft.getId().isEmpty() ? "layer-" + UUID.randomUUID().toString().substring(0, 8) : draft.getId();
    if (get(id).isPresent()) {
      throw Rejection.of(Rejection.Kind.ALREADY_EXISTS, "layer '" + id + "' already exists");
    }
    Instant now = clock.instant();
    Layer layer =
        draft.toBuilder()
            .setId(id)
            .setCreatedAt(ProtoTime.toTimestamp(now))
            .setUpdatedAt(ProtoTime.toTimestamp(now))
            .clearCameraCount()
            .build();
    return write(actor, layer, "created " + layer.getName());
  }

  /**
   * Applies {@code edit} to layer {@code id} as it is now, unless it changed since
   * {@code expectedRevision} (ABORTED); check and write happen under the write lock.
   */
  public Layer update(Actor actor, String id, long expectedRevision, UnaryOperator<Layer> edit, String detail) {
    Rejection.requireBaseRevision("layer", expectedRevision);
    synchronized (writeLock) {
      Layer current = get(id).orElseThrow(() -> Rejection.notFound("no layer with id '" + id + "'"));
      Rejection.requireCurrent("layer", id, expectedRevision, current.getRevision());
      Layer changed = edit.apply(current);
      validate(changed);
      Layer layer =
          changed.toBuilder()
              .setCreatedAt(current.getCreatedAt())
              .setUpdatedAt(ProtoTime.toTimestamp(clock.instant()))
              .build();
      return write(actor, layer, detail);
    }
  }

  /** Deletes a layer in one audited change; its cameras stay, only their membership goes. */
  public void delete(Actor actor, String id) {
    Layer current = get(id).orElseThrow(() -> Rejection.notFound("no layer with id '" + id + "'"));
    List<String> members = members(id);
    synchronized (writeLock) {
      long[] revision = new long[1];
      cameras.editMany(
          "delete layer " + id,
          members,
          camera -> withMembership(camera, id, false),
          transaction -> {
            LayerStore.delete(transaction, id);
            audit.append(
                transaction,
                AuditEntry.of(actor, "LAYER_CHANGED", "layer:" + id,
                    "deleted " + current.getName() + "; its " + members.size() + " cameras stay"));
            revision[0] = ChangeLog.append(transaction, Collection.LAYERS, id, true, clock.instant());
          });
      publish(new Change<>(revision[0], id, Optional.empty()));
    }
  }

  /** Adds and removes cameras from a layer; unknown camera ids are refused by name. */
  public Layer assign(Actor actor, String layerId, List<String> add, List<String> remove) {
    Layer layer = get(layerId).orElseThrow(() -> Rejection.notFound("no layer with id '" + layerId + "'"));
    List<String> unknown = new ArrayList<>();
    for (String id : add) {
      if (cameras.get(id).isEmpty()) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw Rejection.notFound("no cameras with ids " + unknown + "; nothing was assigned");
    }
    Map<String, Boolean> membership = new LinkedHashMap<>();
    remove.forEach(id -> membership.put(id, false));
    add.forEach(id -> membership.put(id, true));
    cameras.editMany(
        "assign cameras to layer " + layerId,
        new ArrayList<>(membership.keySet()),
        camera -> withMembership(camera, layerId, membership.get(camera.getId())),
        transaction ->
            audit.append(
                transaction,
                AuditEntry.of(actor, "LAYER_CHANGED", "layer:" + layerId, "added " + add.size() + ", removed " + remove.size() + " cameras")));
    return touch(layer);
  }

  private static Camera withMembership(Camera camera, String layerId, boolean member) {
    Set<String> layers = new java.util.LinkedHashSet<>(camera.getLayerIdsList());
    if (member) {
      layers.add(layerId);
    } else {
      layers.remove(layerId);
    }
    return camera.toBuilder().clearLayerIds().addAllLayerIds(layers).build();
  }

  private List<String> members(String layerId) {
    return database.inTransaction("layer members", transaction -> CameraStore.cameraIdsInLayer(transaction, layerId));
  }

  /** Tells layer watchers the camera count of {@code layerId} changed (after an import into it). */
  void membershipChanged(String layerId) {
    get(layerId).ifPresent(this::touch);
  }

  /** A new layer revision after its membership changed, so watchers see the new camera count. */
  private Layer touch(Layer layer) {
    synchronized (writeLock) {
      Layer stored =
          database.inTransaction(
              "count layer " + layer.getId(),
              transaction -> {
                long revision = ChangeLog.append(transaction, Collection.LAYERS, layer.getId(), false, clock.instant());
                Layer revised = layer.toBuilder().setRevision(revision).build();
                LayerStore.put(transaction, revised);
                return LayerStore.find(transaction, layer.getId()).orElseThrow();
              });
      publish(new Change<>(stored.getRevision(), stored.getId(), Optional.of(stored)));
      return stored;
    }
  }

  private Layer write(Actor actor, Layer layer, String detail) {
    synchronized (writeLock) {
      Layer stored =
          database.inTransaction(
              "write layer " + layer.getId(),
              transaction -> {
                long revision = ChangeLog.append(transaction, Collection.LAYERS, layer.getId(), false, clock.instant());
                LayerStore.put(transaction, layer.toBuilder().setRevision(revision).build());
                audit.append(transaction, AuditEntry.of(actor, "LAYER_CHANGED", "layer:" + layer.getId(), detail));
                return LayerStore.find(transaction, layer.getId()).orElseThrow();
              });
      publish(new Change<>(stored.getRevision(), stored.getId(), Optional.of(stored)));
      return stored;
    }
  }

  private static void validate(Layer layer) {
    if (layer.getName().isBlank() || layer.getName().length() > 200) {
      throw Rejection.invalid("layer.name", "must be 1 to 200 characters");
    }
    if (!COLOR.matcher(layer.getStyle().getColor()).matches()) {
      throw Rejection.invalid("layer.style.color", "must be #RRGGBB, got '" + layer.getStyle().getColor() + "'");
    }
  }
}
