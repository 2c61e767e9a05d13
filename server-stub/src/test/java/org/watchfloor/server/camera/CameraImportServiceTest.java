package org.watchfloor.server.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateLayerRequest;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportOutcome;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.LayerStyle;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;

/** Importing the real OpenStreetMap licence-plate readers of Kentucky over a real channel. */
class CameraImportServiceTest {

  private static ByteString kentucky() throws Exception {
    try (InputStream in = CameraImportServiceTest.class.getResourceAsStream("inventory/Kentucky.geojson")) {
      return ByteString.readFrom(in);
    }
  }

  private static ImportCamerasRequest.Builder request(ByteString content) {
    return ImportCamerasRequest.newBuilder()
        .setFormat(ImportFormat.IMPORT_FORMAT_GEOJSON)
        .setContent(content)
        .setSourceName("osm:kentucky-test")
        .setDefaultKind(CameraKind.CAMERA_KIND_LPR)
        .setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE);
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void importsKentuckyIntoALayerOnceAndAReimportChangesNothing(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var layers = fixture.as("ada", LayerServiceGrpc.newBlockingStub(fixture.channel()));
      int before = count(fixture);
      Layer layer =
          layers.createLayer(CreateLayerRequest.newBuilder()
              .setLayer(Layer.newBuilder().setName("Kentucky ALPR").setStyle(LayerStyle.newBuilder().setColor("#d29922").setIcon("lpr")))
              .build());

      ImportReport dryRun = layers.importCameras(request(kentucky()).setDryRun(true).setTargetLayerId(layer.getId()).build());
      assertEquals(463, dryRun.getCreated());
      assertEquals(before, count(fixture), "a dry run stores nothing");

      ImportReport first = layers.importCameras(request(kentucky()).setTargetLayerId(layer.getId()).build());
      assertEquals(463, first.getRecordsRead());
      assertEquals(463, first.getCreated());
      assertEquals(0, first.getRejected());
      assertTrue(first.getWarningsCount() >= 4, "Kentucky has odd directions such as 135145 and -115");
      assertEquals(before + 463, count(fixture));
      assertEquals(463, layers.listLayers(org.watchfloor.proto.v1.ListLayersRequest.getDefaultInstance())
          .getLayersList().stream().filter(l -> l.getId().equals(layer.getId())).findFirst().orElseThrow().getCameraCount());

      ImportReport again = layers.importCameras(request(kentucky()).build());
      assertEquals(463, again.getUnchanged());
      assertEquals(0, again.getCreated());
      assertTrue(again.getResultsList().stream().allMatch(r -> r.getOutcome() == ImportOutcome.IMPORT_OUTCOME_UNCHANGED));
      assertEquals(before + 463, count(fixture));

      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()));
      assertEquals(1, audit.queryAudit(QueryAuditRequest.newBuilder().setAction("IMPORT").setTarget("import:osm:kentucky-test").build()).getEventsCount(),
          "one audit row per stored import; the dry run and the no-op re-import store nothing");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aTruncatedFileIsRefusedWithItsLineAndLosesNothingStored(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var layers = fixture.as("ada", LayerServiceGrpc.newBlockingStub(fixture.channel()));
      layers.importCameras(request(kentucky()).build());
      int stored = count(fixture);
      ByteString truncated = kentucky().substring(0, 5000);
      StatusRuntimeException refused =
          assertThrows(StatusRuntimeException.class, () -> layers.importCameras(request(truncated).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().startsWith("content: line "), refused.getStatus().getDescription());
      assertEquals(stored, count(fixture));

      StatusRuntimeException analyst =
          assertThrows(StatusRuntimeException.class,
              () -> fixture.as("ana", LayerServiceGrpc.newBlockingStub(fixture.channel())).importCameras(request(kentucky()).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, analyst.getStatus().getCode());
    }
  }

  private static int count(BrokerFixture fixture) throws Exception {
    var reader = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
    int total = 0;
    String token = "";
    do {
      var page = reader.listCameras(ListCamerasRequest.newBuilder().setPageSize(5000).setPageToken(token).build());
      total += page.getCamerasCount();
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return total;
  }
}
