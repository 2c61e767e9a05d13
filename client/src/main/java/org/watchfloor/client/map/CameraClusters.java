package org.watchfloor.client.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.quadtree.Quadtree;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;

/**
 * The shown cameras arranged for painting, kept up to date change by change: a quadtree of
 * positions for the views where every camera is drawn, and per zoom level below that a grid of
 * clusters ({@link CameraPainter#CLUSTER_CELL_PIXELS} in that level's world pixels) holding each
 * cell's count, centroid and cameras per type. A level's grid is built the first time a paint
 * needs it, then updated in place, so a change costs a few map operations per built level instead
 * of a pass over every camera. Used by the painter thread only.
 */
final class CameraClusters {

  static final int LEVELS = (int) CameraPainter.INDIVIDUAL_ZOOM;
  private static final CameraType[] TYPES = CameraType.values();

  /** A cell of one level's grid. When {@code count} is 1, {@code serials} is the serial of its only camera. */
  static final class Cell {
    int count;
    double latitudeSum;
    double longitudeSum;
    final int[] perType = new int[TYPES.length];
    int serials;

    double latitude() {
      return latitudeSum / count;
    }

    double longitude() {
      return longitudeSum / count;
    }

    CameraType dominant() {
      int best = 0;
      for (int i = 1; i < perType.length; i++) {
        if (perType[i] > perType[best]) {
          best = i;
        }
      }
      return TYPES[best];
    }
  }

  /** A camera as held here: a serial for life (cells XOR the serials of their cameras), its state, whether it is shown. */
  private static final class Member {
    final int serial;
    Camera camera;
    boolean shown;

    Member(int serial, Camera camera) {
      this.serial = serial;
      this.camera = camera;
    }
  }

  private final Map<String, Member> members = new HashMap<>();
  private Member[] bySerial = new Member[1024];
  private int nextSerial = 1;
  private Quadtree shownIndex = new Quadtree();
  @SuppressWarnings("unchecked")
  private final Map<Long, Cell>[] levels = new Map[LEVELS];
  private CameraMapModel.Visibility visibility = new CameraMapModel.Visibility(java.util.Set.of(), java.util.Set.of());
  /** What the newest paint covered, or null before the first: see {@link #painted}. */
  private Envelope paintedArea;
  private int paintedLevel;
  private boolean paintedCellsFromElsewhere;

  /**
   * Applies one batch of the model's changes; true when one of them changes what the newest paint
   * ({@link #painted}) drew. A rename, a layer edit that hides or shows nothing, a camera outside
   * the painted area or the health of a camera drawn inside a cluster (which shows a count and a
   * type) changes nothing on screen, so the map need not be painted again for it: later paints
   * draw the newest states anyway.
   */
  boolean apply(CameraMapModel.CameraChanges changes) {
    boolean drawnChanged = changes.reset();
    if (changes.reset()) {
      members.clear();
      Arrays.fill(bySerial, null);
      shownIndex = new Quadtree();
      Arrays.fill(levels, null);
    }
    for (String id : changes.removed()) {
      Member member = members.remove(id);
      if (member != null) {
        drawnChanged |= member.shown && inPaintedArea(member.camera);
        hide(member);
        bySerial[member.serial] = null;
      }
    }
    for (Camera camera : changes.upserted()) {
      Member member = members.get(camera.id());
      boolean shows = visibility.shows(camera);
      if (member == null) {
        member = new Member(nextSerial++, camera);
        members.put(camera.id(), member);
        if (member.serial >= bySerial.length) {
          bySerial = Arrays.copyOf(bySerial, bySerial.length * 2);
        }
        bySerial[member.serial] = member;
      } else if (member.shown && shows && samePlace(member.camera, camera)) {
        // A health flap or a layer edit: the index and the grids hold the member, not its state.
        drawnChanged |= !looksSame(member.camera, camera) && paintedAlone(member.camera);
        member.camera = camera;
        continue;
      } else {
        drawnChanged |= member.shown && inPaintedArea(member.camera);
        hide(member);
        member.camera = camera;
      }
      if (shows) {
        drawnChanged |= inPaintedArea(camera);
        show(member);
      }
    }
    return drawnChanged;
  }

  /**
   * The newest paint covered {@code area} (longitudes as x, latitudes as y) at clustering {@code
   * level}, drawing single cameras only where a cell of that level holds one, or, when {@code
   * cellsFromElsewhere} (the broker's clusters), any camera on its own.
   */
  void painted(Envelope area, int level, boolean cellsFromElsewhere) {
    paintedArea = area;
    paintedLevel = level;
    paintedCellsFromElsewhere = cellsFromElsewhere;
  }

  /** Whether a camera at this position may be drawn by the newest paint, a cell's width of its clusters beyond it included. */
  private boolean inPaintedArea(Camera camera) {
    if (paintedArea == null) {
      return true;
    }
    double cellDegrees = CameraPainter.CLUSTER_CELL_PIXELS / (256 * Math.pow(2, paintedLevel)) * 360;
    return camera.longitude() >= paintedArea.getMinX() - cellDegrees && camera.longitude() <= paintedArea.getMaxX() + cellDegrees
        && camera.latitude() >= paintedArea.getMinY() - cellDegrees && camera.latitude() <= paintedArea.getMaxY() + cellDegrees;
  }

