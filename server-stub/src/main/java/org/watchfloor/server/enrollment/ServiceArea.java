package org.watchfloor.server.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.GeoPoint;

/**
 * The area the center serves, as the outline of its county: self-registered cameras must lie inside
 * it, and the registration map is drawn around it.
 */
public final class ServiceArea {

  /** Fayette County, Kentucky (U.S. Census outline), the area of the Lexington demo world. */
  public static final String FAYETTE_COUNTY = "/org/watchfloor/server/sim/fayette-county.geojson";

  /** Each ring as alternating longitude, latitude pairs; holes are not used by county outlines. */
  private final List<double[]> rings;
  private final BoundingBox bounds;

  private ServiceArea(List<double[]> rings) {
    this.rings = rings;
    double south = 90, north = -90, west = 180, east = -180;
    for (double[] ring : rings) {
      for (int i = 0; i < ring.length; i += 2) {
        west = Math.min(west, ring[i]);
        east = Math.max(east, ring[i]);
        south = Math.min(south, ring[i + 1]);
        north = Math.max(north, ring[i + 1]);
      }
    }
    bounds = BoundingBox.newBuilder().setSouth(south).setNorth(north).setWest(west).setEast(east).build();
  }

  /** The outer rings of every Polygon and MultiPolygon in a GeoJSON FeatureCollection on the class path. */
  public static ServiceArea fromResource(String resource) {
    try (InputStream in = ServiceArea.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no area outline " + resource + " on the class path");
      }
      List<double[]> rings = new ArrayList<>();
      for (JsonNode feature : new ObjectMapper().readTree(in).path("features")) {
        JsonNode geometry = feature.path("geometry");
        switch (geometry.path("type").asText()) {
          case "Polygon" -> rings.add(ring(geometry.path("coordinates").get(0)));
          case "MultiPolygon" -> geometry.path("coordinates").forEach(polygon -> rings.add(ring(polygon.get(0))));
          default -> { }
        }
      }
      if (rings.isEmpty()) {
        throw new IllegalStateException("the area outline " + resource + " holds no polygon");
      }
      return new ServiceArea(rings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the area outline " + resource, e);
    }
  }

  private static double[] ring(JsonNode positions) {
    double[] ring = new double[positions.size() * 2];
    for (int i = 0; i < positions.size(); i++) {
      ring[2 * i] = positions.get(i).get(0).asDouble();
      ring[2 * i + 1] = positions.get(i).get(1).asDouble();
    }
    return ring;
  }

  /** Whether {@code point} lies inside the outline (even-odd rule over every ring). */
  public boolean contains(GeoPoint point) {
    double x = point.getLongitude();
    double y = point.getLatitude();
    boolean inside = false;
    for (double[] ring : rings) {
      for (int i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        double xi = ring[i], yi = ring[i + 1], xj = ring[j], yj = ring[j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  public BoundingBox bounds() {
    return bounds;
  }

  /** The rings, for drawing (longitude, latitude pairs). */
  public List<double[]> rings() {
    return rings;
  }
}
