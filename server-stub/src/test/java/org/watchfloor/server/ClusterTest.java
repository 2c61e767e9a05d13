package org.watchfloor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.AuditVerification;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.SessionEventType;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.audit.Actor;

/**
 * Three brokers on one PostgreSQL database behave as one: a write through any reaches every
 * broker's watchers within a second, a client resumes on another broker with exactly what it
 * missed, the audit chain stays one chain under concurrent appends through all three, a revocation
 * through one ends a session opened through another, and one broker leads the scheduled work.
 */
class ClusterTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("armed robbery, suspect on foot").build();

  private static BrokerCluster cluster;

  @BeforeAll
  static void startThreeBrokers() throws Exception {
    cluster = BrokerCluster.start(3);
  }

  @AfterAll
  static void stopThem() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A Watch stream's events, as they arrive. */
  private static final class CameraWatch {
    final EventQueue<CameraEvent> events = new EventQueue<>();
    final Context.CancellableContext context = Context.current().withCancellation();

    /** Skips to the sync point ending the snapshot or catch-up and returns its revision, collecting the upserts before it into {@code upserts}. */
    long awaitSynced(List<String> upserts) throws InterruptedException {
      while (true) {
        CameraEvent event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "no sync point within 30 s");
        if (event.hasSynced()) {
          return event.getSynced().getRevision();
        }
        if (event.hasUpserted()) {
          upserts.add(event.getUpserted().getId());
        }
      }
    }

    /** Waits for the upsert of camera {@code id}, up to {@code millis}; returns whether it came. */
    boolean awaitUpsert(String id, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        long left = deadline - System.nanoTime();
        CameraEvent event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (event == null) {
          return false;
        }
        if (event.hasUpserted() && event.getUpserted().getId().equals(id)) {
          return true;
        }
      }
    }
  }

  private static CameraWatch watch(int broker, long resumeAfter) throws Exception {
    CameraWatch watch = new CameraWatch();
    var stub = cluster.as(broker, "ana", CameraDirectoryGrpc.newStub(cluster.channel(broker))).withDeadline(null);
    watch.context.run(() -> stub.watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(resumeAfter).build(), watch.events));
    return watch;
  }

  private static Camera draft(String id, int n) {
    return Camera.newBuilder()
        .setId(id)
        .setName("Cluster camera " + id)
        .setKind(CameraKind.CAMERA_KIND_CITY_CCTV)
        .setLocation(GeoPoint.newBuilder().setLatitude(38.03 + n * 1e-5).setLongitude(-84.49 - n * 1e-5))
        .build();
  }

  private static Camera create(int broker, String id, int n) throws Exception {
    return cluster.as(broker, "ada", CameraDirectoryGrpc.newBlockingStub(cluster.channel(broker)))
        .createCamera(CreateCameraRequest.newBuilder().setCamera(draft(id, n)).build());
  }

  @Test
  void aWriteThroughOneBrokerReachesEveryBrokersWatchersWithinOneSecond() throws Exception {
    List<CameraWatch> watches = new ArrayList<>();
    for (int broker = 0; broker < cluster.size(); broker++) {
      CameraWatch watch = watch(broker, 0);
      watch.awaitSynced(new ArrayList<>());
      watches.add(watch);
    }
    try {
      for (int writer = 0; writer < cluster.size(); writer++) {
        String id = "fanout-" + writer;
        long wroteAt = System.nanoTime();
        create(writer, id, writer);
        for (int broker = 0; broker < cluster.size(); broker++) {
          long left = 1000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wroteAt);
          assertTrue(watches.get(broker).awaitUpsert(id, left),
              "camera " + id + " written through broker " + writer + " did not reach broker " + broker + "'s watcher within 1 s");
          assertTrue(cluster.broker(broker).broker().cameras().get(id).isPresent(), "broker " + broker + "'s directory lacks " + id);
        }
      }
    } finally {
      watches.forEach(watch -> watch.context.cancel(null));
    }
  }

  @Test
  void oneCameraCreatedThroughTwoBrokersAtOnceIsCreatedOnceAndTheOtherHearsAlreadyExists() throws Exception {
    for (int n = 0; n < 20; n++) {
      String id = "race-" + n;
      int position = n;
      assertEquals(Set.of(Status.Code.OK, Status.Code.ALREADY_EXISTS),
          Race.outcomes(List.of(() -> create(0, id, position), () -> create(1, id, position))), "camera " + id);
    }
  }

  @Test
  void aClientResumesOnAnotherBrokerWithExactlyTheChangesItMissed() throws Exception {
    CameraWatch first = watch(0, 0);
    long seen = first.awaitSynced(new ArrayList<>());
    first.context.cancel(null);

    Set<String> missed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      missed.add(create(1, "missed-" + i, 10 + i).getId());
    }
    // Straight away on a third broker: its listener may not have applied them yet, the resume must still find them.
    CameraWatch resumed = watch(2, seen);
    try {
      List<String> caughtUp = new ArrayList<>();
      CameraEvent last;
      do {
        last = resumed.events.poll(10, TimeUnit.SECONDS);
        assertNotNull(last, "no sync point after the catch-up");
        assertFalse(last.hasReset(), "the resume point was refused: " + last);
        if (last.hasUpserted()) {
          caughtUp.add(last.getUpserted().getId());
        }
      } while (!last.hasSynced());
      assertFalse(last.getSynced().getAfterSnapshot(), "a catch-up, not a snapshot");
      assertEquals(missed, new HashSet<>(caughtUp), "exactly the cameras written while away");
      assertEquals(3, caughtUp.size(), "each once");
    } finally {
      resumed.context.cancel(null);
    }
  }

  @Test
  void theAuditChainStaysOneChainUnder200ConcurrentAppendsSpreadOverTheBrokers() throws Exception {
    long before = cluster.as(0, "sam", AuditServiceGrpc.newBlockingStub(cluster.channel(0))).verifyAudit(Empty.getDefaultInstance()).getRowsChecked();
    ExecutorService writers = Executors.newFixedThreadPool(12);
    try {
      List<Future<Camera>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        writes.add(writers.submit(() -> create(n % cluster.size(), "chain-" + n, 100 + n)));
      }
      for (Future<Camera> write : writes) {
        write.get(60, TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }
    for (int broker = 0; broker < cluster.size(); broker++) {
      AuditVerification verification =
          cluster.as(broker, "sam", AuditServiceGrpc.newBlockingStub(cluster.channel(broker))).verifyAudit(Empty.getDefaultInstance());
      assertTrue(verification.getIntact(), "broken at row " + verification.getFirstBrokenSequence() + ": " + verification.getProblem());
      assertTrue(verification.getRowsChecked() >= before + 200,
          "200 audited writes, yet the chain grew from " + before + " to " + verification.getRowsChecked() + " rows");
    }
  }

  @Test
  void aRevocationThroughOneBrokerEndsASessionOpenedThroughAnotherWithinTwoSecondsAndTheViewerHearsItAtAThird() throws Exception {
    LiveShareGrant always = cluster.as(0, "ana", ConsentServiceGrpc.newBlockingStub(cluster.channel(0)))
        .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList().stream()
        .filter(grant -> grant.getScope() == GrantScope.GRANT_SCOPE_ALWAYS).findFirst().orElseThrow();
    EventQueue<SessionEvent> events = new EventQueue<>();
    Context.CancellableContext watching = Context.current().withCancellation();
    // The analyst's session watch is on broker 2, its view opened through broker 1, the owner revokes through broker 0.
    var sessions = cluster.as(2, "ana", StreamServiceGrpc.newStub(cluster.channel(2))).withDeadline(null);
    watching.run(() -> sessions.watchSessions(Empty.getDefaultInstance(), events));
    try {
      assertEquals(SessionEventType.SESSION_EVENT_TYPE_SYNCED, events.poll(10, TimeUnit.SECONDS).getType());
      StreamTicket ticket = cluster.as(1, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(1)))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(always.getCameraId()).setPurpose(CASE).build());
      SessionEvent opened = events.poll(10, TimeUnit.SECONDS);
      assertEquals(SessionEventType.SESSION_EVENT_TYPE_OPENED, opened.getType(), "broker 2 relays the opening at broker 1");
      assertEquals(ticket.getSessionId(), opened.getSessionId());
      String query = ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
      String path = "cam/" + always.getCameraId() + "/main";
      for (int broker = 0; broker < cluster.size(); broker++) {
        assertEquals(200, cluster.broker(broker).askAuthHook(path, query), "a ticket broker 1 issued validates at broker " + broker);
      }

      long revokedAt = System.nanoTime();
      cluster.broker(0).broker().grants().revoke(new Actor("owner:" + always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
      SessionEvent ended = events.poll(2, TimeUnit.SECONDS);
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
      assertTrue(ended != null && ended.getType() == SessionEventType.SESSION_EVENT_TYPE_TERMINATED,
          "no termination reached the watch on broker 2 within 2 s of the revocation through broker 0: " + ended);
      assertEquals(TerminationReason.TERMINATION_REASON_CONSENT_REVOKED, ended.getTerminationReason());
      assertEquals(ticket.getSessionId(), ended.getSessionId());
      assertTrue(elapsedMillis <= 2000, "terminated after " + elapsedMillis + " ms");
      for (int broker = 0; broker < cluster.size(); broker++) {
        assertEquals(401, cluster.broker(broker).askAuthHook(path, query), "the revoked ticket stops validating at broker " + broker);
      }
    } finally {
      watching.cancel(null);
    }
  }

  @Test
  void aViewOpenedThroughOneBrokerIsRenewedAndClosedThroughOthersAndItsTicketStopsValidatingEverywhere() throws Exception {
    String cameraId = cluster.as(0, "ana", CameraDirectoryGrpc.newBlockingStub(cluster.channel(0)))
        .listCameras(org.watchfloor.proto.v1.ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_TRAFFIC).setPageSize(1).build())
        .getCameras(0).getId();
    StreamTicket ticket = cluster.as(1, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(1)))
        .openLive(OpenLiveRequest.newBuilder().setCameraId(cameraId).setPurpose(CASE).build());
    StreamTicket renewed = cluster.as(2, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(2)))
        .renewTicket(org.watchfloor.proto.v1.RenewTicketRequest.newBuilder().setSessionId(ticket.getSessionId()).build());
    assertEquals(ticket.getUrl(), renewed.getUrl(), "a renewal through another broker keeps the URL");
    String query = ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
    String path = "cam/" + cameraId + "/main";
    for (int broker = 0; broker < cluster.size(); broker++) {
      assertEquals(200, cluster.broker(broker).askAuthHook(path, query), "the renewed ticket validates at broker " + broker);
    }
    cluster.as(0, "ana", StreamServiceGrpc.newBlockingStub(cluster.channel(0)))
        .closeSession(org.watchfloor.proto.v1.CloseSessionRequest.newBuilder().setSessionId(ticket.getSessionId()).build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (int broker = 0; broker < cluster.size(); broker++) {
      while (cluster.broker(broker).askAuthHook(path, query) != 401) {
        assertTrue(System.nanoTime() < deadline, "the closed session's ticket still validates at broker " + broker + " after 2 s");
        Thread.sleep(20);
      }
    }
  }

  @Test
  void oneOfTwoBrokersLeadsTheScheduledWorkAndTheOtherTakesOverWithinSecondsWhenItStops() throws Exception {
    try (BrokerCluster two = BrokerCluster.start(2)) {
      int leader = two.awaitLeader(10);
      Thread.sleep(1500);
      assertEquals(leader, two.awaitLeader(1), "the broker that does not lead leaves a live leader alone");
      two.stop(leader);
      long stoppedAt = System.nanoTime();
      int next = two.awaitLeader(5);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
      assertNotEquals(leader, next);
      assertTrue(tookMillis < 5000, "took over after " + tookMillis + " ms");
    }
  }
}
