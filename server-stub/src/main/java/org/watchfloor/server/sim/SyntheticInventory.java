package org.watchfloor.server.sim;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A made-up camera inventory of any size, in the contract's CSV import format, for trying the
 * product at a city's or a state's scale: public cameras (traffic, city CCTV, licence-plate
 * readers) scattered around a centre, each with a direction, named by its number. Deterministic
 * for a seed, so two runs load the same cameras.
 */
public final class SyntheticInventory {

  /** Where the cameras go: a centre and the spread (one standard deviation) in degrees, clipped to a box. */
  public record Area(double latitude, double longitude, double spreadDegrees, double south, double west, double north, double east) {}

  /** Fayette County, Kentucky (Lexington): a city's inventory. */
  public static final Area LEXINGTON = new Area(38.0406, -84.5037, 0.06, 37.86, -84.66, 38.21, -84.29);
  /** The Commonwealth of Kentucky: a state's inventory. */
  public static final Area KENTUCKY = new Area(37.8, -85.3, 1.2, 36.55, -89.4, 39.1, -82.0);

  private static final String[] KINDS = {"TRAFFIC", "CITY_CCTV", "LPR"};

  private SyntheticInventory() {}

  /** The CSV of cameras {@code first} to {@code first + count - 1} (source ids "syn-N") of {@code area}. */
  public static byte[] csv(Area area, int first, int count, long seed) {
    StringBuilder csv = new StringBuilder(count * 110);
    csv.append("source_id,name,latitude,longitude,kind,direction,field_of_view,range,operator\n");
    for (int i = first; i < first + count; i++) {
      Random random = new Random(seed * 1_000_003L + i);
      double latitude = clip(area.latitude() + random.nextGaussian() * area.spreadDegrees(), area.south(), area.north());
      double longitude = clip(area.longitude() + random.nextGaussian() * area.spreadDegrees(), area.west(), area.east());
      String kind = KINDS[i % KINDS.length];
      csv.append("syn-").append(i).append(",Synthetic camera ").append(i).append(',')
          .append(String.format(java.util.Locale.ROOT, "%.6f,%.6f", latitude, longitude)).append(',')
          .append(kind).append(',').append(random.nextInt(360)).append(",60,").append(40 + random.nextInt(120)).append(',')
          .append(kind.equals("TRAFFIC") ? "Synthetic DOT" : "Synthetic Police").append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double clip(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }
}
