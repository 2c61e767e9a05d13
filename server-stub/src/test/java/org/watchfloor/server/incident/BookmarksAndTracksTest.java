package org.watchfloor.server.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AddBookmarkRequest;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.DeleteTrackRequest;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.GetTimelineRequest;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.ListEvidenceHoldsRequest;
import org.watchfloor.proto.v1.ListIncidentsRequest;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RetentionServiceGrpc;
import org.watchfloor.proto.v1.SaveTrackRequest;
import org.watchfloor.proto.v1.Timeline;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.Track;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.store.ProtoTime;

/** Bookmarks that keep their camera window on evidence hold, and tracks ordering them, over a real channel. */
class BookmarksAndTracksTest {

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aCameraBookmarkHoldsItsWindowForTheIncidentsCaseAndBadBookmarksStoreNothing(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var analyst = fixture.as("ana", IncidentServiceGrpc.newBlockingStub(fixture.channel()));
      Incident robbery = robbery(analyst);
      Timeline before = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      String camera = before.getRecordings(0).getCameraId();
      Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(120);

      TimelineEvent bookmark = analyst.addBookmark(AddBookmarkRequest.newBuilder().setIncidentId(robbery.getId()).setCameraId(camera)
          .setAt(ProtoTime.toTimestamp(at)).setNote("grey sedan turns east").setPreRoll(Durations.fromSeconds(5)).setPostRoll(Durations.fromSeconds(20)).build());
      assertEquals(at.minusSeconds(5), ProtoTime.toInstant(bookmark.getWindowStart()));
      assertEquals(at.plusSeconds(20), ProtoTime.toInstant(bookmark.getWindowEnd()));

      var supervisor = fixture.as("sam", RetentionServiceGrpc.newBlockingStub(fixture.channel()));
      EvidenceHold hold = supervisor.listEvidenceHolds(ListEvidenceHoldsRequest.getDefaultInstance()).getHoldsList().stream()
          .filter(h -> h.getId().equals(bookmark.getHoldId())).findFirst().orElseThrow();
      assertEquals(camera, hold.getCameraId());
      assertEquals(bookmark.getWindowStart(), hold.getWindowStart());
      assertEquals(bookmark.getWindowEnd(), hold.getWindowEnd());
      assertEquals(robbery.getCadNumber(), hold.getPurpose().getCaseNumber());
      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("HOLD_PLACED").build()).getEventsList();
      assertTrue(audit.stream().anyMatch(row -> row.getTarget().equals("hold:" + hold.getId()) && row.getUserId().equals(bookmark.getAuthorUserId())),
          "the hold is audited as placed by the bookmark's author: " + audit);

      AddBookmarkRequest good = AddBookmarkRequest.newBuilder().setIncidentId(robbery.getId()).setCameraId(camera)
          .setAt(ProtoTime.toTimestamp(at)).setNote("again").build();
      refused(Status.Code.INVALID_ARGUMENT, "note", () -> analyst.addBookmark(good.toBuilder().setNote(" ").build()));
      refused(Status.Code.INVALID_ARGUMENT, "at", () -> analyst.addBookmark(good.toBuilder().setAt(ProtoTime.toTimestamp(Instant.now().plusSeconds(600))).build()));
      refused(Status.Code.INVALID_ARGUMENT, "pre_roll", () -> analyst.addBookmark(good.toBuilder().setPreRoll(Durations.fromMinutes(11)).build()));
      refused(Status.Code.INVALID_ARGUMENT, "post_roll",
          () -> analyst.addBookmark(good.toBuilder().setPreRoll(Durations.ZERO).setPostRoll(Durations.ZERO).build()));
      refused(Status.Code.NOT_FOUND, "camera_id", () -> analyst.addBookmark(good.toBuilder().setCameraId("cam-nowhere").build()));
      refused(Status.Code.NOT_FOUND, "incident_id", () -> analyst.addBookmark(good.toBuilder().setIncidentId("inc-nowhere").build()));

