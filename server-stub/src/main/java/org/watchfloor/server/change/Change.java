package org.watchfloor.server.change;

import java.util.Optional;

/**
 * One committed change of a watched collection: the entity's state after it, or empty when the
 * entity was removed.
 */
public record Change<T>(long revision, String entityId, Optional<T> state) {

  public boolean removed() {
    return state.isEmpty();
  }
}
