package org.watchfloor.server.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.PlaceEvidenceHoldRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.TicketKind;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.LiftEvidenceHoldRequest;
import org.watchfloor.proto.v1.ListEvidenceHoldsRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RetentionClassPreview;
import org.watchfloor.proto.v1.RetentionPreview;
import org.watchfloor.proto.v1.RetentionServiceGrpc;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.consent.EvidenceLocker;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.sim.SettableClock;
import org.watchfloor.server.store.AuditStore;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.FootageRequestStore;
import org.watchfloor.server.store.IncidentStore;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.store.SessionStore;
import org.watchfloor.server.transparency.PublicFigureReader;
import org.watchfloor.server.transparency.PublicTrustSettings;

/**
 * The daily purge with a clock the test moves, on H2 and PostgreSQL: plate reads, session records and
 * owner clips (with their files) past their period are removed, what an evidence hold covers stays
 * until the hold is lifted, one audit row per run counts it all, a second run for the same day does
 * nothing (also when two brokers race), the preview agrees with the run, and the public figures follow.
 */
class RetentionPurgeTest {

  /** 2026-12-02 12:00 UTC: today's 03:00 purge is due. */
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Actor SUPERVISOR = new Actor("usr-sup", "sam");
  private static final Purpose HOLD_CASE = Purpose.newBuilder().setCaseNumber("LEX-26-900001").setReason("homicide, preserve everything").build();

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void expiredDataGoesHeldDataStaysAndEveryRunIsAuditedOnce(TestDatabase.Kind kind) throws Exception {
    Path folder = Files.createTempDirectory("watchfloor-retention-");
    try (TestDatabase store = TestDatabase.open(kind)) {
      World world = new World(store.database(), folder);
      world.read("lpr-old-free", "inc-free", "lpr-1", NOW.minus(Duration.ofDays(100)));
      world.read("lpr-old-held-incident", "inc-held", "lpr-1", NOW.minus(Duration.ofDays(100)));
      world.read("lpr-recent", "inc-free", "lpr-1", NOW.minus(Duration.ofDays(10)));
      world.read("lpr-old-held-window", "inc-free", "lpr-9", NOW.minus(Duration.ofDays(100)));
      world.session("ses-old", "cam-1", NOW.minus(Duration.ofDays(400)), Optional.of(NOW.minus(Duration.ofDays(400))));
      world.session("ses-old-held", "cam-2", NOW.minus(Duration.ofDays(400)), Optional.of(NOW.minus(Duration.ofDays(400))));
      world.session("ses-recent", "cam-1", NOW.minus(Duration.ofDays(10)), Optional.of(NOW.minus(Duration.ofDays(10))));
      world.session("ses-open-since-long", "cam-1", NOW.minus(Duration.ofDays(400)), Optional.empty());
      byte[] video = Files.readAllBytes(Path.of(RetentionPurgeTest.class.getResource("/portal/front-door.mp4").toURI()));
      SharedClip oldClip = world.clip("clp-old", "cam-3", video, NOW.minus(Duration.ofDays(200)));
      SharedClip recentClip = world.clip("clp-recent", "cam-3", concat(video, new byte[] {1}), NOW.minus(Duration.ofDays(10)));
      SharedClip heldClip = world.clip("clp-held", "cam-3", concat(video, new byte[] {2}), NOW.minus(Duration.ofDays(200)));
      world.request("req-free", "inc-free", oldClip, recentClip);
      world.request("req-held", "inc-held", heldClip);

      EvidenceHold incidentHold = world.holds.place(SUPERVISOR, PlaceEvidenceHoldRequest.newBuilder().setIncidentId("inc-held").setPurpose(HOLD_CASE).build());
      world.holds.place(SUPERVISOR, PlaceEvidenceHoldRequest.newBuilder().setCameraId("lpr-9").setPurpose(HOLD_CASE)
          .setWindowStart(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(101)))).setWindowEnd(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(99)))).build());
      world.holds.place(SUPERVISOR, PlaceEvidenceHoldRequest.newBuilder().setCameraId("cam-2").setPurpose(HOLD_CASE)
          .setWindowStart(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(401)))).setWindowEnd(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(399)))).build());
      Rejection both = assertThrows(Rejection.class, () -> world.holds.place(SUPERVISOR,
          PlaceEvidenceHoldRequest.newBuilder().setIncidentId("inc-held").setCameraId("cam-2").setPurpose(HOLD_CASE).build()));
      assertEquals("incident_id: give an incident or a camera window, not both and not neither", both.getMessage());
      assertEquals(4, world.figures.read(NOW).hotlistHits().yearToDate());

      assertEquals(NOW, world.purge.nextRunAt(), "today's purge has not run: it is due now");
      Map<DataClass, RetentionPurge.ClassOutcome> preview = byClass(world.purge.preview(NOW));
      RetentionPurge.Run run = world.purge.runIfDue().orElseThrow();
      for (RetentionPurge.ClassOutcome outcome : run.classes()) {
        assertEquals(preview.get(outcome.dataClass()).removed(), outcome.removed(), "the preview said what the run did: " + outcome.dataClass());
        assertEquals(preview.get(outcome.dataClass()).held(), outcome.held(), outcome.dataClass().name());
      }
      Map<DataClass, RetentionPurge.ClassOutcome> outcomes = byClass(run.classes());
      assertEquals(List.of(1L, 2L), List.of(outcomes.get(DataClass.LPR_READS).removed(), outcomes.get(DataClass.LPR_READS).held()));
      assertEquals(List.of(1L, 1L), List.of(outcomes.get(DataClass.VIEWING_SESSIONS).removed(), outcomes.get(DataClass.VIEWING_SESSIONS).held()));
      assertEquals(List.of(1L, 1L), List.of(outcomes.get(DataClass.OWNER_SHARED_CLIPS).removed(), outcomes.get(DataClass.OWNER_SHARED_CLIPS).held()));
      assertEquals(0, outcomes.get(DataClass.CENTER_RECORDINGS).removed());

      assertEquals(List.of("lpr-old-held-incident", "lpr-old-held-window", "lpr-recent"), world.readIds());
      RetentionPurge.ClassOutcome sessionsLater = byClass(world.purge.preview(NOW.plus(Duration.ofDays(400)))).get(DataClass.VIEWING_SESSIONS);
      assertEquals(List.of(1L, 1L), List.of(sessionsLater.removed(), sessionsLater.held()),
          "left: the recent and the held record (an open session is never removed)");
      assertEquals(0, byClass(world.purge.preview(NOW)).get(DataClass.VIEWING_SESSIONS).removed(), "the expired record is gone");
      assertEquals(List.of("clp-recent"), world.clipIds("req-free"));
      assertEquals(List.of("clp-held"), world.clipIds("req-held"));
      assertFalse(world.evidence.find(oldClip.getSha256()).isPresent(), "the expired clip's file is gone");
      assertTrue(world.evidence.find(recentClip.getSha256()).isPresent());
      assertTrue(world.evidence.find(heldClip.getSha256()).isPresent());
      assertEquals(3, world.figures.read(NOW).hotlistHits().yearToDate(), "the public figures follow the purge");
      assertEquals(1, world.figures.read(NOW.plusSeconds(1)).retentionPurges().last30Days(), "the page counts the purge's audit row");

      List<AuditStore.AuditRow> purges = world.purgeRows();
      assertEquals(1, purges.size());
      assertEquals("system", purges.get(0).userId());
      assertEquals("retention:2026-12-02", purges.get(0).target());
      assertTrue(purges.get(0).detail().startsWith("lprReads: removed 1, held 2, kept 90 days (cutoff 2026-09-03T12:00:00Z); centerRecordings: removed 0, held 0"),
          purges.get(0).detail());
      assertTrue(purges.get(0).detail().contains("ownerSharedClips: removed 1, held 1") && purges.get(0).detail().contains("viewingSessions: removed 1, held 1"));
      assertTrue(world.purge.runIfDue().isEmpty(), "today's purge already ran");
      assertEquals(NOW.plus(Duration.ofDays(1)).minus(Duration.ofHours(9)), world.purge.nextRunAt(), "next: tomorrow 03:00 UTC");
      assertEquals(1, world.purgeRows().size());

      world.holds.lift(SUPERVISOR, incidentHold.getId(), "case closed, evidence exported");
      assertThrows(Rejection.class, () -> world.holds.lift(SUPERVISOR, incidentHold.getId(), "again"));
      world.clock.advance(Duration.ofDays(1));
      RetentionPurge second = new RetentionPurge(store.database(), world.audit, world.footage, world.evidence, RetentionRules.defaults(), world.clock);
      List<Optional<RetentionPurge.Run>> raced = race(world.purge::runIfDue, second::runIfDue);
      assertEquals(1, raced.stream().filter(Optional::isPresent).count(), "two brokers, one purge: " + raced);
      RetentionPurge.Run afterLift = raced.stream().flatMap(Optional::stream).findFirst().orElseThrow();
      assertEquals(1, afterLift.removed(DataClass.LPR_READS), "the lifted hold's read goes");
      assertEquals(1, afterLift.removed(DataClass.OWNER_SHARED_CLIPS), "and its clip");
      assertEquals(List.of("lpr-old-held-window", "lpr-recent"), world.readIds());
      assertFalse(world.evidence.find(heldClip.getSha256()).isPresent());
      assertEquals(2, world.purgeRows().size());
      assertTrue(world.audit.verify().intact(), "the audit chain is whole; no audit row was ever removed");
    } finally {
      TestDatabase.deleteTree(folder);
    }
  }

  @org.junit.jupiter.api.Test
  void aSupervisorHoldsAnIncidentThroughTheBrokerAndTheDemosFirstPurgeRemovedItsExpiredPlateRead() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      AuditEvent purged = fixture.awaitAuditRow("RETENTION_PURGED");
      assertTrue(purged.getDetail().startsWith("lprReads: removed 1, held 0"), "the demo's 95-day-old read went at start: " + purged.getDetail());

      PlaceEvidenceHoldRequest hold = PlaceEvidenceHoldRequest.newBuilder().setIncidentId("inc-001").setPurpose(HOLD_CASE).build();
      StatusRuntimeException analyst = assertThrows(StatusRuntimeException.class,
          () -> fixture.as("ana", RetentionServiceGrpc.newBlockingStub(fixture.channel())).placeEvidenceHold(hold));
      assertEquals(Status.Code.PERMISSION_DENIED, analyst.getStatus().getCode());
      var supervisor = fixture.as("sam", RetentionServiceGrpc.newBlockingStub(fixture.channel()));
      StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
          () -> supervisor.placeEvidenceHold(hold.toBuilder().setIncidentId("inc-nope").build()));
      assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
      assertEquals("incident_id: incident inc-nope not found", unknown.getStatus().getDescription());
      EvidenceHold placed = supervisor.placeEvidenceHold(hold);
      assertEquals("inc-001", placed.getIncidentId());
      assertFalse(placed.getLifted());

      RetentionPreview preview = fixture.as("sam", RetentionServiceGrpc.newBlockingStub(fixture.channel())).previewRetention(Empty.getDefaultInstance());
      assertEquals(List.of("lprReads", "centerRecordings", "ownerSharedClips", "viewingSessions", "deletedCameraAddresses"),
          preview.getClassesList().stream().map(RetentionClassPreview::getDataClass).toList());
      assertEquals(90, preview.getClasses(0).getDays());
      assertEquals(1, preview.getActiveHolds());
      Instant next = ProtoTime.toInstant(preview.getNextRunAt());
      assertEquals(RetentionPurge.slotAtOrBefore(Instant.now()).plus(Duration.ofDays(1)), next, "today's purge ran at start; the next is tomorrow 03:00 UTC");

      EvidenceHold lifted = supervisor.liftEvidenceHold(LiftEvidenceHoldRequest.newBuilder().setHoldId(placed.getId()).setReason("case closed").build());
      assertTrue(lifted.getLifted());
      assertEquals(0, supervisor.listEvidenceHolds(ListEvidenceHoldsRequest.getDefaultInstance()).getHoldsCount());
      assertEquals(1, supervisor.listEvidenceHolds(ListEvidenceHoldsRequest.newBuilder().setIncludeLifted(true).build()).getHoldsCount());
      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()));
      AuditEvent placedRow = audit.queryAudit(QueryAuditRequest.newBuilder().setAction("HOLD_PLACED").build()).getEvents(0);
      assertEquals("hold:" + placed.getId(), placedRow.getTarget());
      assertEquals(HOLD_CASE.getCaseNumber(), placedRow.getPurpose().getCaseNumber());
      assertEquals("sam", placedRow.getUsername());
      assertEquals(1, audit.queryAudit(QueryAuditRequest.newBuilder().setAction("HOLD_LIFTED").build()).getEventsCount());
    }
  }

  @org.junit.jupiter.api.Test
  void aRecordingPastThePublishedPeriodIsNotTicketedUnlessAHoldKeepsItsWindowAndTheRefusalIsAudited() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      String traffic = fixture.as("ana", org.watchfloor.proto.v1.CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
          .listCameras(org.watchfloor.proto.v1.ListCamerasRequest.newBuilder().addKinds(org.watchfloor.proto.v1.CameraKind.CAMERA_KIND_TRAFFIC)
              .setPageSize(1).build()).getCameras(0).getId();
      var streams = fixture.as("ana", org.watchfloor.proto.v1.StreamServiceGrpc.newBlockingStub(fixture.channel()));
      Instant now = Instant.now();
      org.watchfloor.proto.v1.OpenPlaybackRequest recent = org.watchfloor.proto.v1.OpenPlaybackRequest.newBuilder().setCameraId(traffic)
          .setPurpose(HOLD_CASE).setStart(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(10))))
          .setEnd(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(5)))).build();
      org.watchfloor.proto.v1.OpenPlaybackRequest old = recent.toBuilder()
          .setStart(ProtoTime.toTimestamp(now.minus(Duration.ofDays(40)))).setEnd(ProtoTime.toTimestamp(now.minus(Duration.ofDays(40)).plusSeconds(300))).build();
      streams.openPlayback(recent); // within the 30 days the demo publishes

      StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, () -> streams.openPlayback(old));
      assertEquals(Status.Code.FAILED_PRECONDITION, expired.getStatus().getCode());
      assertTrue(expired.getStatus().getDescription().startsWith("start: the center keeps recordings 30 days (its published retention)"),
          expired.getStatus().getDescription());
      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()));
      AuditEvent refused = audit.queryAudit(QueryAuditRequest.newBuilder().setAction("PLAYBACK_REFUSED").build()).getEvents(0);
      assertEquals("camera:" + traffic, refused.getTarget());
      assertEquals(HOLD_CASE.getCaseNumber(), refused.getPurpose().getCaseNumber());

      // A supervisor's hold on that camera's window keeps it: the same playback is now ticketed, and audited as opened.
      fixture.as("sam", RetentionServiceGrpc.newBlockingStub(fixture.channel())).placeEvidenceHold(PlaceEvidenceHoldRequest.newBuilder()
          .setCameraId(traffic).setWindowStart(ProtoTime.toTimestamp(now.minus(Duration.ofDays(41))))
          .setWindowEnd(ProtoTime.toTimestamp(now.minus(Duration.ofDays(39)))).setPurpose(HOLD_CASE).build());
      assertEquals(traffic, streams.openPlayback(old).getCameraId());
      assertEquals(2, audit.queryAudit(QueryAuditRequest.newBuilder().setAction("PLAYBACK_OPENED").build()).getEventsCount());
      StatusRuntimeException outsideTheHold = assertThrows(StatusRuntimeException.class, () -> streams.openPlayback(old.toBuilder()
          .setStart(ProtoTime.toTimestamp(now.minus(Duration.ofDays(42)))).setEnd(ProtoTime.toTimestamp(now.minus(Duration.ofDays(42)).plusSeconds(300))).build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, outsideTheHold.getStatus().getCode());
    }
  }

  private static Map<DataClass, RetentionPurge.ClassOutcome> byClass(List<RetentionPurge.ClassOutcome> outcomes) {
    Map<DataClass, RetentionPurge.ClassOutcome> map = new java.util.EnumMap<>(DataClass.class);
    outcomes.forEach(outcome -> map.put(outcome.dataClass(), outcome));
    return map;
  }

  private static <T> List<T> race(Callable<T> first, Callable<T> second) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<T> a = threads.submit(first);
      Future<T> b = threads.submit(second);
      return List.of(a.get(), b.get());
    } finally {
      threads.shutdownNow();
    }
  }

  private static byte[] concat(byte[] head, byte[] tail) {
    byte[] joined = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, joined, head.length, tail.length);
    return joined;
  }

  /** The features the purge works with, over one store, and the rows the test puts in it. */
  private static final class World {
    final Database database;
    final SettableClock clock = new SettableClock(NOW);
    final AuditLog audit;
    final EvidenceLocker evidence;
    final FootageDesk footage;
    final EvidenceHolds holds;
    final RetentionPurge purge;
    final PublicFigureReader figures;

    World(Database database, Path folder) throws Exception {
      this.database = database;
      audit = new AuditLog(database, clock);
      evidence = new EvidenceLocker(folder.resolve("evidence"), 10 * 1024 * 1024);
      CameraDirectory cameras = new CameraDirectory(database, audit, org.watchfloor.server.camera.UpstreamVault.fromKeyFile(folder.resolve(org.watchfloor.server.camera.UpstreamVault.KEY_FILE)), clock);
      OwnerRegistry owners = new OwnerRegistry(database, audit, clock);
      footage = new FootageDesk(database, audit, cameras, owners, new ShareLinks(database, clock),
          new Mailer(Optional.empty(), "test@localhost", folder.resolve("outbox"), clock), id -> "http://localhost/" + id, clock);
      holds = new EvidenceHolds(database, audit, id -> id.startsWith("inc-"), id -> true, clock);
      purge = new RetentionPurge(database, audit, footage, evidence, RetentionRules.defaults(), clock);
      figures = new PublicFigureReader(database, PublicTrustSettings.defaults());
      database.inTransaction("world", transaction -> {
        for (String id : List.of("inc-free", "inc-held")) {
          IncidentStore.put(transaction, Incident.newBuilder().setId(id).setCadNumber("CAD-" + id).setStatus(IncidentStatus.INCIDENT_STATUS_CLOSED)
              .setLocation(GeoPoint.newBuilder().setLatitude(38.04).setLongitude(-84.5)).setOpenedAt(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(120)))).build());
        }
        OwnerStore.insert(transaction, Owner.newBuilder().setId("own-1").setDisplayName("Front Door Cafe").setEmail("cafe@example.org")
            .setTimeZone("America/New_York").setCreatedAt(ProtoTime.toTimestamp(NOW.minus(Duration.ofDays(300)))).build());
        return null;
      });
    }

    void read(String id, String incidentId, String cameraId, Instant at) {
      database.inTransaction("read", transaction -> {
        IncidentStore.addEvent(transaction, TimelineEvent.newBuilder().setId(id).setIncidentId(incidentId).setAt(ProtoTime.toTimestamp(at))
            .setType(TimelineEventType.TIMELINE_EVENT_TYPE_LPR_HIT).setCameraId(cameraId)
            .setLprHit(LprHit.newBuilder().setId(id).setPlate("ABC123").setCameraId(cameraId).setAt(ProtoTime.toTimestamp(at)).setHotlist("NCIC")).build(), "ABC123");
        return null;
      });
    }

    void session(String id, String cameraId, Instant openedAt, Optional<Instant> endedAt) {
      database.inTransaction("session", transaction -> {
        SessionStore.open(transaction, StreamTicket.newBuilder().setSessionId(id).setCameraId(cameraId).setKind(TicketKind.TICKET_KIND_LIVE)
            .setExpiresAt(ProtoTime.toTimestamp(openedAt.plus(Duration.ofMinutes(2)))).build(), "usr-ana", "LEX-26-1", openedAt);
        if (endedAt.isPresent()) {
          SessionStore.endIfOpen(transaction, id, endedAt.get(), "CLOSED_BY_USER");
        }
        return null;
      });
    }

    SharedClip clip(String id, String cameraId, byte[] file, Instant uploadedAt) throws Exception {
      EvidenceLocker.Stored stored;
      try (InputStream in = new ByteArrayInputStream(file)) {
        stored = evidence.store(in);
      }
      return SharedClip.newBuilder().setId(id).setCameraId(cameraId).setFileName(id + ".mp4").setContentType("video/mp4")
          .setSizeBytes(stored.sizeBytes()).setSha256(stored.sha256()).setUploadedAt(ProtoTime.toTimestamp(uploadedAt)).build();
    }

    void request(String id, String incidentId, SharedClip... clips) {
      Instant made = NOW.minus(Duration.ofDays(210));
      database.inTransaction("request", transaction -> {
        FootageRequestStore.insert(transaction, FootageRequest.newBuilder().setId(id).setOwnerId("own-1").addCameraIds("cam-3")
            .setStatus(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_FULFILLED)
            .setPurpose(Purpose.newBuilder().setCaseNumber("LEX-26-2").setReason("burglary").setIncidentId(incidentId))
            .setRequesterUserId("usr-ana").setCreatedAt(ProtoTime.toTimestamp(made))
            .setWindowStart(ProtoTime.toTimestamp(made.minus(Duration.ofHours(2)))).setWindowEnd(ProtoTime.toTimestamp(made.minus(Duration.ofHours(1))))
            .setLinkExpiresAt(ProtoTime.toTimestamp(made.plus(Duration.ofDays(7)))).addAllClips(List.of(clips)).build(), id);
        return null;
      });
    }

    List<String> readIds() {
      return database.inTransaction("reads", transaction -> {
        List<String> ids = new java.util.ArrayList<>();
        for (String incident : List.of("inc-free", "inc-held")) {
          IncidentStore.timeline(transaction, incident, Instant.EPOCH, NOW.plus(Duration.ofDays(10))).forEach(event -> ids.add(event.getId()));
        }
        return ids.stream().sorted().toList();
      });
    }

    List<String> clipIds(String requestId) {
      return database.inTransaction("clips", transaction -> FootageRequestStore.find(transaction, requestId).orElseThrow())
          .getClipsList().stream().map(SharedClip::getId).toList();
    }

    List<AuditStore.AuditRow> purgeRows() {
      return audit.query(new AuditStore.AuditFilter("", "", "RETENTION_PURGED", "", "", Optional.empty(), Optional.empty()), 0, false, 100);
    }
  }
}