      Timeline after = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      assertEquals(before.getEventsCount() + 1, after.getEventsCount(), "only the good bookmark was stored");
      assertEquals(1, supervisor.listEvidenceHolds(ListEvidenceHoldsRequest.getDefaultInstance()).getHoldsList().stream()
          .filter(h -> h.getPurpose().getCaseNumber().equals(robbery.getCadNumber()) && h.getCameraId().equals(camera)).count());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aTrackOrdersCameraBookmarksAndAStaleChangeIsAborted(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var analyst = fixture.as("ana", IncidentServiceGrpc.newBlockingStub(fixture.channel()));
      var supervisor = fixture.as("sam", IncidentServiceGrpc.newBlockingStub(fixture.channel()));
      Incident robbery = robbery(analyst);
      Timeline timeline = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      Instant at = Instant.now().minusSeconds(300);
      List<TimelineEvent> steps = List.of(
          bookmark(analyst, robbery, timeline.getRecordings(0).getCameraId(), at, "leaves the market"),
          bookmark(analyst, robbery, timeline.getRecordings(1).getCameraId(), at.plusSeconds(40), "crosses Limestone"));
      TimelineEvent note = analyst.addBookmark(AddBookmarkRequest.newBuilder().setIncidentId(robbery.getId())
          .setAt(ProtoTime.toTimestamp(at)).setNote("caller hangs up").build());

      Track track = analyst.saveTrack(SaveTrackRequest.newBuilder().setIncidentId(robbery.getId()).setName("Suspect on foot")
          .addBookmarkIds(steps.get(0).getId()).addBookmarkIds(steps.get(1).getId()).build());
      Timeline withTrack = supervisor.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      assertEquals(List.of(track), withTrack.getTracksList());
      assertEquals(track.getRevision(), withTrack.getIncident().getRevision(), "saving a track gives the incident a new revision, watchers refetch");

      Track reversed = supervisor.saveTrack(SaveTrackRequest.newBuilder().setIncidentId(robbery.getId()).setTrackId(track.getId())
          .setName("Suspect on foot").addBookmarkIds(steps.get(1).getId()).addBookmarkIds(steps.get(0).getId())
          .setExpectedRevision(track.getRevision()).build());
      assertEquals(List.of(steps.get(1).getId(), steps.get(0).getId()), reversed.getBookmarkIdsList());
      assertEquals("sam", reversed.getAuthor());

      SaveTrackRequest stale = SaveTrackRequest.newBuilder().setIncidentId(robbery.getId()).setTrackId(track.getId()).setName("Mine")
          .addBookmarkIds(steps.get(0).getId()).setExpectedRevision(track.getRevision()).build();
      refused(Status.Code.ABORTED, "track " + track.getId(), () -> analyst.saveTrack(stale));
      refused(Status.Code.NOT_FOUND, "bookmark_ids", () -> analyst.saveTrack(stale.toBuilder().setExpectedRevision(reversed.getRevision())
          .addBookmarkIds(note.getId()).build()));
      refused(Status.Code.INVALID_ARGUMENT, "bookmark_ids", () -> analyst.saveTrack(stale.toBuilder().setExpectedRevision(reversed.getRevision())
          .addBookmarkIds(steps.get(0).getId()).build()));
      refused(Status.Code.INVALID_ARGUMENT, "expected_revision", () -> analyst.saveTrack(stale.toBuilder().clearExpectedRevision().build()));
      refused(Status.Code.ABORTED, "track " + track.getId(), () -> analyst.deleteTrack(DeleteTrackRequest.newBuilder()
          .setIncidentId(robbery.getId()).setTrackId(track.getId()).setExpectedRevision(track.getRevision()).build()));
      assertEquals(List.of(reversed), analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build()).getTracksList(),
          "refused changes changed nothing");

      analyst.deleteTrack(DeleteTrackRequest.newBuilder().setIncidentId(robbery.getId()).setTrackId(track.getId())
          .setExpectedRevision(reversed.getRevision()).build());
      Timeline without = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      assertEquals(0, without.getTracksCount());
      assertTrue(without.getEventsList().containsAll(steps), "the bookmarks stay when their track goes");
    }
  }

  private static Incident robbery(IncidentServiceGrpc.IncidentServiceBlockingStub analyst) {
    return analyst.listIncidents(ListIncidentsRequest.newBuilder().setStatus(IncidentStatus.INCIDENT_STATUS_OPEN).build()).getIncidentsList().stream()
        .filter(incident -> incident.getPriority() == Priority.PRIORITY_EMERGENCY).findFirst().orElseThrow();
  }

  private static TimelineEvent bookmark(IncidentServiceGrpc.IncidentServiceBlockingStub analyst, Incident incident, String camera, Instant at, String note) {
    return analyst.addBookmark(AddBookmarkRequest.newBuilder().setIncidentId(incident.getId()).setCameraId(camera)
        .setAt(ProtoTime.toTimestamp(at)).setNote(note).build());
  }

  private static void refused(Status.Code code, String messageStart, Executable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, refused.getStatus().getCode(), refused.getStatus().toString());
    assertTrue(refused.getStatus().getDescription().startsWith(messageStart), refused.getStatus().getDescription());
  }
}
