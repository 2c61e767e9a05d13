package org.watchfloor.client.map;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A flight-recorder event per paint of the camera layer on the painter thread (its duration is the paint). */
@Name("org.watchfloor.map.Paint")
@Label("Camera layer painted")
@Category("Watchfloor")
final class MapPaintEvent extends Event {

  @Label("Zoom")
  double zoom;

  @Label("Clusters drawn")
  int clusters;

  @Label("Cameras in the clusters and markers drawn")
  int cameras;
}
