package org.watchfloor.client.map;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A flight-recorder event per broker summary shown, when the list holds only the view's cameras. */
@Name("org.watchfloor.map.Summary")
@Label("Broker's summary of the view shown")
@Category("Watchfloor")
final class MapSummaryEvent extends Event {

  @Label("Cameras in the directory")
  int directory;

  @Label("Cameras in the view")
  int inView;

  @Label("Clusters")
  int clusters;
}
