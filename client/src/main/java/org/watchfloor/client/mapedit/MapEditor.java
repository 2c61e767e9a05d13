package org.watchfloor.client.mapedit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.watchfloor.client.admin.BrokerTasks;
import org.watchfloor.client.admin.EditConflict;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraField;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.CameraUpdate;
import org.watchfloor.client.net.GeoBox;
import org.watchfloor.client.net.UserRole;

/**
 * An admin's editing of the camera map, on the FX thread: whether edit mode is on (off by default,
 * offered to admins only), which layers are locked, which cameras are selected, and the history
 * of steps to undo and redo. Every step goes to the broker, which checks the base revisions and
 * audits it as any edit; a step refused because another admin changed the cameras first becomes
 * {@link #conflictProperty()}, never a silent overwrite.
 */
public final class MapEditor {

  /** Steps kept to undo (and to redo). */
  public static final int HISTORY = 200;

  private final BrokerConnection broker;
  private final CameraMapModel map;
  private final Function<GeoBox, CompletableFuture<List<Camera>>> shownIn;
  private final ReadOnlyBooleanWrapper allowed = new ReadOnlyBooleanWrapper(false);
  private final BooleanProperty editing = new SimpleBooleanProperty(false);
  private final ObservableSet<String> lockedLayers = FXCollections.observableSet();
  private final ReadOnlyObjectWrapper<Set<String>> selection = new ReadOnlyObjectWrapper<>(Set.of());
  private final Deque<EditStep> undoable = new ArrayDeque<>();
  private final Deque<EditStep> redoable = new ArrayDeque<>();
  private final ReadOnlyIntegerWrapper undoCount = new ReadOnlyIntegerWrapper(0);
  private final ReadOnlyIntegerWrapper redoCount = new ReadOnlyIntegerWrapper(0);
  private final ObjectProperty<EditConflict<List<Camera>>> conflict = new SimpleObjectProperty<>();
  /** The step behind the conflict shown, and where its inverse goes once it is applied. */
  private Pending pending;
  private final BrokerTasks tasks = new BrokerTasks();
  /**
   * Per camera, the revisions this editor's own steps took it from and to: an undo based on a
   * revision that only this admin's later steps moved on is based on the newest of them instead,
   * while any other admin's change in between still makes it stale.
   */
  private final Map<String, Map<Long, Long>> ownSteps = new HashMap<>();

  /** Where a performed step's inverse goes. */
  private enum Direction { NEW, UNDO, REDO }

  private record Pending(EditStep.CameraChange step, Direction direction) {}

  /** A performed step's inverse, or the cameras as they are now when another admin changed them first. */
  private record Outcome(EditStep inverse, List<Camera> theirs) {}

  /**
   * @param shownIn the cameras the map shows inside a box (its spatial index, off the FX thread)
   */
  public MapEditor(BrokerConnection broker, CameraMapModel map, Function<GeoBox, CompletableFuture<List<Camera>>> shownIn) {
    this.broker = broker;
    this.map = map;
    this.shownIn = shownIn;
    editing.addListener((observable, before, on) -> {
      if (on && !allowed.get()) {
        editing.set(false);
      }
      if (!on) {
        select(List.of());
      }
    });
  }

  /** Asks the broker who is signed in: edit mode is offered to admins only (the broker checks again on every edit). */
  public void offerToAdmins() {
    CompletableFuture.supplyAsync(broker::me).thenAccept(user -> Platform.runLater(() -> allowed.set(user.holds(UserRole.ADMIN))));
  }

  public ReadOnlyBooleanProperty allowedProperty() {
    return allowed.getReadOnlyProperty();
  }

  /** Edit mode: off by default; while off, a drag pans and carries cameras to the wall as for any analyst. */
  public BooleanProperty editingProperty() {
    return editing;
  }

  /** Layers whose cameras the editor leaves as they are. */
  public ObservableSet<String> lockedLayers() {
    return lockedLayers;
  }

