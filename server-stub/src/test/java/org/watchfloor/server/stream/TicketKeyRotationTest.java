package org.watchfloor.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.server.BrokerCluster;

/**
 * Rotating the ticket signing key across brokers, as the deployment guide describes it: a broker
 * that already signs with the new key still accepts tickets signed with the old one, and a broker
 * that has not got the new key yet refuses tickets signed with it. A key file with a mistake is
 * refused with the line named.
 */
class TicketKeyRotationTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("key rotation").build();

  @TempDir Path folder;

  @Test
  void aBrokerWithTheNewKeyFirstStillAcceptsTicketsSignedWithTheOldOne() throws Exception {
    String oldKey = newKey();
    String newKey = newKey();
    Path before = Files.writeString(folder.resolve("ticket-keys.old"), "# current\n" + oldKey + "\n");
    Path during = Files.writeString(folder.resolve("ticket-keys.rotating"), newKey + "\n# previous, until every broker has the new one\n" + oldKey + "\n");
    try (BrokerCluster cluster = BrokerCluster.start(List.of(
        settings -> settings.withTicketKeysFile(before), settings -> settings.withTicketKeysFile(during)))) {
      String cameraId = cluster.as(0, "ana", CameraDirectoryGrpc.newBlockingStub(cluster.channel(0)))
          .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_TRAFFIC).setPageSize(1).build()).getCameras(0).getId();
      String path = "cam/" + cameraId + "/main";

      String signedWithOld = query(cluster.as(0, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(0)))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(cameraId).setPurpose(CASE).build()));
      assertEquals(200, cluster.broker(0).askAuthHook(path, signedWithOld));
      assertEquals(200, cluster.broker(1).askAuthHook(path, signedWithOld), "the old key is still a previous key at the rotated broker");

      String signedWithNew = query(cluster.as(1, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(1)))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(cameraId).setPurpose(CASE).build()));
      assertEquals(200, cluster.broker(1).askAuthHook(path, signedWithNew));
      assertEquals(401, cluster.broker(0).askAuthHook(path, signedWithNew), "a broker without the new key refuses what it signs");
    }
  }

  @Test
  void aKeyFileWithAShortKeyIsRefusedNamingTheLine() throws Exception {
    Path file = Files.writeString(folder.resolve("ticket-keys"), newKey() + "\n\n" + Base64.getEncoder().encodeToString(new byte[16]) + "\n");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TicketKeys.read(file));
    assertTrue(refused.getMessage().startsWith("--ticket-keys: the key on line 3 of " + file + " has 16 bytes"), refused.getMessage());
    Path empty = Files.writeString(folder.resolve("empty"), "# nothing yet\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TicketKeys.read(empty)).getMessage().contains("holds no key"));
  }

  private static String query(StreamTicket ticket) {
    return ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
