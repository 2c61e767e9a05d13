package org.watchfloor.client.mapedit;

import java.util.List;
import java.util.Set;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraField;

/**
 * One step of the map editor's history, as it is sent to the broker; applying a step gives the
 * step that takes it back (its inverse), which is what undo and redo keep.
 */
sealed interface EditStep {

  /** What the step does, for a person, e.g. "move 3 cameras". */
  String description();

  /**
   * Cameras changed from {@code base} (as read, whose revisions the broker checks) to the
   * {@code fields} of {@code target}, one camera at the same index of each list.
   */
  record CameraChange(String description, List<Camera> base, List<Camera> target, Set<CameraField> fields) implements EditStep {
    public CameraChange {
      base = List.copyOf(base);
      target = List.copyOf(target);
      fields = Set.copyOf(fields);
    }

    /** The step back, from the cameras as the broker stored them to the values read before. */
    CameraChange inverse(List<Camera> stored) {
      return new CameraChange(description, stored, base, fields);
    }
  }

  /** Cameras put into a layer and others taken out of it. */
  record LayerAssignment(String description, String layerId, List<String> added, List<String> removed) implements EditStep {
    public LayerAssignment {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }

    LayerAssignment inverse() {
      return new LayerAssignment(description, layerId, removed, added);
    }
  }

  /**
   * Cameras put on the map: a new one dropped from the palette (the broker gives its id), or
   * cameras deleted before, made again with their ids, fields and layers (undoing a deletion).
   */
  record Placement(String description, List<Camera> cameras) implements EditStep {
    public Placement {
      cameras = List.copyOf(cameras);
    }
  }

  /** Cameras deleted as read (the broker refuses when one changed since), audited with {@code reason}. */
  record Removal(String description, List<Camera> cameras, String reason) implements EditStep {
    public Removal {
      cameras = List.copyOf(cameras);
    }
  }
}
