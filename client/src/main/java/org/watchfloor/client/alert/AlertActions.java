package org.watchfloor.client.alert;

import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.NearbyCameras;
import org.watchfloor.client.net.ViewPurpose;

/** What following an alert does in the rest of the client; the window wires it to the broker, map and wall. */
public interface AlertActions {

  /** The cameras the broker would show live near a place for {@code purpose}, and the Level 1 ones near it. A broker call. */
  NearbyCameras findNearby(double latitude, double longitude, ViewPurpose purpose);

  /**
   * Flies the map to the place and fills the wall with {@code cameras} (nearest first) for
   * {@code purpose}; with none, leaves the wall as it is. FX thread.
   */
  void showOnWall(double latitude, double longitude, ViewPurpose purpose, List<Camera> cameras);

  /** Opens a Level 1 camera's footage request, its case and reason filled in from {@code purpose}. FX thread. */
  void requestFootage(Camera camera, ViewPurpose purpose);

  /** True once the broker said the user is a supervisor, who may export an incident's evidence. */
  ReadOnlyBooleanProperty mayExportEvidence();

  /** Opens the evidence export for {@code incident}. FX thread. */
  void exportEvidence(Incident incident);
}
