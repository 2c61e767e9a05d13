package org.watchfloor.client.net;

import java.util.Set;

/**
 * One camera's change for the broker: {@code fields} of {@code wanted} replace the camera's, based
 * on the revision of {@code read} (the broker refuses it when the camera changed since).
 */
public record CameraUpdate(Camera read, Camera wanted, Set<CameraField> fields) {

  public CameraUpdate {
    if (!read.id().equals(wanted.id())) {
      throw new IllegalArgumentException("an update changes one camera: " + read.id() + " is not " + wanted.id());
    }
    fields = Set.copyOf(fields);
  }
}
