package org.watchfloor.mapdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fayette County's drivable roads from OpenStreetMap (ODbL; see ATTRIBUTION.md beside roads.txt),
 * one straight segment between two intersections each. Any map drawn from them shows
 * {@link #ATTRIBUTION}.
 */
public final class RoadNetwork {

  /** What every map drawn from this data must show (ODbL). */
  public static final String ATTRIBUTION = "© OpenStreetMap contributors";

  /** A road segment: its OpenStreetMap class ({@code motorway}, {@code residential}, {@code primary_link}...) and its two ends. */
  public record Segment(String highway, double lon1, double lat1, double lon2, double lat2) {}

  private RoadNetwork() {}

  /** Every segment, in the file's order (about 16,000; read anew on each call). */
  public static List<Segment> segments() {
    InputStream data = RoadNetwork.class.getResourceAsStream("roads.txt");
    if (data == null) {
      throw new IllegalStateException("roads.txt is missing from the map data jar");
    }
    List<Segment> segments = new ArrayList<>(16_000);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        String[] parts = line.split(" ");
        if (parts.length != 5) {
          throw new IllegalStateException("roads.txt line " + number + ": expected class and four coordinates, found '" + line + "'");
        }
        segments.add(new Segment(parts[0].toLowerCase(Locale.ROOT), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
            Double.parseDouble(parts[3]), Double.parseDouble(parts[4])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read roads.txt", e);
    }
    return segments;
  }
}
