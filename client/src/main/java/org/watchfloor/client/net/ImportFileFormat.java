package org.watchfloor.client.net;

/** The inventory formats the broker imports. */
public enum ImportFileFormat {
  CSV,
  GEOJSON,
  /** Overpass API JSON; GeoJSON exported from OpenStreetMap (tags in a nested object) is GEOJSON. */
  OSM_JSON
}
