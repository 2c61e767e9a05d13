package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.FieldMask;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.CreateUserRequest;
import org.watchfloor.proto.v1.GetCameraRequest;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.ListLayersRequest;
import org.watchfloor.proto.v1.ListUsersRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.ResetPasswordRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.UpdateCameraRequest;
import org.watchfloor.proto.v1.UpdateLayerRequest;
import org.watchfloor.proto.v1.UpdateUserRequest;
import org.watchfloor.proto.v1.User;

/**
 * Two admins on two real gRPC channels edit the same camera, layer and user at once. Each edit is a
 * read-modify-write of a counter; with every update carrying the revision it was based on, a stale
 * one is refused (ABORTED) and retried after reading again, so no increment is lost.
 */
class ConcurrentAdminsTest {

  private static final int EDITS_EACH = 8;
  private static BrokerFixture broker;
  private static ManagedChannel secondChannel;
  private static String beaToken;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerFixture.on(org.watchfloor.server.TestDatabase.Kind.H2);
    secondChannel = Grpc.newChannelBuilderForAddress("127.0.0.1", broker.broker().server().grpcPort(),
        InsecureChannelCredentials.create()).build();
    beaToken = broker.as("ada", SessionServiceGrpc.newBlockingStub(broker.channel())).createUser(CreateUserRequest.newBuilder()
        .setUsername("bea").setDisplayName("Bea Admin").addRoles(Role.ROLE_ADMIN).build()).getBearerToken();
  }

  @AfterAll
  static void stop() {
    secondChannel.shutdownNow();
    broker.close();
  }

  @Test
  void twoAdminsRacingOnOneCameraAndOneLayerLoseNoUpdate() throws Exception {
    String cameraId = firstCameras().get(0).getId();
    String layerId = broker.broker().layers().all().get(0).getId();
    AtomicInteger refusals = new AtomicInteger();
    ExecutorService admins = Executors.newFixedThreadPool(2);
    CountDownLatch ready = new CountDownLatch(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ManagedChannel channel : List.of(broker.channel(), secondChannel)) {
        var cameras = CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(
            BrokerFixture.bearer(channel == secondChannel ? beaToken : broker.token("ada")));
        var layers = LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(
            BrokerFixture.bearer(channel == secondChannel ? beaToken : broker.token("ada")));
        done.add(admins.submit(() -> {
          ready.countDown();
          ready.await();
          for (int edit = 0; edit < EDITS_EACH; edit++) {
            untilAccepted(refusals, () -> {
              Camera camera = cameras.withDeadlineAfter(10, TimeUnit.SECONDS)
                  .getCamera(GetCameraRequest.newBuilder().setCameraId(cameraId).build());
              cameras.withDeadlineAfter(10, TimeUnit.SECONDS).updateCamera(UpdateCameraRequest.newBuilder()
                  .setCamera(Camera.newBuilder().setId(cameraId).setAddress(String.valueOf(counter(camera.getAddress()) + 1)))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("address")).setExpectedRevision(camera.getRevision()).build());
            });
            untilAccepted(refusals, () -> {
              Layer layer = layers.withDeadlineAfter(10, TimeUnit.SECONDS).listLayers(ListLayersRequest.getDefaultInstance())
                  .getLayersList().stream().filter(candidate -> candidate.getId().equals(layerId)).findFirst().orElseThrow();
              layers.withDeadlineAfter(10, TimeUnit.SECONDS).updateLayer(UpdateLayerRequest.newBuilder()
                  .setLayer(Layer.newBuilder().setId(layerId).setDescription(String.valueOf(counter(layer.getDescription()) + 1)))
                  .setUpdateMask(FieldMask.newBuilder().addPaths("description")).setExpectedRevision(layer.getRevision()).build());
            });
          }
          return null;
        }));
      }
      for (Future<?> admin : done) {
        admin.get(120, TimeUnit.SECONDS);
      }
    } finally {
      admins.shutdownNow();
    }

    assertEquals(String.valueOf(2 * EDITS_EACH), broker.broker().cameras().get(cameraId).orElseThrow().getAddress());
    assertEquals(String.valueOf(2 * EDITS_EACH), broker.broker().layers().get(layerId).orElseThrow().getDescription());
    var audit = broker.as("sam", AuditServiceGrpc.newBlockingStub(broker.channel()));
    assertEquals(2 * EDITS_EACH, audit.queryAudit(QueryAuditRequest.newBuilder().setAction("CAMERA_UPDATED")
        .setTarget("camera:" + cameraId).build()).getEventsCount());
    System.out.println("stale updates refused and retried: " + refusals.get());
  }

  @Test
  void twoAdminsCreatingOneCameraIdAtOnceCreateItOnceAndTheOtherHearsAlreadyExists() throws Exception {
    for (int n = 0; n < 20; n++) {
      Camera draft = firstCameras().get(0).toBuilder().clearRevision().clearCreatedAt().clearUpdatedAt().setId("twice-" + n).build();
      CreateCameraRequest request = CreateCameraRequest.newBuilder().setCamera(draft).build();
      assertEquals(Set.of(Status.Code.OK, Status.Code.ALREADY_EXISTS), Race.outcomes(List.of(
          () -> broker.as("ada", CameraDirectoryGrpc.newBlockingStub(broker.channel())).createCamera(request),
          () -> broker.as("ada", CameraDirectoryGrpc.newBlockingStub(secondChannel)).createCamera(request))), draft.getId());
    }
  }

  @Test
  void aStaleUpdateOfACameraALayerOrAUserIsRefusedNamingTheCurrentRevision() throws Exception {
    var adaCameras = broker.as("ada", CameraDirectoryGrpc.newBlockingStub(broker.channel()));
    var beaCameras = CameraDirectoryGrpc.newBlockingStub(secondChannel).withCallCredentials(BrokerFixture.bearer(beaToken));
    Camera read = firstCameras().get(1);
    Camera ada = adaCameras.updateCamera(UpdateCameraRequest.newBuilder()
        .setCamera(Camera.newBuilder().setId(read.getId()).setName("Renamed by Ada"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).setExpectedRevision(read.getRevision()).build());
    StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> beaCameras.updateCamera(UpdateCameraRequest.newBuilder()
        .setCamera(Camera.newBuilder().setId(read.getId()).setName("Renamed by Bea"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).setExpectedRevision(read.getRevision()).build()));
    assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
    assertEquals("camera " + read.getId() + " changed since revision " + read.getRevision() + " (now " + ada.getRevision()
        + "); reload it and apply your edit again", stale.getStatus().getDescription());
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> beaCameras.updateCamera(UpdateCameraRequest.newBuilder()
        .setCamera(Camera.newBuilder().setId(read.getId()).setName("Renamed by Bea"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, missing.getStatus().getCode());
    assertEquals("Renamed by Ada", broker.broker().cameras().get(read.getId()).orElseThrow().getName());

    Layer layer = broker.broker().layers().all().get(1);
    var layers = broker.as("ada", LayerServiceGrpc.newBlockingStub(broker.channel()));
    layers.updateLayer(UpdateLayerRequest.newBuilder().setLayer(Layer.newBuilder().setId(layer.getId()).setName("Renamed layer"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).setExpectedRevision(layer.getRevision()).build());
    StatusRuntimeException staleLayer = assertThrows(StatusRuntimeException.class, () -> layers.updateLayer(UpdateLayerRequest.newBuilder()
        .setLayer(Layer.newBuilder().setId(layer.getId()).setName("Other name"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("name")).setExpectedRevision(layer.getRevision()).build()));
    assertEquals(Status.Code.ABORTED, staleLayer.getStatus().getCode());
    assertTrue(staleLayer.getStatus().getDescription().startsWith("layer " + layer.getId() + " changed since revision "));

    var adaUsers = broker.as("ada", SessionServiceGrpc.newBlockingStub(broker.channel()));
    var beaUsers = SessionServiceGrpc.newBlockingStub(secondChannel).withCallCredentials(BrokerFixture.bearer(beaToken));
    User sam = adaUsers.listUsers(ListUsersRequest.getDefaultInstance()).getUsersList().stream()
        .filter(user -> user.getUsername().equals("sam")).findFirst().orElseThrow();
    User changed = adaUsers.updateUser(UpdateUserRequest.newBuilder()
        .setUser(User.newBuilder().setId(sam.getId()).setOrganisation("Fayette County Sheriff"))
        .setUpdateMask(FieldMask.newBuilder().addPaths("organisation")).setExpectedRevision(sam.getRevision()).build());
    assertEquals(sam.getRevision() + 1, changed.getRevision());
    StatusRuntimeException staleUser = assertThrows(StatusRuntimeException.class, () -> beaUsers.resetPassword(ResetPasswordRequest.newBuilder()
        .setUserId(sam.getId()).setNewPassword("a long enough password").setExpectedRevision(sam.getRevision()).build()));
    assertEquals(Status.Code.ABORTED, staleUser.getStatus().getCode());
    assertEquals("user " + sam.getId() + " changed since revision " + sam.getRevision() + " (now " + changed.getRevision()
        + "); reload it and apply your edit again", staleUser.getStatus().getDescription());
  }

  /** Runs one read-modify-write until the broker accepts it, counting the stale ones it refused. */
  private static void untilAccepted(AtomicInteger refusals, Runnable edit) {
    while (true) {
      try {
        edit.run();
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ABORTED) {
          throw e;
        }
        refusals.incrementAndGet();
      }
    }
  }

  private static List<Camera> firstCameras() {
    return broker.broker().cameras().list(
        new org.watchfloor.server.camera.CameraDirectory.Filter(Optional.empty(), java.util.Set.of(), java.util.Set.of()), "", 2).cameras();
  }

  private static int counter(String text) {
    return text.matches("\\d+") ? Integer.parseInt(text) : 0;
  }
}
