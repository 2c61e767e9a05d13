package org.watchfloor.server.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GetCameraRequest;
import org.watchfloor.proto.v1.HotlistHitEvent;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.proto.v1.WatchHotlistHitsRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.sim.SimulatedDispatch;
import org.watchfloor.server.store.ProtoTime;

/**
 * Hotlist hits over a real channel, on H2 and PostgreSQL: the day's hits as a snapshot, new ones
 * live, a resumed stream gets exactly what it missed; and the demo's simulated CAD and LPR feed.
 */
class HotlistHitsTest {

  /** One open WatchHotlistHits call; its events queue up until read. */
  private static final class HitWatch implements AutoCloseable {
    final BlockingQueue<HotlistHitEvent> events = new LinkedBlockingQueue<>();
    private final Context.CancellableContext context = Context.current().withCancellation();

    HitWatch(BrokerFixture fixture, long resumeAfter) throws Exception {
      var stub = IncidentServiceGrpc.newStub(fixture.channel()).withCallCredentials(BrokerFixture.bearer(fixture.token("ana")));
      context.run(() -> stub.watchHotlistHits(WatchHotlistHitsRequest.newBuilder().setResumeAfterRevision(resumeAfter).build(),
          new StreamObserver<>() {
            @Override
            public void onNext(HotlistHitEvent event) {
              events.add(event);
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onCompleted() {}
          }));
    }

    HotlistHitEvent next() throws InterruptedException {
      HotlistHitEvent event = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(event, "no hotlist-hit event within 30 s");
      return event;
    }

    /** The hits up to the next sync point. */
    List<HotlistHitEvent> untilSynced() throws InterruptedException {
      List<HotlistHitEvent> hits = new ArrayList<>();
      for (HotlistHitEvent event = next(); !event.hasSynced(); event = next()) {
        hits.add(event);
      }
      return hits;
    }

    @Override
    public void close() {
      context.cancel(null);
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void hotlistHitsArriveAsTheDaysSnapshotThenLiveAndAResumedWatchGetsExactlyWhatItMissed(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      SimulatedDispatch dispatch = fixture.broker().dispatch().orElseThrow();
      long resumeAfter;
      try (HitWatch watch = new HitWatch(fixture, 0)) {
        List<HotlistHitEvent> snapshot = watch.untilSynced();
        assertTrue(snapshot.stream().anyMatch(event -> event.getUpserted().getPlate().equals("4TR882")),
            "the demo robbery's stolen Altima, read 12 minutes ago, is in the day's snapshot: " + snapshot);
        assertTrue(snapshot.stream().allMatch(event -> !event.getUpserted().getHotlist().isEmpty()), "only hotlist hits");

        // A read that matched no hotlist is not an alert.
        fixture.broker().incidents().addEvent(TimelineEvent.newBuilder().setAt(ProtoTime.toTimestamp(Instant.now()))
            .setType(TimelineEventType.TIMELINE_EVENT_TYPE_LPR_HIT).setLprHit(LprHit.newBuilder().setId("lpr-plain").setPlate("XYZ123")).build());
        LprHit reported = dispatch.reportHotlistHit().orElseThrow();
        HotlistHitEvent live = watch.next();
        assertEquals(reported.getId(), live.getUpserted().getId(), "the plain read never arrives, the hit does");
        LprHit hit = live.getUpserted();
        assertFalse(hit.getPlate().isEmpty());
        assertFalse(hit.getVehicleDescription().isEmpty());
        assertFalse(hit.getHotlist().isEmpty());
        assertFalse(hit.getCaseNumber().isEmpty());
        Camera reader = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
            .getCamera(GetCameraRequest.newBuilder().setCameraId(hit.getCameraId()).build());
        assertEquals(CameraKind.CAMERA_KIND_LPR, reader.getKind());
        assertEquals("openstreetmap", reader.getProvenance().getSource(), "a real Lexington reader");
        resumeAfter = live.getRevision();
      }
      LprHit missed = dispatch.reportHotlistHit().orElseThrow();
      try (HitWatch resumed = new HitWatch(fixture, resumeAfter)) {
        List<HotlistHitEvent> caughtUp = resumed.untilSynced();
        assertEquals(List.of(missed.getId()), caughtUp.stream().map(event -> event.getUpserted().getId()).toList());
        LprHit after = dispatch.reportHotlistHit().orElseThrow();
        assertEquals(after.getId(), resumed.next().getUpserted().getId());
      }
    }
  }

  @Test
  void theDemoFeedReportsHotlistHitsAtTheRateTheBrokerWasStartedWith() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.configured(
            settings -> settings.withSimulatedDispatch(new SimulatedDispatch.Rates(0, 3600)), Clock.systemUTC());
        HitWatch watch = new HitWatch(fixture, 0)) {
      watch.untilSynced();
      // One a second: two within the 30 s each wait allows, though the machine is busy.
      String first = watch.next().getUpserted().getId();
      String second = watch.next().getUpserted().getId();
      assertFalse(first.equals(second));
    }
  }

  @Test
  void theDemoFeedOpensIncidentsBesidePublicCamerasAndEscalatesThem() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      SimulatedDispatch dispatch = fixture.broker().dispatch().orElseThrow();
      Incident opened = dispatch.reportIncident().orElseThrow();
      assertTrue(opened.getCadNumber().startsWith("LEX-"), opened.getCadNumber());
      assertFalse(opened.getAddress().isEmpty());
      for (int i = 0; i < 40; i++) {
        Incident reported = dispatch.reportIncident().orElseThrow();
        List<TimelineEvent> changes = fixture.broker().incidents().timeline(reported.getId(), 0, Optional.empty(), Optional.empty())
            .getEventsList().stream().filter(event -> event.getType() == TimelineEventType.TIMELINE_EVENT_TYPE_STATUS_CHANGE).toList();
        if (!changes.isEmpty()) {
          assertTrue(changes.get(0).getText().matches("Priority (ROUTINE -> URGENT|URGENT -> EMERGENCY)"), changes.get(0).getText());
          assertTrue(reported.getPriority() != Priority.PRIORITY_ROUTINE);
          return;
        }
      }
      fail("in 40 reports none escalated an open simulated incident");
    }
  }
}
