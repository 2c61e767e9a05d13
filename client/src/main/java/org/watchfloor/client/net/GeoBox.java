package org.watchfloor.client.net;

/** An area of the map in WGS84 degrees, as a view or a watched region. */
public record GeoBox(double south, double west, double north, double east) {

  public boolean contains(GeoBox other) {
    return other.south >= south && other.north <= north && other.west >= west && other.east <= east;
  }

  /** Its size in square degrees, to compare boxes near each other. */
  public double area() {
    return (north - south) * (east - west);
  }

  /** This box grown by {@code factor} of its size on each side, kept on the globe. */
  public GeoBox grown(double factor) {
    double height = (north - south) * factor;
    double width = (east - west) * factor;
    return new GeoBox(Math.max(-85, south - height), Math.max(-180, west - width), Math.min(85, north + height), Math.min(180, east + width));
  }
}
