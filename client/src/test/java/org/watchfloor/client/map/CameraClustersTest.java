package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.ConsentBadge;

/**
 * The painter's arrangement of cameras follows every kind of change: a new state in place, a move,
 * a new type, a removal; and it tells which changes the newest paint shows.
 */
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

  @Test
  void saysWhichChangesTheNewestPaintShows() {
    CameraClusters clusters = new CameraClusters();
    Camera downtown = camera("a", CameraType.CITY_CCTV, 38.0470, -84.4970, Set.of());
    Camera nearby = camera("b", CameraType.CITY_CCTV, 38.0471, -84.4971, Set.of());
    Camera alone = camera("c", CameraType.CITY_CCTV, 38.0100, -84.4500, Set.of());
    assertTrue(clusters.apply(new CameraMapModel.CameraChanges(false, List.of(downtown, nearby, alone), List.of())), "nothing painted yet");
    Envelope city = new Envelope(-84.60, -84.40, 37.98, 38.10);
    clusters.cellsIn(LEVEL, 0, 0, 256 * Math.pow(2, LEVEL), 256 * Math.pow(2, LEVEL));
    clusters.painted(city, LEVEL, false);

    assertFalse(clusters.apply(changed(camera("a", CameraType.CITY_CCTV, 38.0470, -84.4970, Set.of("layer-1")))), "a layer edit hides nothing");
    Camera renamed = new Camera("c", "Renamed", CameraType.CITY_CCTV, 38.0100, -84.4500, List.of(), "", "", "", Set.of(), ConsentBadge.NONE, true,
        Camera.Equipment.NONE, 2);
    assertFalse(clusters.apply(changed(renamed)), "a rename draws nothing new");
    assertFalse(clusters.apply(changed(offline(downtown))), "a cluster shows no health");
    assertTrue(clusters.apply(changed(offline(alone))), "a single marker shows its health");
    assertTrue(clusters.apply(changed(camera("b", CameraType.CITY_CCTV, 38.0600, -84.4900, Set.of()))), "a move within the painted area");
    assertFalse(clusters.apply(changed(camera("d", CameraType.CITY_CCTV, 37.0, -86.0, Set.of()))), "a new camera far from the painted area");
    assertTrue(clusters.apply(new CameraMapModel.CameraChanges(false, List.of(), List.of("a"))), "a removal inside it");

    clusters.painted(city, (int) CameraPainter.INDIVIDUAL_ZOOM, false);
    assertTrue(clusters.apply(changed(offline(camera("b", CameraType.CITY_CCTV, 38.0600, -84.4900, Set.of())))), "at street level every marker shows health");
  }

  private static CameraMapModel.CameraChanges changed(Camera camera) {
    return new CameraMapModel.CameraChanges(false, List.of(camera), List.of());
  }

  private static Camera offline(Camera camera) {
    return new Camera(camera.id(), camera.name(), camera.type(), camera.latitude(), camera.longitude(), camera.cones(), "", "", "", camera.layerIds(),
        camera.badge(), false, camera.equipment(), camera.revision() + 1);
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
