package org.watchfloor.server.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.DeleteCameraRequest;
import org.watchfloor.proto.v1.HealthState;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.SessionEventType;
import org.watchfloor.proto.v1.SetCameraHealthRequest;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.EventQueue;
import org.watchfloor.server.TestDatabase;

/**
 * A camera deleted from the directory or reported offline takes its live sessions with it: the
 * viewer hears why, the ticket stops validating, the end is audited, and an offline camera is not
 * opened again until it reports video. Through the real gRPC API, on H2 and PostgreSQL.
 */
class LostCameraSessionsTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("armed robbery, suspect on foot").build();

  /** Ana's open live session on a city camera, its ticket's query, and the session events she hears. */
  private record Watched(Camera camera, StreamTicket ticket, String query, EventQueue<SessionEvent> events) {}

  private static Watched watchACityCamera(BrokerFixture fixture) throws Exception {
    Camera camera = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_CITY_CCTV).setPageSize(1).build()).getCameras(0);
    EventQueue<SessionEvent> events = new EventQueue<>();
    fixture.as("ana", StreamServiceGrpc.newStub(fixture.channel())).withDeadline(null).watchSessions(Empty.getDefaultInstance(), events);
    assertEquals(SessionEventType.SESSION_EVENT_TYPE_SYNCED, events.poll(10, TimeUnit.SECONDS).getType());
    StreamTicket ticket = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
        .openLive(OpenLiveRequest.newBuilder().setCameraId(camera.getId()).setPurpose(CASE).build());
    assertEquals(SessionEventType.SESSION_EVENT_TYPE_OPENED, events.poll(10, TimeUnit.SECONDS).getType());
    String query = ticket.getUrl().substring(ticket.getUrl().indexOf('?') + 1);
    assertEquals(200, fixture.askAuthHook("cam/" + camera.getId() + "/main", query));
    return new Watched(camera, ticket, query, events);
  }

  private static void assertEnded(BrokerFixture fixture, Watched watched, TerminationReason reason, String message) throws Exception {
    SessionEvent ended = watched.events().poll(5, TimeUnit.SECONDS);
    assertTrue(ended != null && ended.getType() == SessionEventType.SESSION_EVENT_TYPE_TERMINATED, "no termination pushed: " + ended);
    assertEquals(reason, ended.getTerminationReason());
    assertEquals(watched.ticket().getSessionId(), ended.getSessionId());
    assertEquals(401, fixture.askAuthHook("cam/" + watched.camera().getId() + "/main", watched.query()), "the ended ticket stops validating");
    var rows = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setAction("SESSION_TERMINATED").build()).getEventsList();
    assertEquals(1, rows.size());
    assertEquals("session:" + watched.ticket().getSessionId(), rows.get(0).getTarget());
    assertTrue(rows.get(0).getDetail().contains(message), rows.get(0).getDetail());
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void deletingACameraEndsItsLiveSessions(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Watched watched = watchACityCamera(fixture);
      fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel())).deleteCamera(
          DeleteCameraRequest.newBuilder().setCameraId(watched.camera().getId()).setReason("camera taken down by the city").build());
      assertEnded(fixture, watched, TerminationReason.TERMINATION_REASON_CAMERA_REMOVED, "was removed from the directory");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aCameraGoneOfflineEndsItsLiveSessionsAndIsNotOpenedUntilItIsBack(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Watched watched = watchACityCamera(fixture);
      var directory = fixture.as("ada", CameraDirectoryGrpc.newBlockingStub(fixture.channel()));
      directory.setCameraHealth(SetCameraHealthRequest.newBuilder().setCameraId(watched.camera().getId())
          .setState(HealthState.HEALTH_STATE_OFFLINE).setDetail("no RTP packets for 30 s").build());
      assertEnded(fixture, watched, TerminationReason.TERMINATION_REASON_CAMERA_OFFLINE, "went offline (no RTP packets for 30 s)");

      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      OpenLiveRequest again = OpenLiveRequest.newBuilder().setCameraId(watched.camera().getId()).setPurpose(CASE).build();
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> streams.openLive(again));
      assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
      assertEquals("camera_id: camera " + watched.camera().getName() + " is offline (no RTP packets for 30 s); it can be viewed again once it reports video",
          refused.getStatus().getDescription());

      directory.setCameraHealth(SetCameraHealthRequest.newBuilder().setCameraId(watched.camera().getId())
          .setState(HealthState.HEALTH_STATE_ONLINE).build());
      assertEquals(watched.camera().getId(), streams.openLive(again).getCameraId());
    }
  }
}