  /** Whether the newest paint drew this shown camera with a marker of its own, not as part of a cluster. */
  private boolean paintedAlone(Camera camera) {
    if (!inPaintedArea(camera)) {
      return false;
    }
    // Before the first paint, from the broker's clusters, or at street level: every camera counts as drawn alone.
    if (paintedArea == null || paintedCellsFromElsewhere || paintedLevel >= LEVELS) {
      return true;
    }
    Cell cell = level(paintedLevel).get(cellKey(paintedLevel, camera));
    return cell == null || cell.count == 1;
  }

  /** Whether two states of a camera at the same place are drawn alike: marker, health, consent badge and cones. */
  private static boolean looksSame(Camera before, Camera after) {
    return before.online() == after.online() && before.badge() == after.badge() && before.cones().equals(after.cones());
  }

  /** Shows only what {@code now} lets through: a pass over every camera, as when an analyst hides a type. */
  void filter(CameraMapModel.Visibility now) {
    visibility = now;
    shownIndex = new Quadtree();
    Arrays.fill(levels, null);
    for (Member member : members.values()) {
      member.shown = false;
      if (now.shows(member.camera)) {
        show(member);
      }
    }
  }

  int shownCount() {
    return shownIndex.size();
  }

  /** Every shown camera whose position is inside {@code area} (longitudes as x, latitudes as y). */
  List<Camera> camerasIn(Envelope area) {
    List<Camera> inside = new ArrayList<>();
    for (Object item : shownIndex.query(area)) {
      Camera camera = ((Member) item).camera;
      if (area.contains(camera.longitude(), camera.latitude())) {
        inside.add(camera);
      }
    }
    return inside;
  }

  /** The cells of {@code level} whose grid squares meet the world-pixel rectangle given. */
  List<Cell> cellsIn(int level, double minX, double minY, double maxX, double maxY) {
    Map<Long, Cell> grid = level(level);
    long left = (long) Math.floor(minX / CameraPainter.CLUSTER_CELL_PIXELS);
    long right = (long) Math.floor(maxX / CameraPainter.CLUSTER_CELL_PIXELS);
    long top = (long) Math.floor(minY / CameraPainter.CLUSTER_CELL_PIXELS);
    long bottom = (long) Math.floor(maxY / CameraPainter.CLUSTER_CELL_PIXELS);
    List<Cell> found = new ArrayList<>();
    if ((right - left + 1) * (bottom - top + 1) > grid.size()) {
      for (Map.Entry<Long, Cell> entry : grid.entrySet()) {
        long column = entry.getKey() >> 32;
        long row = (int) (long) entry.getKey();
        if (column >= left && column <= right && row >= top && row <= bottom) {
          found.add(entry.getValue());
        }
      }
    } else {
      for (long column = left; column <= right; column++) {
        for (long row = top; row <= bottom; row++) {
          Cell cell = grid.get(key(column, row));
          if (cell != null) {
            found.add(cell);
          }
        }
      }
    }
    return found;
  }

  /** The only camera of a cell of count 1. */
  Camera single(Cell cell) {
    return bySerial[cell.serials].camera;
  }

  private Map<Long, Cell> level(int level) {
    if (levels[level] == null) {
      Map<Long, Cell> grid = new HashMap<>();
      for (Member member : members.values()) {
        if (member.shown) {
          add(grid, level, member, 1);
        }
      }
      levels[level] = grid;
    }
    return levels[level];
  }

  private void show(Member member) {
    member.shown = true;
    shownIndex.insert(point(member.camera), member);
    for (int level = 0; level < LEVELS; level++) {
      if (levels[level] != null) {
        add(levels[level], level, member, 1);
      }
    }
  }

  private void hide(Member member) {
    if (!member.shown) {
      return;
    }
    member.shown = false;
    shownIndex.remove(point(member.camera), member);
    for (int level = 0; level < LEVELS; level++) {
      if (levels[level] != null) {
        add(levels[level], level, member, -1);
      }
    }
  }

  /** Adds ({@code sign} 1) or takes away (-1) a camera from its cell of {@code level}. */
  private static void add(Map<Long, Cell> grid, int level, Member member, int sign) {
    Camera camera = member.camera;
    long key = cellKey(level, camera);
    Cell cell = grid.computeIfAbsent(key, unused -> new Cell());
    cell.count += sign;
    cell.latitudeSum += sign * camera.latitude();
    cell.longitudeSum += sign * camera.longitude();
    cell.perType[camera.type().ordinal()] += sign;
    cell.serials ^= member.serial;
    if (cell.count == 0) {
      grid.remove(key);
    }
  }

  /** The key of the cell of {@code level} a camera falls in. */
  private static long cellKey(int level, Camera camera) {
    double worldPixels = 256 * Math.pow(2, level);
    return key((long) Math.floor(CameraPainter.View.worldX(camera.longitude(), worldPixels) / CameraPainter.CLUSTER_CELL_PIXELS),
        (long) Math.floor(CameraPainter.View.worldY(camera.latitude(), worldPixels) / CameraPainter.CLUSTER_CELL_PIXELS));
  }

  /** Whether two states of a camera fall in the same cells: same position and type. */
  private static boolean samePlace(Camera before, Camera after) {
    return before.latitude() == after.latitude() && before.longitude() == after.longitude() && before.type() == after.type();
  }

  private static long key(long column, long row) {
    return column << 32 | (row & 0xffffffffL);
  }

  private static Envelope point(Camera camera) {
    return new Envelope(camera.longitude(), camera.longitude(), camera.latitude(), camera.latitude());
  }
}