  /** The ids of the selected cameras, in selection order; replaced whole on each change. */
  public ReadOnlyObjectProperty<Set<String>> selectionProperty() {
    return selection.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty undoCountProperty() {
    return undoCount.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty redoCountProperty() {
    return redoCount.getReadOnlyProperty();
  }

  /** A step the broker refused because another admin changed its cameras first; null when none. */
  public ReadOnlyObjectProperty<EditConflict<List<Camera>>> conflictProperty() {
    return conflict;
  }

  public BrokerTasks tasks() {
    return tasks;
  }

  /** Whether a camera is in a locked layer. */
  public boolean locked(Camera camera) {
    for (String layer : camera.layerIds()) {
      if (lockedLayers.contains(layer)) {
        return true;
      }
    }
    return false;
  }

  /** The selected cameras the map holds, in selection order. */
  public List<Camera> selectedCameras() {
    List<Camera> cameras = new ArrayList<>(selection.get().size());
    for (String id : selection.get()) {
      map.camera(id).ifPresent(cameras::add);
    }
    return cameras;
  }

  /** Selects exactly these cameras; one camera also becomes the map's selected camera (its details show). */
  public void select(Collection<String> ids) {
    selection.set(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(ids)));
    if (ids.size() == 1) {
      map.camera(ids.iterator().next()).ifPresent(map.selectedProperty()::set);
    }
  }

  /** Adds a camera to the selection, or takes it out when it is in it (Shift+click). */
  public void toggle(String id) {
    Set<String> next = new LinkedHashSet<>(selection.get());
    if (!next.remove(id)) {
      next.add(id);
    }
    select(next);
  }

  /** Adds cameras to the selection. */
  public void add(Collection<String> ids) {
    Set<String> next = new LinkedHashSet<>(selection.get());
    next.addAll(ids);
    select(next);
  }

  /** Selects every shown camera of {@code type} inside {@code view}. */
  public void selectAllOfTypeIn(CameraType type, GeoBox view) {
    shownIn.apply(view).thenAccept(cameras -> Platform.runLater(() -> {
      List<String> ids = cameras.stream().filter(camera -> camera.type() == type).map(Camera::id).toList();
      select(ids);
      tasks.report(false, "Selected " + ids.size() + " " + type.label() + " camera(s) in view.");
    }));
  }

  /** Selects the shown cameras inside a box, adding to the selection when {@code adding}. */
  public void selectIn(GeoBox box, java.util.function.Predicate<Camera> inside, boolean adding) {
    shownIn.apply(box).thenAccept(cameras -> Platform.runLater(() -> {
      List<String> ids = cameras.stream().filter(inside).map(Camera::id).toList();
      if (adding) {
        add(ids);
      } else {
        select(ids);
      }
    }));
  }

  /** Moves the selected cameras by a difference of latitude and longitude (a drag). */
  public void moveSelectionBy(double latitudeDelta, double longitudeDelta) {
    changeSelection(EnumSet.of(CameraField.LOCATION), "move",
        camera -> at(camera, camera.latitude() + latitudeDelta, camera.longitude() + longitudeDelta));
  }

  /** Moves the selected cameras by metres north and east (Alt+arrows nudge 1 m, with Shift 10 m). */
  public void nudgeSelection(double northMeters, double eastMeters) {
    changeSelection(EnumSet.of(CameraField.LOCATION), "nudge",
        camera -> at(camera, GroundOffset.latitude(camera.latitude(), northMeters),
            GroundOffset.longitude(camera.latitude(), camera.longitude(), eastMeters)));
  }

  /** Sets one cone of a camera (heading, field of view, range), as its handles or the form say. */
  public void aim(String cameraId, int coneIndex, Camera.ViewCone cone) {
    Optional<Camera> held = map.camera(cameraId);
    if (held.isEmpty() || !editable(held.get())) {
      return;
    }
    Camera camera = held.get();
    List<Camera.ViewCone> cones = new ArrayList<>(camera.cones());
    if (coneIndex == cones.size()) {
      cones.add(cone);
    } else {
      cones.set(coneIndex, cone);
    }
    change(new EditStep.CameraChange("turn the cone of " + camera.name(), List.of(camera), List.of(withCones(camera, cones)),
        EnumSet.of(CameraField.CONES)));
  }

  /** Changes the given fields of one camera to {@code wanted}'s (the details form). */
  public void edit(Camera read, Camera wanted, Set<CameraField> fields, String description) {
    if (editable(read)) {
      change(new EditStep.CameraChange(description, List.of(read), List.of(wanted), fields));
    }
  }

  /** Places a new camera of {@code type} where it was dropped, looking north, and selects it. */
  public void place(CameraType type, double latitude, double longitude) {
    if (!editing.get()) {
      return;
    }
    Camera draft = new Camera("", "New " + type.label() + " camera", type, latitude, longitude,
        List.of(new Camera.ViewCone(0, 60, 50)), "", "", "", Set.of(), null, true, Camera.Equipment.NONE, 0);
    perform(new EditStep.Placement("place a " + type.label() + " camera", List.of(draft)), Direction.NEW);
  }

  /** Puts the selected cameras into a layer. */
  public void addSelectionToLayer(String layerId) {
    List<String> add = editableSelection().stream().filter(camera -> !camera.layerIds().contains(layerId)).map(Camera::id).toList();
    assign(layerId, add, List.of(), "add " + add.size() + " camera(s) to " + layerName(layerId));
  }

  /** Takes the selected cameras out of a layer (they stay in the directory). */
  public void removeSelectionFromLayer(String layerId) {
    List<String> remove = editableSelection().stream().filter(camera -> camera.layerIds().contains(layerId)).map(Camera::id).toList();
    assign(layerId, List.of(), remove, "remove " + remove.size() + " camera(s) from " + layerName(layerId));
  }

  /**
   * Deletes the selected cameras from the directory in one step, audited with {@code reason}.
   * Undo makes them again with their ids, fields and layers; the broker gives back their upstream
   * URLs, which it kept from the deletion (no client ever sees them), not their import provenance.
   */
  public void deleteSelection(String reason) {
    List<Camera> cameras = editableSelection();
    if (!cameras.isEmpty()) {
      perform(new EditStep.Removal("delete " + (cameras.size() == 1 ? cameras.get(0).name() : cameras.size() + " cameras"), cameras, reason),
          Direction.NEW);
    }
  }

  /** Takes back the newest step, through the broker. */
  public void undo() {
    if (!undoable.isEmpty() && conflict.get() == null) {
      EditStep step = undoable.pop();
      counted();
      perform(step, Direction.UNDO);
    }
  }

  /** Applies again the newest step taken back. */
  public void redo() {
    if (!redoable.isEmpty() && conflict.get() == null) {
      EditStep step = redoable.pop();
      counted();
      perform(step, Direction.REDO);
    }
  }

  /** Keeps the other admin's cameras: this admin's step is dropped. */
  public void keepTheirs() {
    if (pending != null) {
      tasks.report(false, "Kept the other admin's change; yours (" + pending.step().description() + ") was dropped.");
      pending = null;
      conflict.set(null);
    }
  }

  /** Sends this admin's step again, now based on the cameras as the other admin left them. */
  public void applyMineAgain() {
    EditConflict<List<Camera>> shown = conflict.get();
    if (pending != null && shown != null) {
      EditStep.CameraChange step = pending.step();
      Direction direction = pending.direction();
      pending = null;
      conflict.set(null);
      perform(new EditStep.CameraChange(step.description(), shown.theirs(), step.target(), step.fields()), direction);
    }
  }

  private void changeSelection(Set<CameraField> fields, String verb, UnaryOperator<Camera> change) {
    List<Camera> base = editableSelection();
    if (base.isEmpty()) {
      return;
    }
    List<Camera> target = base.stream().map(change).toList();
    change(new EditStep.CameraChange(verb + " " + (base.size() == 1 ? base.get(0).name() : base.size() + " cameras"), base, target, fields));
  }

  private void change(EditStep.CameraChange step) {
    perform(step, Direction.NEW);
  }

  private void assign(String layerId, List<String> add, List<String> remove, String description) {
    if (add.isEmpty() && remove.isEmpty()) {
      tasks.report(false, "Nothing to change: the selected cameras already are as asked.");
      return;
    }
    perform(new EditStep.LayerAssignment(description, layerId, add, remove), Direction.NEW);
  }

  /** The selected cameras the editor may change: edit mode on, not in a locked layer. */
  private List<Camera> editableSelection() {
    if (!editing.get()) {
      return List.of();
    }
    List<Camera> all = selectedCameras();
    List<Camera> open = all.stream().filter(camera -> !locked(camera)).toList();
    if (open.size() < all.size()) {
      tasks.report(true, (all.size() - open.size()) + " selected camera(s) are in a locked layer and were left as they are.");
    }
    return open;
  }

  private boolean editable(Camera camera) {
    if (!editing.get()) {
      return false;
    }
    if (locked(camera)) {
      tasks.report(true, camera.name() + " is in a locked layer: unlock the layer to change it.");
      return false;
    }
    return true;
  }

  private String layerName(String layerId) {
    return map.layers().stream().filter(layer -> layer.id().equals(layerId)).map(layer -> layer.name()).findFirst().orElse(layerId);
  }

  /** Sends a step to the broker off the FX thread; its inverse goes to the history, a stale base to the conflict. */
  private void perform(EditStep given, Direction direction) {
    EditStep step = given instanceof EditStep.CameraChange change ? rebased(change) : given;
    tasks.run(() -> outcome(step), outcome -> {
      if (outcome.theirs() != null) {
        EditStep.CameraChange stale = (EditStep.CameraChange) step;
        pending = new Pending(stale, direction);
        conflict.set(new EditConflict<>(stale.base(), outcome.theirs(), stale.description(),
            theirs -> broker.updateCameras(updates(theirs, stale.target(), stale.fields()))));
        tasks.report(true, "Another admin changed these cameras since you read them; nothing of yours was saved yet.");
        return;
      }
      if (step instanceof EditStep.CameraChange change && outcome.inverse() instanceof EditStep.CameraChange back) {
        for (int i = 0; i < change.base().size(); i++) {
          ownSteps.computeIfAbsent(change.base().get(i).id(), id -> new HashMap<>())
              .put(change.base().get(i).revision(), back.base().get(i).revision());
        }
      }
      switch (direction) {
        case NEW -> {
          push(undoable, outcome.inverse());
          redoable.clear();
        }
        case UNDO -> push(redoable, outcome.inverse());
        case REDO -> push(undoable, outcome.inverse());
      }
      counted();
      if (outcome.inverse() instanceof EditStep.Removal placed) {
        select(placed.cameras().stream().map(Camera::id).toList());
      } else if (step instanceof EditStep.Removal) {
        select(List.of());
      }
      tasks.report(false, (direction == Direction.UNDO ? "Undid: " : direction == Direction.REDO ? "Redid: " : "Done: ")
          + step.description() + ".");
    });
  }

  /** The step based on the newest revision this editor's own steps left each camera at. */
  private EditStep.CameraChange rebased(EditStep.CameraChange change) {
    List<Camera> base = new ArrayList<>(change.base().size());
    for (Camera camera : change.base()) {
      Map<Long, Long> steps = ownSteps.getOrDefault(camera.id(), Map.of());
      long revision = camera.revision();
      for (int hops = 0; steps.containsKey(revision) && hops <= steps.size(); hops++) {
        revision = steps.get(revision);
      }
      base.add(revision == camera.revision() ? camera : withRevision(camera, revision));
    }
    return new EditStep.CameraChange(change.description(), base, change.target(), change.fields());
  }

  /** Runs on a worker thread: the broker call of a step. */
  private Outcome outcome(EditStep step) {
    if (step instanceof EditStep.CameraChange change) {
      try {
        return new Outcome(change.inverse(broker.updateCameras(updates(change.base(), change.target(), change.fields()))), null);
      } catch (BrokerRefusal refusal) {
        if (refusal.reason() != BrokerRefusal.Reason.CHANGED_SINCE_READ) {
          throw refusal;
        }
        List<Camera> theirs = new ArrayList<>(change.base().size());
        for (Camera read : change.base()) {
          theirs.add(broker.camera(read.id()).orElseThrow(() -> refusal));
        }
        return new Outcome(null, theirs);
      }
    } else if (step instanceof EditStep.LayerAssignment assignment) {
      broker.assignCameras(assignment.layerId(), assignment.added(), assignment.removed());
      return new Outcome(assignment.inverse(), null);
    } else if (step instanceof EditStep.Placement placement) {
      List<Camera> created = broker.createCameras(placement.cameras());
      return new Outcome(new EditStep.Removal(placement.description(), created, "taken back in the map editor: " + placement.description()), null);
    }
    EditStep.Removal removal = (EditStep.Removal) step;
    broker.deleteCameras(removal.cameras(), removal.reason());
    return new Outcome(new EditStep.Placement(removal.description(), removal.cameras()), null);
  }

  private static List<CameraUpdate> updates(List<Camera> base, List<Camera> target, Set<CameraField> fields) {
    List<CameraUpdate> updates = new ArrayList<>(base.size());
    for (int i = 0; i < base.size(); i++) {
      updates.add(new CameraUpdate(base.get(i), target.get(i), fields));
    }
    return updates;
  }

  private static void push(Deque<EditStep> history, EditStep step) {
    history.push(step);
    while (history.size() > HISTORY) {
      history.removeLast();
    }
  }

  private void counted() {
    undoCount.set(undoable.size());
    redoCount.set(redoable.size());
  }

  static Camera at(Camera camera, double latitude, double longitude) {
    return new Camera(camera.id(), camera.name(), camera.type(), latitude, longitude, camera.cones(), camera.address(),
        camera.operator(), camera.ownerId(), camera.layerIds(), camera.badge(), camera.online(), camera.equipment(), camera.revision());
  }

  static Camera withRevision(Camera camera, long revision) {
    return new Camera(camera.id(), camera.name(), camera.type(), camera.latitude(), camera.longitude(), camera.cones(),
        camera.address(), camera.operator(), camera.ownerId(), camera.layerIds(), camera.badge(), camera.online(), camera.equipment(),
        revision);
  }

  static Camera withCones(Camera camera, List<Camera.ViewCone> cones) {
    return new Camera(camera.id(), camera.name(), camera.type(), camera.latitude(), camera.longitude(), List.copyOf(cones),
        camera.address(), camera.operator(), camera.ownerId(), camera.layerIds(), camera.badge(), camera.online(), camera.equipment(),
        camera.revision());
  }
}
