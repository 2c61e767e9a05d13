package org.watchfloor.server.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AssignCamerasRequest;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.CreateLayerRequest;
import org.watchfloor.proto.v1.DeleteLayerRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GetCameraRequest;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.LayerStyle;
import org.watchfloor.proto.v1.ListLayersRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;

/** Layers over a real channel: membership lives on the cameras, deletion keeps the cameras, all audited. */
class LayerServiceTest {

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void assigningCamerasCountsThemAndDeletingTheLayerKeepsTheCameras(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var cameras = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      var layers = fixture.as("ada", LayerServiceGrpc.newBlockingStub(fixture.channel()));
      Camera a = cameras.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("School crossing A", 38.02)).build());
      Camera b = cameras.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("School crossing B", 38.03)).build());
      Layer created =
          layers.createLayer(
              CreateLayerRequest.newBuilder()
                  .setLayer(Layer.newBuilder().setName("Test school zones").setStyle(LayerStyle.newBuilder().setColor("#ffaa00").setIcon("school")).setOrder(40))
                  .build());

      Layer assigned =
          layers.assignCameras(
              AssignCamerasRequest.newBuilder().setLayerId(created.getId()).addAddCameraIds(a.getId()).addAddCameraIds(b.getId()).build());
      assertEquals(2, assigned.getCameraCount());
      assertTrue(assigned.getRevision() > created.getRevision());
      assertTrue(cameras.getCamera(GetCameraRequest.newBuilder().setCameraId(a.getId()).build()).getLayerIdsList().contains(created.getId()));

      StatusRuntimeException unknown =
          assertThrows(
              StatusRuntimeException.class,
              () -> layers.assignCameras(AssignCamerasRequest.newBuilder().setLayerId(created.getId()).addAddCameraIds("no-such-camera").build()));
      assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
      assertTrue(unknown.getStatus().getDescription().contains("no-such-camera"));

      layers.deleteLayer(DeleteLayerRequest.newBuilder().setLayerId(created.getId()).build());
      assertTrue(layers.listLayers(ListLayersRequest.getDefaultInstance()).getLayersList().stream().noneMatch(l -> l.getId().equals(created.getId())));
      Camera afterDelete = cameras.getCamera(GetCameraRequest.newBuilder().setCameraId(a.getId()).build());
      assertTrue(afterDelete.getLayerIdsList().isEmpty(), "membership should go with the layer");

      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()));
      var rows = audit.queryAudit(QueryAuditRequest.newBuilder().setTarget("layer:" + created.getId()).build()).getEventsList();
      assertEquals(3, rows.size(), "create, assign and delete are each audited: " + rows);
      assertTrue(rows.stream().allMatch(row -> row.getUsername().equals("ada")));
    }
  }

  private static Camera camera(String name, double lat) {
    return Camera.newBuilder()
        .setName(name)
        .setKind(CameraKind.CAMERA_KIND_TRAFFIC)
        .setLocation(GeoPoint.newBuilder().setLatitude(lat).setLongitude(-84.5))
        .build();
  }
}
