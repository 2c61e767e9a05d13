package org.watchfloor.server.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMatch;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportOutcome;
import org.watchfloor.proto.v1.ImportRecordResult;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.server.BrokerFixture;

/**
 * A city's own CSV, with its own column names and no record ids, over a real channel: the field
 * mapping reads it, and a re-import matches every record by its fingerprint instead of duplicating.
 */
class CityInventoryImportTest {

  private static final String CITY_CSV = """
      CameraName,Lat,Long,Owner,Facing
      Main St & 5th,38.04712,-84.49731,City of Lexington,90
      Rose St Garage,38.03911,-84.50302,City of Lexington,270
      Vine St  Plaza,38.04455,-84.49412,LFUCG Traffic,
      """;
  private static final Map<String, String> MAPPING =
      Map.of("CameraName", "name", "Lat", "latitude", "Long", "longitude", "Owner", "operator", "Facing", "direction");

  @Test
  void aCityCsvWithItsOwnColumnNamesImportsThroughTheMappingAndReimportsMatchByFingerprint() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(org.watchfloor.server.TestDatabase.Kind.H2)) {
      var layers = fixture.as("ada", LayerServiceGrpc.newBlockingStub(fixture.channel()));

      StatusRuntimeException unmapped = assertThrows(StatusRuntimeException.class, () -> layers.importCameras(request().build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, unmapped.getStatus().getCode());
      assertTrue(unmapped.getStatus().getDescription().contains("latitude, longitude"), unmapped.getStatus().getDescription());
      StatusRuntimeException misspelt = assertThrows(StatusRuntimeException.class,
          () -> layers.importCameras(request().putFieldMapping("Lat", "lattitude").build()));
      assertTrue(misspelt.getStatus().getDescription().startsWith("field_mapping[\"Lat\"]: 'lattitude' is not a camera field"),
          misspelt.getStatus().getDescription());

      ImportReport dryRun = layers.importCameras(request().putAllFieldMapping(MAPPING).setDryRun(true).build());
      assertEquals(3, dryRun.getCreated());
      assertEquals(List.of(ImportMatch.IMPORT_MATCH_NONE, ImportMatch.IMPORT_MATCH_NONE, ImportMatch.IMPORT_MATCH_NONE),
          dryRun.getResultsList().stream().map(ImportRecordResult::getMatchedBy).toList());

      ImportReport first = layers.importCameras(request().putAllFieldMapping(MAPPING).build());
      assertEquals(3, first.getCreated());
      var stored = fixture.broker().cameras().get(first.getResults(2).getCameraId()).orElseThrow();
      assertEquals("Vine St  Plaza", stored.getName());
      assertEquals("LFUCG Traffic", stored.getOperator());
      assertEquals("fp:38.04455,-84.49412:vine st plaza", stored.getProvenance().getSourceRecordId());

      ImportReport again = layers.importCameras(request().putAllFieldMapping(MAPPING).build());
      assertEquals(0, again.getCreated());
      assertEquals(3, again.getUnchanged());
      assertEquals(List.of(ImportMatch.IMPORT_MATCH_FINGERPRINT, ImportMatch.IMPORT_MATCH_FINGERPRINT, ImportMatch.IMPORT_MATCH_FINGERPRINT),
          again.getResultsList().stream().map(ImportRecordResult::getMatchedBy).toList());
      assertEquals(first.getResults(0).getCameraId(), again.getResults(0).getCameraId());
      assertTrue(again.getResultsList().stream().allMatch(result -> result.getOutcome() == ImportOutcome.IMPORT_OUTCOME_UNCHANGED));
    }
  }

  private static ImportCamerasRequest.Builder request() {
    return ImportCamerasRequest.newBuilder()
        .setFormat(ImportFormat.IMPORT_FORMAT_CSV)
        .setContent(ByteString.copyFrom(CITY_CSV, StandardCharsets.UTF_8))
        .setSourceName("csv:lexington-city-inventory")
        .setDefaultKind(CameraKind.CAMERA_KIND_CITY_CCTV)
        .setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE);
  }
}
