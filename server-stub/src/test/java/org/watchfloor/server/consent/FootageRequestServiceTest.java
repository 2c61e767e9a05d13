package org.watchfloor.server.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListFootageRequestsRequest;
import org.watchfloor.proto.v1.ListFootageRequestsResponse;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RequestFootageRequest;
import org.watchfloor.proto.v1.WithdrawFootageRequestRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.portal.OwnerLetters;
import org.watchfloor.server.store.ProtoTime;

/** ConsentService's footage-request calls over a real channel, on H2 and PostgreSQL. */
class FootageRequestServiceTest {

  private static final Purpose CASE = Purpose.newBuilder().setCaseNumber("LEX-26-118734").setReason("armed robbery, suspect on foot").build();
  private static final Instant END = Instant.now().minus(Duration.ofHours(3));

  private static ConsentServiceGrpc.ConsentServiceBlockingStub consent(BrokerFixture fixture, String user) throws Exception {
    return fixture.as(user, ConsentServiceGrpc.newBlockingStub(fixture.channel()));
  }

  private static List<Camera> cameras(BrokerFixture fixture, CameraKind... kinds) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addAllKinds(List.of(kinds)).setPageSize(1000).build()).getCamerasList();
  }

  private static RequestFootageRequest.Builder ask(String... cameraIds) {
    return RequestFootageRequest.newBuilder()
        .addAllCameraIds(List.of(cameraIds))
        .setWindowStart(ProtoTime.toTimestamp(END.minus(Duration.ofHours(1))))
        .setWindowEnd(ProtoTime.toTimestamp(END))
        .setPurpose(CASE);
  }

  private static StatusRuntimeException refusal(BrokerFixture fixture, RequestFootageRequest request) {
    return assertThrows(StatusRuntimeException.class, () -> consent(fixture, "ana").requestFootage(request));
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void camerasOfTwoOwnersMakeTwoRequestsEachMailedAndAudited(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      List<Camera> owned = cameras(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED, CameraKind.CAMERA_KIND_PRIVATE_LIVE).stream()
          .filter(camera -> !camera.getOwnerId().isEmpty()).toList();
      Camera first = owned.get(0);
      Camera other = owned.stream().filter(camera -> !camera.getOwnerId().equals(first.getOwnerId())).findFirst().orElseThrow();

      List<FootageRequest> made = consent(fixture, "ana").requestFootage(ask(other.getId(), first.getId()).build()).getRequestsList();

      assertEquals(2, made.size());
      assertEquals(Stream.of(first.getOwnerId(), other.getOwnerId()).sorted().toList(), made.stream().map(FootageRequest::getOwnerId).toList());
      for (FootageRequest request : made) {
        assertEquals(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT, request.getStatus());
        assertEquals(1, request.getCameraIdsCount());
        assertEquals(Duration.ofDays(7),
            Duration.between(ProtoTime.toInstant(request.getCreatedAt()), ProtoTime.toInstant(request.getLinkExpiresAt())));
      }
      try (Stream<?> letters = Files.list(fixture.dataDir().resolve("outbox"))) {
        assertEquals(2, letters.count());
      }
      var audited = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setAction("FOOTAGE_REQUESTED").build()).getEventsList();
      assertEquals(2, audited.size());
      assertTrue(audited.stream().allMatch(row -> row.getPurpose().getCaseNumber().equals(CASE.getCaseNumber()) && row.getUsername().equals("ana")));
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void refusalsNameTheFieldAndTheRule(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Camera owned = cameras(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED).stream().filter(c -> !c.getOwnerId().isEmpty()).findFirst().orElseThrow();
      Camera traffic = cameras(fixture, CameraKind.CAMERA_KIND_TRAFFIC).get(0);

      StatusRuntimeException publicCamera = refusal(fixture, ask(owned.getId(), traffic.getId()).build());
      assertEquals(Status.Code.INVALID_ARGUMENT, publicCamera.getStatus().getCode());
      assertEquals("camera_ids[1]: " + traffic.getId() + " is a public camera; use StreamService.OpenPlayback", publicCamera.getStatus().getDescription());

      StatusRuntimeException longWindow =
          refusal(fixture, ask(owned.getId()).setWindowStart(ProtoTime.toTimestamp(END.minus(Duration.ofHours(30)))).build());
      assertEquals("window_end: window must be at most 24 h (got 30 h)", longWindow.getStatus().getDescription());

      StatusRuntimeException future = refusal(fixture, ask(owned.getId()).setWindowEnd(ProtoTime.toTimestamp(Instant.now().plusSeconds(600))).build());
      assertTrue(future.getStatus().getDescription().startsWith("window_end: "));

      StatusRuntimeException noReason = refusal(fixture, ask(owned.getId()).setPurpose(CASE.toBuilder().setReason(" ")).build());
      assertTrue(noReason.getStatus().getDescription().startsWith("purpose.reason: "));

      StatusRuntimeException unknown = refusal(fixture, ask("cam-nope").build());
      assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());

      StatusRuntimeException admin = assertThrows(StatusRuntimeException.class, () -> consent(fixture, "ada").requestFootage(ask(owned.getId()).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, admin.getStatus().getCode());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aWithdrawnRequestTellsTheOwnerAndItsLinkStopsWorking(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Camera owned = cameras(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED).stream().filter(c -> !c.getOwnerId().isEmpty()).findFirst().orElseThrow();
      FootageRequest made = consent(fixture, "ana").requestFootage(ask(owned.getId()).build()).getRequests(0);
      String link = linkInOnlyLetter(fixture);

      FootageRequest withdrawn = consent(fixture, "ana").withdrawFootageRequest(
          WithdrawFootageRequestRequest.newBuilder().setRequestId(made.getId()).setReason("suspect arrested").build());
      assertEquals(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_WITHDRAWN, withdrawn.getStatus());
      assertEquals("suspect arrested", withdrawn.getDeclineReason());
      try (Stream<?> letters = Files.list(fixture.dataDir().resolve("outbox"))) {
        assertEquals(2, letters.count(), "the owner is told of the withdrawal");
      }

      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(410, page.statusCode());
      assertTrue(page.body().contains("This request was withdrawn"));
      assertEquals(withdrawn, consent(fixture, "ana").getFootageRequest(
          org.watchfloor.proto.v1.GetFootageRequestRequest.newBuilder().setRequestId(made.getId()).build()), "opening it changed nothing");

      StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> consent(fixture, "sam").withdrawFootageRequest(
          WithdrawFootageRequestRequest.newBuilder().setRequestId(made.getId()).setReason("again").build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, again.getStatus().getCode());
      assertEquals("request_id: " + made.getId() + " is WITHDRAWN; only PENDING, SENT or VIEWED can be withdrawn", again.getStatus().getDescription());

      // Single purpose: the footage-request token opens no grants page.
      HttpResponse<String> grants = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(link.replace("/portal/r/", "/portal/g/"))).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, grants.statusCode());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void aRetryWithTheSameKeyCreatesNothingAndListsPageNewestFirst(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Camera owned = cameras(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED).stream().filter(c -> !c.getOwnerId().isEmpty()).findFirst().orElseThrow();
      FootageRequest first = consent(fixture, "ana").requestFootage(ask(owned.getId()).setIdempotencyKey("retry-1").build()).getRequests(0);
      FootageRequest retried = consent(fixture, "ana").requestFootage(ask(owned.getId()).setIdempotencyKey("retry-1").build()).getRequests(0);
      assertEquals(first.getId(), retried.getId());
      FootageRequest second = consent(fixture, "sam").requestFootage(ask(owned.getId()).build()).getRequests(0);
      FootageRequest third = consent(fixture, "ana").requestFootage(ask(owned.getId()).build()).getRequests(0);

      ListFootageRequestsResponse page1 = consent(fixture, "ana").listFootageRequests(ListFootageRequestsRequest.newBuilder().setPageSize(2).build());
      assertEquals(List.of(third.getId(), second.getId()), page1.getRequestsList().stream().map(FootageRequest::getId).toList());
      ListFootageRequestsResponse page2 = consent(fixture, "ana").listFootageRequests(
          ListFootageRequestsRequest.newBuilder().setPageSize(2).setPageToken(page1.getNextPageToken()).build());
      assertEquals(List.of(first.getId()), page2.getRequestsList().stream().map(FootageRequest::getId).toList());
      assertEquals("", page2.getNextPageToken());

      ListFootageRequestsResponse bySam = consent(fixture, "ana").listFootageRequests(ListFootageRequestsRequest.newBuilder()
          .setRequesterUserId(second.getRequesterUserId()).setCameraId(owned.getId()).setCaseNumber(CASE.getCaseNumber())
          .addStatuses(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT).build());
      assertEquals(List.of(second.getId()), bySam.getRequestsList().stream().map(FootageRequest::getId).toList());
    }
  }

  private static String linkInOnlyLetter(BrokerFixture fixture) throws Exception {
    var letters = OwnerLetters.outbox(fixture.dataDir());
    assertEquals(1, letters.size());
    return OwnerLetters.requestLink(letters.get(0));
  }
}
