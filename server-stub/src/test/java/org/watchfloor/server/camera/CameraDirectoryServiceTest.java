package org.watchfloor.server.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraCluster;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.DeleteCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.CameraSummary;
import org.watchfloor.proto.v1.SummarizeCamerasRequest;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.sim.SettableClock;

/** The camera directory over a real loopback channel, on H2 and on PostgreSQL. */
class CameraDirectoryServiceTest {

  private static Camera camera(String name, double lat, double lon) {
    return Camera.newBuilder()
        .setName(name)
        .setKind(CameraKind.CAMERA_KIND_TRAFFIC)
        .setLocation(GeoPoint.newBuilder().setLatitude(lat).setLongitude(lon))
        .build();
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void callsWithoutATokenAreUnauthenticatedAndAnalystsCannotEditCameras(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      StatusRuntimeException anonymous =
          assertThrows(
              StatusRuntimeException.class,
              () -> CameraDirectoryGrpc.newBlockingStub(fixture.channel()).listCameras(ListCamerasRequest.getDefaultInstance()));
      assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
      assertTrue(anonymous.getStatus().getDescription().contains("Bearer"));

      StatusRuntimeException analyst =
          assertThrows(
              StatusRuntimeException.class,
              () -> fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
                  .createCamera(CreateCameraRequest.newBuilder().setCamera(camera("x", 38.04, -84.5)).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, analyst.getStatus().getCode());
      assertEquals("role: this call needs ADMIN; ana has ANALYST (an admin grants roles)", analyst.getStatus().getDescription());

      StatusRuntimeException badLatitude =
          assertThrows(
              StatusRuntimeException.class,
              () -> fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
                  .createCamera(CreateCameraRequest.newBuilder().setCamera(camera("x", 91, -84.5)).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, badLatitude.getStatus().getCode());
      assertEquals("camera.location.latitude: must be between -90 and 90, got 91.0", badLatitude.getStatus().getDescription());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void createdCamerasAreFoundInTheirViewportAndSurviveARestart(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      Camera inside = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Main & Limestone", 38.0464, -84.4970)).build());
      admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Louisville", 38.2527, -85.7585)).build());
      BoundingBox downtown = BoundingBox.newBuilder().setSouth(38.03).setNorth(38.06).setWest(-84.51).setEast(-84.48).build();
      var page =
          fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
              .listCameras(ListCamerasRequest.newBuilder().setBbox(downtown).setPageSize(5000).build());
      assertTrue(page.getCamerasList().stream().anyMatch(c -> c.getId().equals(inside.getId())));
      assertTrue(page.getCamerasList().stream().noneMatch(c -> c.getName().equals("Louisville")));
      assertTrue(page.getCamerasList().stream().allMatch(c -> Geo.contains(downtown, c.getLocation())));

      // A second directory over the same database sees the same camera, byte for byte.
      CameraDirectory reloaded =
          new CameraDirectory(fixture.broker().database(), fixture.broker().audit(), fixture.broker().upstreamVault(), java.time.Clock.systemUTC());
      assertEquals(inside, reloaded.get(inside.getId()).orElseThrow());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aWatcherThatDropsAndResumesGetsExactlyTheChangesItMissedNoneTwice(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      var watcher = fixture.as("ana", CameraDirectoryGrpc.newStub(fixture.channel())).withDeadline(null);

      // First connection: snapshot, then one live change, then the client drops.
      Camera before = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("before", 38.05, -84.50)).build());
      Recorder first = new Recorder();
      Context.CancellableContext connection = Context.current().withCancellation();
      connection.run(() -> watcher.watchCameras(WatchCamerasRequest.getDefaultInstance(), first));
      CameraEvent synced = first.awaitSynced();
      assertTrue(synced.getSynced().getAfterSnapshot());
      Camera live = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("live", 38.06, -84.50)).build());
      CameraEvent liveEvent = first.next();
      assertEquals(live.getId(), liveEvent.getUpserted().getId());
      long lastSeen = liveEvent.getRevision();
      connection.cancel(null);

      // While away: a create, an edit of the same camera twice via delete+create, and a delete.
      Camera missed = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("missed", 38.07, -84.50)).build());
      admin.deleteCamera(DeleteCameraRequest.newBuilder().setCameraId(before.getId()).setReason("test removal").build());
      Camera alsoMissed = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("also missed", 38.08, -84.50)).build());

      Recorder second = new Recorder();
      watcher.watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(lastSeen).build(), second);
      CameraEvent resumed = second.awaitSynced();
      assertTrue(!resumed.getSynced().getAfterSnapshot());
      assertEquals(List.of("+missed", "-" + before.getId(), "+also missed"), caughtUp(second));
      assertEquals(alsoMissed.getRevision(), resumed.getRevision());
      assertTrue(second.beforeSync.stream().allMatch(e -> e.getRevision() > lastSeen));
      assertEquals(missed.getId(), second.beforeSync.get(0).getUpserted().getId());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aCameraChangedSeveralTimesWhileAWatcherWasAwayArrivesOnceInItsLatestForm(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      var watcher = fixture.as("ana", CameraDirectoryGrpc.newStub(fixture.channel())).withDeadline(null);
      Camera edited = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("edited", 38.05, -84.50)).build());
      Camera deleted = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("deleted", 38.06, -84.50)).build());
      long lastSeen = deleted.getRevision();

      // While away: the first camera is renamed twice, around a delete and a create.
      Camera renamedOnce = rename(admin, edited, "renamed once");
      admin.deleteCamera(DeleteCameraRequest.newBuilder().setCameraId(deleted.getId()).setReason("test removal").build());
      admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("created", 38.07, -84.50)).build());
      Camera renamedTwice = rename(admin, renamedOnce, "renamed twice");

      Recorder resumed = new Recorder();
      watcher.watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(lastSeen).build(), resumed);
      CameraEvent synced = resumed.awaitSynced();
      assertEquals(List.of("-" + deleted.getId(), "+created", "+renamed twice"), caughtUp(resumed));
      assertEquals(renamedTwice.getRevision(), resumed.beforeSync.get(2).getRevision());
      assertEquals(renamedTwice.getRevision(), synced.getRevision());
    }
  }

  /** The events a resumed watch sent before it was in sync: "+name" for an upsert, "-id" for a removal. */
  private static List<String> caughtUp(Recorder resumed) {
    List<String> events = new ArrayList<>();
    for (CameraEvent event : resumed.beforeSync) {
      events.add(event.hasUpserted() ? "+" + event.getUpserted().getName() : "-" + event.getRemoved().getCameraId());
    }
    return events;
  }

  private static Camera rename(CameraDirectoryGrpc.CameraDirectoryBlockingStub admin, Camera camera, String name) {
    return admin.updateCamera(org.watchfloor.proto.v1.UpdateCameraRequest.newBuilder()
        .setCamera(Camera.newBuilder().setId(camera.getId()).setName(name))
        .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("name"))
        .setExpectedRevision(camera.getRevision()).build());
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aBatchOfUpdatesIsAppliedAllOrNothingAndEachCameraIsAudited(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      List<Camera> cameras = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        cameras.add(admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Batch " + i, 38.04 + i * 0.001, -84.5)).build()));
      }
      org.watchfloor.proto.v1.BatchUpdateCamerasRequest.Builder moveNorth = org.watchfloor.proto.v1.BatchUpdateCamerasRequest.newBuilder();
      for (Camera read : cameras) {
        moveNorth.addRequests(org.watchfloor.proto.v1.UpdateCameraRequest.newBuilder()
            .setCamera(Camera.newBuilder().setId(read.getId())
                .setLocation(GeoPoint.newBuilder().setLatitude(read.getLocation().getLatitude() + 0.0001).setLongitude(-84.5)))
            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("location"))
            .setExpectedRevision(read.getRevision()));
      }
      List<Camera> moved = admin.batchUpdateCameras(moveNorth.build()).getCamerasList();
      assertEquals(cameras.stream().map(Camera::getId).toList(), moved.stream().map(Camera::getId).toList());
      for (int i = 0; i < 3; i++) {
        assertEquals(cameras.get(i).getLocation().getLatitude() + 0.0001, moved.get(i).getLocation().getLatitude(), 1e-12);
        assertEquals(cameras.get(i).getName(), moved.get(i).getName(), "fields outside the mask stay");
      }

      // The same batch again is stale for every camera: refused, and nothing moves.
      StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> admin.batchUpdateCameras(moveNorth.build()));
      assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
      assertEquals("camera " + cameras.get(0).getId() + " changed since revision " + cameras.get(0).getRevision() + " (now "
          + moved.get(0).getRevision() + "); reload it and apply your edit again", stale.getStatus().getDescription());
      // One stale camera among current ones: none of them changes.
      org.watchfloor.proto.v1.BatchUpdateCamerasRequest.Builder mixed = org.watchfloor.proto.v1.BatchUpdateCamerasRequest.newBuilder();
      for (int i = 0; i < 3; i++) {
        mixed.addRequests(org.watchfloor.proto.v1.UpdateCameraRequest.newBuilder()
            .setCamera(Camera.newBuilder().setId(moved.get(i).getId()).setName("Renamed " + i))
            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("name"))
            .setExpectedRevision(i == 2 ? cameras.get(i).getRevision() : moved.get(i).getRevision()));
      }
      assertEquals(Status.Code.ABORTED, assertThrows(StatusRuntimeException.class, () -> admin.batchUpdateCameras(mixed.build())).getStatus().getCode());
      for (Camera camera : moved) {
        assertEquals(camera.getRevision(), admin.getCamera(org.watchfloor.proto.v1.GetCameraRequest.newBuilder().setCameraId(camera.getId()).build())
            .getRevision(), "all or nothing");
      }

      StatusRuntimeException twice = assertThrows(StatusRuntimeException.class, () -> admin.batchUpdateCameras(
          org.watchfloor.proto.v1.BatchUpdateCamerasRequest.newBuilder().addRequests(mixed.getRequests(0)).addRequests(mixed.getRequests(0)).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, twice.getStatus().getCode());
      assertEquals("requests[1].camera.id: " + moved.get(0).getId() + " is also in requests[0]", twice.getStatus().getDescription());

      var audited = fixture.as("sam", org.watchfloor.proto.v1.AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setAction("CAMERA_UPDATED").build());
      assertEquals(3, audited.getEventsCount(), "one row per camera of the applied batch, none for the refused ones");
      assertTrue(audited.getEventsList().stream().allMatch(row -> row.getDetail().equals("changed location")));
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aBatchOfDeletionsIsAllOrNothingWatchersHearEachAndEachCameraIsAudited(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      List<Camera> cameras = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        cameras.add(admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Doomed " + i, 38.04 + i * 0.001, -84.5)).build()));
      }
      Recorder watcher = new Recorder();
      fixture.as("ana", CameraDirectoryGrpc.newStub(fixture.channel())).withDeadline(null)
          .watchCameras(WatchCamerasRequest.getDefaultInstance(), watcher);
      watcher.awaitSynced();
      // The last camera changed after it was read: the batch is stale, named by that camera, and nothing goes.
      Camera renamed = admin.updateCamera(org.watchfloor.proto.v1.UpdateCameraRequest.newBuilder()
          .setCamera(Camera.newBuilder().setId(cameras.get(2).getId()).setName("Renamed meanwhile"))
          .setUpdateMask(com.google.protobuf.FieldMask.newBuilder().addPaths("name"))
          .setExpectedRevision(cameras.get(2).getRevision()).build());
      watcher.next();
      org.watchfloor.proto.v1.BatchDeleteCamerasRequest.Builder asRead =
          org.watchfloor.proto.v1.BatchDeleteCamerasRequest.newBuilder().setReason("duplicates of the city inventory");
      for (Camera read : cameras) {
        asRead.addCameras(org.watchfloor.proto.v1.CameraToDelete.newBuilder().setCameraId(read.getId()).setExpectedRevision(read.getRevision()));
      }
      StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> admin.batchDeleteCameras(asRead.build()));
      assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
      assertEquals("camera " + renamed.getId() + " changed since revision " + cameras.get(2).getRevision() + " (now "
          + renamed.getRevision() + "); reload it and apply your edit again", stale.getStatus().getDescription());
      for (Camera camera : cameras) {
        assertTrue(held(admin, camera.getId()), "all or nothing");
      }

      StatusRuntimeException twice = assertThrows(StatusRuntimeException.class, () -> admin.batchDeleteCameras(
          asRead.clone().addCameras(asRead.getCameras(0)).build()));
      assertEquals("cameras[3].camera_id: " + cameras.get(0).getId() + " is also in cameras[0]", twice.getStatus().getDescription());
      StatusRuntimeException noReason = assertThrows(StatusRuntimeException.class, () -> admin.batchDeleteCameras(
          asRead.clone().setReason(" ").build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, noReason.getStatus().getCode());

      admin.batchDeleteCameras(asRead.clone().setCameras(2, asRead.getCameras(2).toBuilder().setExpectedRevision(renamed.getRevision())).build());
      assertTrue(cameras.stream().noneMatch(camera -> held(admin, camera.getId())));
      List<String> removed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        removed.add(watcher.next().getRemoved().getCameraId());
      }
      assertEquals(cameras.stream().map(Camera::getId).toList(), removed, "watchers hear each deletion, in request order");
      var audited = fixture.as("sam", org.watchfloor.proto.v1.AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setAction("CAMERA_DELETED").build());
      assertEquals(3, audited.getEventsCount(), "one row per camera deleted, none for the refused batches");
      assertTrue(audited.getEventsList().stream().allMatch(row -> row.getDetail().equals("duplicates of the city inventory")));

      // Made again in one step with their ids (an editor's undo); a second time they exist already, and nothing is added.
      org.watchfloor.proto.v1.BatchCreateCamerasRequest.Builder again = org.watchfloor.proto.v1.BatchCreateCamerasRequest.newBuilder();
      for (Camera camera : cameras) {
        again.addRequests(CreateCameraRequest.newBuilder().setCamera(camera.toBuilder().clearRevision()));
      }
      List<Camera> made = admin.batchCreateCameras(again.build()).getCamerasList();
      assertEquals(cameras.stream().map(Camera::getId).toList(), made.stream().map(Camera::getId).toList());
      assertTrue(cameras.stream().allMatch(camera -> held(admin, camera.getId())));
      StatusRuntimeException exists = assertThrows(StatusRuntimeException.class, () -> admin.batchCreateCameras(again.build()));
      assertEquals(Status.Code.ALREADY_EXISTS, exists.getStatus().getCode());
      assertEquals(2, fixture.as("sam", org.watchfloor.proto.v1.AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setAction("CAMERA_CREATED").setTarget("camera:" + cameras.get(0).getId())
              .build()).getEventsCount(), "created, then made again once: two rows");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void streamProfilesTagsAndRetentionAreCheckedByTheContractsRulesAndARefusalNamesTheField(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      org.watchfloor.proto.v1.StreamProfile main = org.watchfloor.proto.v1.StreamProfile.newBuilder().setName("main")
          .setRole(org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_MAIN).setProtocol(org.watchfloor.proto.v1.StreamProtocol.STREAM_PROTOCOL_HLS)
          .setWidth(1920).setHeight(1080).setCodec("h264").build();
      Map<String, Camera> refused = new java.util.LinkedHashMap<>();
      refused.put("camera.streams[1].name: 'main' names another profile of the camera too",
          camera("Twice main", 38.05, -84.5).toBuilder().addStreams(main).addStreams(main).build());
      refused.put("camera.streams[0].name: must be 1 to 32 characters of a-z, 0-9, _ and -, got 'Main HD'",
          camera("Capitals", 38.05, -84.5).toBuilder().addStreams(main.toBuilder().setName("Main HD")).build());
      refused.put("camera.streams: must be empty for a registered private camera: the center has no access to it",
          camera("Registered", 38.05, -84.5).toBuilder().setKind(CameraKind.CAMERA_KIND_PRIVATE_REGISTERED).addStreams(main)
              .setOwnerId(admin.listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_PRIVATE_REGISTERED).setPageSize(1).build())
                  .getCameras(0).getOwnerId()).build());
      refused.put("camera.tags: key 'bad key' must be 1 to 64 characters of A-Z, a-z, 0-9, :, _, . and -",
          camera("Tagged", 38.05, -84.5).toBuilder().putTags("bad key", "x").build());
      refused.put("camera.recording_retention: must be between 1 hour and 365 days, got 60 s",
          camera("Kept briefly", 38.05, -84.5).toBuilder().setContinuousRecording(true)
              .setRecordingRetention(com.google.protobuf.Duration.newBuilder().setSeconds(60)).build());
      for (Map.Entry<String, Camera> rule : refused.entrySet()) {
        StatusRuntimeException refusal = assertThrows(StatusRuntimeException.class,
            () -> admin.createCamera(CreateCameraRequest.newBuilder().setCamera(rule.getValue()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
        assertEquals(rule.getKey(), refusal.getStatus().getDescription());
      }
      Camera fine = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Fine", 38.05, -84.5).toBuilder()
          .addStreams(main).putTags("mount", "pole").putTags("view:side", "north").setPtz(true).setContinuousRecording(true)
          .setRecordingRetention(com.google.protobuf.Duration.newBuilder().setSeconds(7 * 86400))).build());
      assertEquals(List.of(main), fine.getStreamsList());
      assertEquals(Map.of("mount", "pole", "view:side", "north"), fine.getTagsMap());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aDeletedCamerasStreamAddressesComeBackWhenItIsMadeAgainUntilTheRetentionPurgeForgetsThem(TestDatabase.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(java.time.Instant.parse("2026-06-01T12:00:00Z"));
    try (BrokerFixture fixture = BrokerFixture.on(kind, clock)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      var auditor = fixture.as("sam", org.watchfloor.proto.v1.AuditServiceGrpc.newBlockingStub(fixture.channel()));
      org.watchfloor.proto.v1.StreamProfile main = org.watchfloor.proto.v1.StreamProfile.newBuilder().setName("main")
          .setRole(org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_MAIN).setProtocol(org.watchfloor.proto.v1.StreamProtocol.STREAM_PROTOCOL_HLS)
          .setWidth(1920).setHeight(1080).setCodec("h264").build();
      Camera undone = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Main St", 38.05, -84.5).toBuilder().addStreams(main))
          .putUpstreamUrls("main", "rtsp://viewer:secret@10.1.2.3/stream1").build());
      Camera late = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Vine St", 38.051, -84.5).toBuilder().addStreams(main))
          .putUpstreamUrls("main", "rtsp://10.1.2.4/stream1").build());
      org.watchfloor.proto.v1.BatchDeleteCamerasRequest.Builder deletion =
          org.watchfloor.proto.v1.BatchDeleteCamerasRequest.newBuilder().setReason("deleted by mistake");
      for (Camera camera : List.of(undone, late)) {
        deletion.addCameras(org.watchfloor.proto.v1.CameraToDelete.newBuilder().setCameraId(camera.getId()).setExpectedRevision(camera.getRevision()));
      }
      admin.batchDeleteCameras(deletion.build());
      assertEquals(Map.of(), fixture.broker().cameras().upstreams(undone.getId()), "a deleted camera has no addresses in use");

      // The editor's undo sends the camera as it saw it, without addresses (no client ever sees them).
      admin.batchCreateCameras(org.watchfloor.proto.v1.BatchCreateCamerasRequest.newBuilder()
          .addRequests(CreateCameraRequest.newBuilder().setCamera(undone.toBuilder().clearRevision())).build());
      assertEquals(Map.of("main", "rtsp://viewer:secret@10.1.2.3/stream1"), fixture.broker().cameras().upstreams(undone.getId()));
      var created = auditor.queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setAction("CAMERA_CREATED")
          .setTarget("camera:" + undone.getId()).build()).getEventsList();
      assertEquals("CAMERA_KIND_TRAFFIC Main St; the stream addresses of 1 profile(s) kept from its deletion restored",
          created.stream().map(row -> row.getDetail()).filter(detail -> detail.contains("restored")).findFirst().orElseThrow(),
          "audited, without the address");

      // Past their 30 days the purge forgets the other camera's address: made again, it has none.
      clock.advance(java.time.Duration.ofDays(31));
      assertEquals(1, fixture.broker().purge().preview(clock.instant()).stream()
          .filter(outcome -> outcome.dataClass() == org.watchfloor.server.retention.DataClass.DELETED_CAMERA_ADDRESSES)
          .findFirst().orElseThrow().removed());
      fixture.broker().purge().runIfDue();
      assertTrue(auditor.queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setAction("RETENTION_PURGED").build())
          .getEventsList().stream().anyMatch(row -> row.getDetail().contains("deletedCameraAddresses: removed 1")), "the purge's audit row counts it");
      admin.batchCreateCameras(org.watchfloor.proto.v1.BatchCreateCamerasRequest.newBuilder()
          .addRequests(CreateCameraRequest.newBuilder().setCamera(late.toBuilder().clearRevision())).build());
      assertEquals(Map.of(), fixture.broker().cameras().upstreams(late.getId()));
    }
  }

  private static boolean held(CameraDirectoryGrpc.CameraDirectoryBlockingStub directory, String id) {
    try {
      directory.getCamera(org.watchfloor.proto.v1.GetCameraRequest.newBuilder().setCameraId(id).build());
      return true;
    } catch (StatusRuntimeException e) {
      assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
      return false;
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aHealthReportReachesWatchersAndAStateChangeIsAudited(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      Camera camera = admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Health probe", 38.05, -84.49)).build());
      Recorder watcher = new Recorder();
      fixture.as("ana", CameraDirectoryGrpc.newStub(fixture.channel())).withDeadline(null)
          .watchCameras(WatchCamerasRequest.getDefaultInstance(), watcher);
      watcher.awaitSynced();
      admin.setCameraHealth(org.watchfloor.proto.v1.SetCameraHealthRequest.newBuilder()
          .setCameraId(camera.getId()).setState(org.watchfloor.proto.v1.HealthState.HEALTH_STATE_OFFLINE).setDetail("no frames for 30 s").build());
      CameraEvent event = watcher.next();
      assertEquals(camera.getId(), event.getUpserted().getId());
      assertEquals(org.watchfloor.proto.v1.HealthState.HEALTH_STATE_OFFLINE, event.getUpserted().getHealth().getState());
      assertTrue(event.getUpserted().getHealth().hasLastSeen());
      var audited = fixture.as("sam", org.watchfloor.proto.v1.AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(org.watchfloor.proto.v1.QueryAuditRequest.newBuilder().setTarget("camera:" + camera.getId()).build());
      assertTrue(audited.getEventsList().stream().anyMatch(row -> row.getDetail().startsWith("health HEALTH_STATE_OFFLINE")));
    }
  }

  @org.junit.jupiter.api.Test
  void watchersJoiningWhileCamerasAreWrittenNeverDeadlockTheWriters() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
      List<Recorder> watchers = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        writes.add(writers.submit(() -> admin.createCamera(
            CreateCameraRequest.newBuilder().setCamera(camera("Burst " + n, 38.0 + n * 1e-4, -84.5)).build())));
        Recorder watcher = new Recorder();
        fixture.as("ana", CameraDirectoryGrpc.newStub(fixture.channel())).withDeadline(null)
            .watchCameras(WatchCamerasRequest.getDefaultInstance(), watcher);
        watchers.add(watcher);
      }
      for (var write : writes) {
        write.get(20, TimeUnit.SECONDS); // a deadlocked writer would time out here
      }
      writers.shutdown();
      for (Recorder watcher : watchers) {
        watcher.awaitSynced();
      }
    }
  }

  /** Collects a watch stream: events before the sync point, then live events one by one. */
  static final class Recorder implements StreamObserver<CameraEvent> {
    final List<CameraEvent> beforeSync = new ArrayList<>();
    final LinkedBlockingQueue<CameraEvent> after = new LinkedBlockingQueue<>();
    final CountDownLatch synced = new CountDownLatch(1);
    volatile CameraEvent syncPoint;
    final Map<String, Integer> seen = new HashMap<>();

    @Override
    public synchronized void onNext(CameraEvent event) {
      if (syncPoint == null && event.hasSynced()) {
        syncPoint = event;
        synced.countDown();
      } else if (syncPoint == null) {
        beforeSync.add(event);
      } else {
        after.add(event);
      }
    }

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onCompleted() {}

    CameraEvent awaitSynced() throws InterruptedException {
      assertTrue(synced.await(10, TimeUnit.SECONDS), "no sync point within 10 s");
      return syncPoint;
    }

    CameraEvent next() throws InterruptedException {
      CameraEvent event = after.poll(10, TimeUnit.SECONDS);
      assertTrue(event != null, "no live event within 10 s");
      return event;
    }
  }

  @org.junit.jupiter.api.Test
  void aViewIsSummarizedIntoTheMapsClustersAndASnapshotSaysItsSize() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      var admin = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      var analyst = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      // Far from the demo world: two cameras 20 m apart share a 48-pixel cell at zoom 12 (about 1 km
      // here); one alone 3 km east; one in another town.
      BoundingBox anchorage = BoundingBox.newBuilder().setSouth(61.0).setNorth(61.4).setWest(-150.2).setEast(-149.6).build();
      CameraSummary before = analyst.summarizeCameras(SummarizeCamerasRequest.newBuilder().setBbox(anchorage).setZoom(12).build());
      admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("A", 61.2000, -149.9000)).build());
      admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("B", 61.2001, -149.9002)).build());
      Camera alone = admin.createCamera(CreateCameraRequest.newBuilder()
          .setCamera(camera("C", 61.2001, -149.8450).toBuilder().setKind(CameraKind.CAMERA_KIND_LPR)).build());
      admin.createCamera(CreateCameraRequest.newBuilder().setCamera(camera("Fairbanks", 64.8378, -147.7164)).build());

      CameraSummary summary = analyst.summarizeCameras(SummarizeCamerasRequest.newBuilder().setBbox(anchorage).setZoom(12).build());
      assertEquals(0, before.getInView());
      assertEquals(before.getTotal() + 4, summary.getTotal());
      assertEquals(summary.getTotal(), summary.getDirectoryByKindMap().values().stream().mapToInt(Integer::intValue).sum());
      assertEquals(before.getDirectoryByKindOrDefault(CameraKind.CAMERA_KIND_LPR_VALUE, 0) + 1,
          summary.getDirectoryByKindOrThrow(CameraKind.CAMERA_KIND_LPR_VALUE));
      assertEquals(3, summary.getInView());
      assertEquals(2, summary.getClustersCount());
      CameraCluster pair = summary.getClustersList().stream().filter(cluster -> cluster.getCount() == 2).findFirst().orElseThrow();
      assertEquals(61.20005, pair.getCentroid().getLatitude(), 1e-9);
      assertEquals(CameraKind.CAMERA_KIND_TRAFFIC, pair.getDominantKind());
      assertTrue(!pair.hasCamera(), "a cluster of two carries no camera");
      CameraCluster single = summary.getClustersList().stream().filter(cluster -> cluster.getCount() == 1).findFirst().orElseThrow();
      assertEquals(alone.getId(), single.getCamera().getId());

      CameraSummary lprOnly = analyst.summarizeCameras(SummarizeCamerasRequest.newBuilder().setBbox(anchorage).setZoom(12)
          .addKinds(CameraKind.CAMERA_KIND_LPR).build());
      assertEquals(1, lprOnly.getInView());
      assertEquals(summary.getDirectoryByKindMap(), lprOnly.getDirectoryByKindMap(), "the legend counts everything");

      StatusRuntimeException tooFine = assertThrows(StatusRuntimeException.class, () -> analyst.summarizeCameras(
          SummarizeCamerasRequest.newBuilder().setBbox(anchorage).setZoom(18).setCellPixels(8).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, tooFine.getStatus().getCode());
      assertTrue(tooFine.getStatus().getDescription().startsWith("cell_pixels: the view spans "), tooFine.getStatus().getDescription());
      StatusRuntimeException noBox = assertThrows(StatusRuntimeException.class, () -> analyst.summarizeCameras(
          SummarizeCamerasRequest.newBuilder().setZoom(12).build()));
      assertEquals("bbox: is required", noBox.getStatus().getDescription());

      var events = analyst.watchCameras(WatchCamerasRequest.newBuilder().setBbox(anchorage).build());
      CameraEvent first = events.next();
      assertEquals(3, first.getSnapshotSize(), "a snapshot says how many cameras it holds, its filter applied");
    }
  }
}
