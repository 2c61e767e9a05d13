package org.watchfloor.server.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AddBookmarkRequest;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.GetTimelineRequest;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.ListIncidentsRequest;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.SearchLprHitsRequest;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.store.ProtoTime;

/** The demo's incidents over a real channel: listing, timelines, bookmarks and the audited plate search. */
class IncidentServiceTest {

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void analystsSeeOpenIncidentsTimelinesAndBookmarkThemButAdminsDoNot(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var analyst = fixture.as("ana", IncidentServiceGrpc.newBlockingStub(fixture.channel()));
      var open = analyst.listIncidents(ListIncidentsRequest.newBuilder().setStatus(IncidentStatus.INCIDENT_STATUS_OPEN).build());
      assertEquals(2, open.getIncidentsCount());
      var robbery = open.getIncidentsList().stream().filter(i -> i.getPriority() == Priority.PRIORITY_EMERGENCY).findFirst().orElseThrow();
      assertEquals("412 N Limestone", robbery.getAddress());

      var timeline = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      assertTrue(timeline.getEventsList().stream().anyMatch(e -> e.getType() == TimelineEventType.TIMELINE_EVENT_TYPE_CAD_NOTE));
      assertEquals(500, timeline.getRadiusMeters());

      var bookmark =
          analyst.addBookmark(AddBookmarkRequest.newBuilder().setIncidentId(robbery.getId()).setAt(ProtoTime.toTimestamp(Instant.now())).setNote("suspect passes the market").build());
      assertEquals("ana", bookmark.getAuthor());
      var after = analyst.getTimeline(GetTimelineRequest.newBuilder().setIncidentId(robbery.getId()).build());
      assertEquals(timeline.getEventsCount() + 1, after.getEventsCount());
      assertTrue(after.getIncident().getRevision() > robbery.getRevision(), "a bookmark gives the incident a new revision");

      StatusRuntimeException admin =
          assertThrows(StatusRuntimeException.class,
              () -> fixture.as("ada", IncidentServiceGrpc.newBlockingStub(fixture.channel())).listIncidents(ListIncidentsRequest.getDefaultInstance()));
      assertEquals(Status.Code.PERMISSION_DENIED, admin.getStatus().getCode());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aPlateSearchNeedsACaseNumberAndIsAuditedWithIt(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var analyst = fixture.as("ana", IncidentServiceGrpc.newBlockingStub(fixture.channel()));
      Timestamp weekAgo = ProtoTime.toTimestamp(Instant.now().minus(Duration.ofDays(7)));
      Timestamp now = ProtoTime.toTimestamp(Instant.now());
      SearchLprHitsRequest.Builder search =
          SearchLprHitsRequest.newBuilder().setPlate("917*").setWindowStart(weekAgo).setWindowEnd(now);

      StatusRuntimeException noCase = assertThrows(StatusRuntimeException.class, () -> analyst.searchLprHits(search.build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, noCase.getStatus().getCode());
      assertTrue(noCase.getStatus().getDescription().startsWith("purpose.case_number"));

      var hits = analyst.searchLprHits(search.setPurpose(Purpose.newBuilder().setCaseNumber("LEX-26-116455").setReason("stolen CR-V")).build());
      assertEquals(1, hits.getHitsCount());
      assertEquals("917PXW", hits.getHits(0).getPlate());

      var audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()));
      var rows = audit.queryAudit(QueryAuditRequest.newBuilder().setAction("LPR_SEARCH").build()).getEventsList();
      assertEquals(1, rows.size(), "the refused search stores nothing; the search that ran is audited once");
      assertEquals("LEX-26-116455", rows.get(0).getPurpose().getCaseNumber());
      assertEquals("lpr:917*", rows.get(0).getTarget());
      assertTrue(rows.get(0).getDetail().endsWith("1 reads"), rows.get(0).getDetail());
    }
  }
}
