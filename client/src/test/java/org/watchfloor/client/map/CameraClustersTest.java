package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;

/** The painter's arrangement of cameras follows every kind of change: a new state in place, a move, a new type, a removal. */
class CameraClustersTest {

  private static final int LEVEL = 12;

  @Test
  void aChangeInPlaceAMoveATypeChangeAndARemovalAllReachTheIndexAndTheClusters() {
    CameraClusters clusters = new CameraClusters();
    Camera downtown = camera("a", CameraType.CITY_CCTV, 38.0470, -84.4970, Set.of());
    Camera nearby = camera("b", CameraType.CITY_CCTV, 38.0471, -84.4971, Set.of());
    clusters.apply(new CameraMapModel.CameraChanges(false, List.of(downtown, nearby), List.of()));
    assertEquals(List.of(2), counts(clusters), "both cameras in one cell");

    // A layer edit: same place and type, a new state that lookups and single markers must show.
    Camera inLayer = camera("a", CameraType.CITY_CCTV, 38.0470, -84.4970, Set.of("layer-1"));
    clusters.apply(new CameraMapModel.CameraChanges(false, List.of(inLayer), List.of()));
    assertEquals(2, clusters.shownCount());
    assertEquals(Set.of("layer-1"), clusters.camerasIn(new Envelope(-84.4975, -84.4965, 38.0465, 38.0475)).stream()
        .filter(camera -> camera.id().equals("a")).findFirst().orElseThrow().layerIds());

    // A move across the county: the old cell keeps one camera, a new cell holds the moved one.
    Camera moved = camera("a", CameraType.CITY_CCTV, 38.1000, -84.3000, Set.of("layer-1"));
    clusters.apply(new CameraMapModel.CameraChanges(false, List.of(moved), List.of()));
    assertEquals(List.of(1, 1), counts(clusters));
    assertEquals(List.of("b"), clusters.camerasIn(new Envelope(-84.4975, -84.4965, 38.0465, 38.0475)).stream().map(Camera::id).toList());

    // A new type: the cell's count per type follows.
    Camera reader = camera("b", CameraType.LPR, 38.0471, -84.4971, Set.of());
    clusters.apply(new CameraMapModel.CameraChanges(false, List.of(reader), List.of()));
    CameraClusters.Cell readerCell = cell(clusters, reader);
    assertEquals(1, readerCell.perType[CameraType.LPR.ordinal()]);
    assertEquals(0, readerCell.perType[CameraType.CITY_CCTV.ordinal()]);
    assertEquals(reader, clusters.single(readerCell));

    clusters.apply(new CameraMapModel.CameraChanges(false, List.of(), List.of("a")));
    assertEquals(List.of(1), counts(clusters));
    assertEquals(1, clusters.shownCount());
  }

  private static List<Integer> counts(CameraClusters clusters) {
    return clusters.cellsIn(LEVEL, 0, 0, 256 * Math.pow(2, LEVEL), 256 * Math.pow(2, LEVEL)).stream()
        .map(cell -> cell.count).sorted().toList();
  }

  private static CameraClusters.Cell cell(CameraClusters clusters, Camera camera) {
    double worldPixels = 256 * Math.pow(2, LEVEL);
    double x = CameraPainter.View.worldX(camera.longitude(), worldPixels);
    double y = CameraPainter.View.worldY(camera.latitude(), worldPixels);
    return clusters.cellsIn(LEVEL, x, y, x, y).get(0);
  }

  private static Camera camera(String id, CameraType type, double latitude, double longitude, Set<String> layers) {
    return new Camera(id, "Camera " + id, type, latitude, longitude, List.of(), "", "", "", layers, ConsentBadge.NONE, true, Camera.Equipment.NONE, 1);
  }
}
