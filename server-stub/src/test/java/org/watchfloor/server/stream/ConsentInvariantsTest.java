package org.watchfloor.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RenewTicketRequest;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.SessionEventType;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.EventQueue;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.audit.Actor;

/**
 * The consent invariants of DESIGN.md, driven through the real gRPC API of a broker over the demo
 * world, on H2 and PostgreSQL: each would fail if its rule were broken.
 */
class ConsentInvariantsTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("armed robbery, suspect on foot").build();

  private static Camera firstOfKind(BrokerFixture fixture, CameraKind kind) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addKinds(kind).setPageSize(1).build()).getCameras(0);
  }

  private static LiveShareGrant grantWith(BrokerFixture fixture, GrantScope scope, GrantStatus status) throws Exception {
    return fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
        .listGrants(ListGrantsRequest.newBuilder().addStatuses(status).setPageSize(1000).build()).getGrantsList().stream()
        .filter(grant -> grant.getScope() == scope).findFirst().orElseThrow();
  }

  private static OpenLiveRequest live(String cameraId, Purpose purpose) {
    return OpenLiveRequest.newBuilder().setCameraId(cameraId).setPurpose(purpose).build();
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aRegisteredLevelOneCameraNeverGetsALiveTicketAndTheRefusalIsAudited(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Camera registered = firstOfKind(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED);
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel())).openLive(live(registered.getId(), CASE)));
      assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
      assertTrue(refused.getStatus().getDescription().startsWith("consent: camera " + registered.getId() + " is a registered (Level 1) camera"));
      var rows = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("LIVE_VIEW_REFUSED").build()).getEventsList();
      assertEquals(1, rows.size());
      assertEquals("camera:" + registered.getId(), rows.get(0).getTarget());
      assertEquals("ana", rows.get(0).getUsername());
      assertEquals(CASE.getCaseNumber(), rows.get(0).getPurpose().getCaseNumber());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aLevelTwoCameraNeedsAnActiveGrantThatCoversThisPurpose(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      LiveShareGrant always = grantWith(fixture, GrantScope.GRANT_SCOPE_ALWAYS, GrantStatus.GRANT_STATUS_ACTIVE);
      StreamTicket ticket = streams.openLive(live(always.getCameraId(), CASE));
      assertEquals(always.getId(), ticket.getGrantId());

      LiveShareGrant paused = grantWith(fixture, GrantScope.GRANT_SCOPE_ALWAYS, GrantStatus.GRANT_STATUS_PAUSED);
      StatusRuntimeException whilePaused = assertThrows(StatusRuntimeException.class, () -> streams.openLive(live(paused.getCameraId(), CASE)));
      assertEquals(Status.Code.PERMISSION_DENIED, whilePaused.getStatus().getCode());
      assertTrue(whilePaused.getStatus().getDescription().contains("paused"), whilePaused.getStatus().getDescription());

      LiveShareGrant emergency = grantWith(fixture, GrantScope.GRANT_SCOPE_EMERGENCY_ONLY, GrantStatus.GRANT_STATUS_ACTIVE);
      StatusRuntimeException noIncident = assertThrows(StatusRuntimeException.class, () -> streams.openLive(live(emergency.getCameraId(), CASE)));
      assertTrue(noIncident.getStatus().getDescription().contains("purpose.incident_id"), noIncident.getStatus().getDescription());

      StatusRuntimeException noCase = assertThrows(StatusRuntimeException.class,
          () -> streams.openLive(live(always.getCameraId(), Purpose.getDefaultInstance())));
      assertEquals(Status.Code.INVALID_ARGUMENT, noCase.getStatus().getCode());

      var opened = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("LIVE_VIEW_OPENED").build()).getEventsList();
      assertEquals(1, opened.size());
      assertTrue(opened.get(0).getDetail().contains("session=" + ticket.getSessionId()));
      assertEquals(2, fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("LIVE_VIEW_REFUSED").build()).getEventsCount(),
          "the paused and the emergency-only refusals are audited; the request without a case is invalid, not refused");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void revokingAGrantEndsTheLiveSessionWithinTwoSecondsAndItsTicketStopsValidating(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      LiveShareGrant always = grantWith(fixture, GrantScope.GRANT_SCOPE_ALWAYS, GrantStatus.GRANT_STATUS_ACTIVE);
      EventQueue<SessionEvent> events = new EventQueue<>();
      fixture.as("ana", StreamServiceGrpc.newStub(fixture.channel())).withDeadline(null)
          .watchSessions(Empty.getDefaultInstance(), events);
      assertEquals(SessionEventType.SESSION_EVENT_TYPE_SYNCED, events.poll(10, TimeUnit.SECONDS).getType());
      StreamTicket ticket = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel())).openLive(live(always.getCameraId(), CASE));
      assertEquals(SessionEventType.SESSION_EVENT_TYPE_OPENED, events.poll(10, TimeUnit.SECONDS).getType());
      String query = ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
      assertEquals(200, fixture.askAuthHook("cam/" + always.getCameraId() + "/main", query));
      assertEquals(401, fixture.askAuthHook("cam/someone-elses-camera/main", query), "a ticket is only good for its own camera");
      assertEquals(401, fixture.askAuthHook("cam/" + always.getCameraId() + "/main", query.replaceAll(".$", "x")), "a forged ticket is refused");

      long revokedAt = System.nanoTime();
      fixture.broker().grants().revoke(new Actor("owner:" + always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
      SessionEvent ended = events.poll(2, TimeUnit.SECONDS);
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
      assertTrue(ended != null && ended.getType() == SessionEventType.SESSION_EVENT_TYPE_TERMINATED,
          "no termination pushed within 2 s of the revocation: " + ended);
      assertEquals(TerminationReason.TERMINATION_REASON_CONSENT_REVOKED, ended.getTerminationReason());
      assertEquals(ticket.getSessionId(), ended.getSessionId());
      assertTrue(elapsedMillis <= 2000, "terminated after " + elapsedMillis + " ms");
      assertEquals(401, fixture.askAuthHook("cam/" + always.getCameraId() + "/main", query), "the revoked ticket stops validating at the media server");
      StatusRuntimeException renewal = assertThrows(StatusRuntimeException.class, () -> fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
          .renewTicket(RenewTicketRequest.newBuilder().setSessionId(ticket.getSessionId()).build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, renewal.getStatus().getCode());
      assertEquals("session_id: " + ticket.getSessionId() + " was terminated: CONSENT_REVOKED", renewal.getStatus().getDescription());

      StatusRuntimeException again = assertThrows(StatusRuntimeException.class,
          () -> fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel())).openLive(live(always.getCameraId(), CASE)));
      assertEquals(Status.Code.PERMISSION_DENIED, again.getStatus().getCode());
      assertTrue(fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("GRANT_REVOKED").build()).getEvents(0).getUserId()
          .equals("owner:" + always.getOwnerId()));
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void anEmergencyOnlyGrantOpensForTheOpenEmergencyNearbyAndSessionsRenewAndClose(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      var cameras = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      // The demo's open emergency (armed robbery on N Limestone) has emergency-only cameras within reach.
      var robbery = fixture.as("ana", org.watchfloor.proto.v1.IncidentServiceGrpc.newBlockingStub(fixture.channel()))
          .listIncidents(org.watchfloor.proto.v1.ListIncidentsRequest.newBuilder().setStatus(org.watchfloor.proto.v1.IncidentStatus.INCIDENT_STATUS_OPEN).build())
          .getIncidentsList().stream().filter(incident -> incident.getPriority() == org.watchfloor.proto.v1.Priority.PRIORITY_EMERGENCY)
          .findFirst().orElseThrow();
      LiveShareGrant nearby = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList().stream()
          .filter(grant -> grant.getScope() == GrantScope.GRANT_SCOPE_EMERGENCY_ONLY)
          .filter(grant -> {
            Camera camera = cameras.getCamera(org.watchfloor.proto.v1.GetCameraRequest.newBuilder().setCameraId(grant.getCameraId()).build());
            return org.watchfloor.server.camera.Geo.distanceMeters(camera.getLocation(), robbery.getLocation()) <= grant.getEmergencyRadiusMeters();
          })
          .findFirst().orElseThrow();
      StreamTicket ticket = streams.openLive(live(nearby.getCameraId(), CASE.toBuilder().setIncidentId(robbery.getId()).build()));
      assertEquals(nearby.getId(), ticket.getGrantId());

      StreamTicket renewed = streams.renewTicket(RenewTicketRequest.newBuilder().setSessionId(ticket.getSessionId()).build());
      assertEquals(ticket.getUrl(), renewed.getUrl(), "renewal keeps the URL");
      assertTrue(renewed.getExpiresAt().getSeconds() >= ticket.getExpiresAt().getSeconds());
      String query = ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
      assertEquals(200, fixture.askAuthHook("cam/" + nearby.getCameraId() + "/main", query));
      streams.closeSession(org.watchfloor.proto.v1.CloseSessionRequest.newBuilder().setSessionId(ticket.getSessionId()).build());
      assertEquals(401, fixture.askAuthHook("cam/" + nearby.getCameraId() + "/main", query), "a closed session's ticket stops validating");
      StatusRuntimeException closed = assertThrows(StatusRuntimeException.class,
          () -> streams.renewTicket(RenewTicketRequest.newBuilder().setSessionId(ticket.getSessionId()).build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, closed.getStatus().getCode());
      assertEquals("session_id: " + ticket.getSessionId() + " was terminated: CLOSED_BY_USER", closed.getStatus().getDescription());
      StatusRuntimeException othersSession = assertThrows(StatusRuntimeException.class, () -> fixture.as("sam", StreamServiceGrpc.newBlockingStub(fixture.channel()))
          .renewTicket(RenewTicketRequest.newBuilder().setSessionId(ticket.getSessionId()).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, othersSession.getStatus().getCode());
      StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
          () -> streams.renewTicket(RenewTicketRequest.newBuilder().setSessionId("ses-never-opened").build()));
      assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
      long terminationsBefore = terminations(fixture);
      streams.closeSession(org.watchfloor.proto.v1.CloseSessionRequest.newBuilder().setSessionId(ticket.getSessionId()).build());
      assertEquals(terminationsBefore, terminations(fixture), "closing an ended session again is a no-op, not audited");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void theCamerasFoundViewableNearAnIncidentAreExactlyTheOnesOpenLiveTickets(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      var robbery = fixture.as("ana", org.watchfloor.proto.v1.IncidentServiceGrpc.newBlockingStub(fixture.channel()))
          .listIncidents(org.watchfloor.proto.v1.ListIncidentsRequest.newBuilder().setStatus(org.watchfloor.proto.v1.IncidentStatus.INCIDENT_STATUS_OPEN).build())
          .getIncidentsList().stream().filter(incident -> incident.getPriority() == org.watchfloor.proto.v1.Priority.PRIORITY_EMERGENCY)
          .findFirst().orElseThrow();
      Purpose purpose = CASE.toBuilder().setIncidentId(robbery.getId()).build();
      // The owner of the nearest shared private camera stops sharing just before, so that one camera
      // near the robbery is left out whatever the time of day does to the demo's scheduled grants.
      List<LiveShareGrant> active = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList();
      String withdrawn = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
          .searchCameras(org.watchfloor.proto.v1.SearchCamerasRequest.newBuilder().setNear(robbery.getLocation()).setRadiusMeters(2500)
              .addKinds(CameraKind.CAMERA_KIND_PRIVATE_LIVE).setLimit(100).build()).getMatchesList().stream()
          .map(match -> match.getCamera().getId())
          .filter(id -> active.stream().anyMatch(grant -> grant.getCameraId().equals(id)))
          .findFirst().orElseThrow();
      for (LiveShareGrant grant : active) {
        if (grant.getCameraId().equals(withdrawn)) {
          fixture.broker().grants().revoke(new Actor("owner:" + grant.getOwnerId(), "owner"), grant.getOwnerId(), grant.getId());
        }
      }
      var found = streams.findViewableCameras(org.watchfloor.proto.v1.FindViewableCamerasRequest.newBuilder()
          .setNear(robbery.getLocation()).setRadiusMeters(2500).setPurpose(purpose).setLimit(25).build());
      java.util.Set<String> viewable = new java.util.HashSet<>();
      found.getViewableList().forEach(match -> viewable.add(match.getCamera().getId()));
      assertTrue(found.getViewableList().stream().anyMatch(match -> match.getCamera().getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE),
          "a private camera whose owner shares it is among them");
      assertTrue(found.getRegisteredCount() > 0, "Level 1 cameras nearby are listed for footage requests");
      assertTrue(found.getRegisteredList().stream().allMatch(match -> match.getCamera().getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED));
      double farthest = 0;
      for (var match : found.getViewableList()) {
        assertTrue(match.getDistanceMeters() >= farthest, "nearest first");
        farthest = match.getDistanceMeters();
        streams.openLive(live(match.getCamera().getId(), purpose)); // each one is ticketed
      }
      // Every private camera within that distance left out is one the broker refuses to show.
      var nearbyPrivate = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
          .searchCameras(org.watchfloor.proto.v1.SearchCamerasRequest.newBuilder().setNear(robbery.getLocation()).setRadiusMeters(farthest)
              .addKinds(CameraKind.CAMERA_KIND_PRIVATE_LIVE).setLimit(100).build()).getMatchesList();
      for (var match : nearbyPrivate) {
        if (!viewable.contains(match.getCamera().getId())) {
          StatusRuntimeException refusal = assertThrows(StatusRuntimeException.class, () -> streams.openLive(live(match.getCamera().getId(), purpose)));
          assertEquals(Status.Code.PERMISSION_DENIED, refusal.getStatus().getCode());
        }
      }
      assertTrue(!viewable.contains(withdrawn), "the camera whose owner stopped sharing is left out");
      StatusRuntimeException stopped = assertThrows(StatusRuntimeException.class, () -> streams.openLive(live(withdrawn, purpose)));
      assertEquals(Status.Code.PERMISSION_DENIED, stopped.getStatus().getCode());
      StatusRuntimeException noCase = assertThrows(StatusRuntimeException.class, () -> streams.findViewableCameras(
          org.watchfloor.proto.v1.FindViewableCamerasRequest.newBuilder().setNear(robbery.getLocation()).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, noCase.getStatus().getCode());
    }
  }

  private static long terminations(BrokerFixture fixture) throws Exception {
    return fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setAction("SESSION_TERMINATED").build()).getEventsCount();
  }


}
