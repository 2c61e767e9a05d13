package org.watchfloor.server.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.watchfloor.proto.v1.ApproveRegistrationRequest;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.GetOwnerRequest;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.ListLiveConnectionRequestsRequest;
import org.watchfloor.proto.v1.ListRegistrationsRequest;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.LiveConnectionStatus;
import org.watchfloor.proto.v1.StreamSource;
import org.watchfloor.proto.v1.StreamTestOutcome;
import org.watchfloor.proto.v1.TestLiveConnectionRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerEnrollmentGrpc;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RegistrationStatus;
import org.watchfloor.proto.v1.RejectRegistrationRequest;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.sim.SettableClock;

/**
 * Owners opting in on their own, in a real headless Chromium at phone width: registration with the
 * map and typed coordinates, the e-mailed confirmation link, the analyst's live directory, the manage
 * link, editing, the access log, withdrawal; every bad input, the rate limits, expired and reused
 * links; and the admin's review list over a real gRPC channel.
 */
class RegistrationBrowserTest {

  private static final Pattern CONFIRM_LINK = Pattern.compile("https?://\\S+/register/confirm/[A-Za-z0-9_-]{43}");
  private static final Pattern MANAGE_LINK = Pattern.compile("https?://\\S+/portal/m/[A-Za-z0-9_-]{43}");
  /** Downtown Lexington, inside Fayette County. */
  private static final String DOWNTOWN = "38.0406, -84.5037";
  private static final String MARKUP_NAME = "Porch <b>east</b>";

  private WebDriver browser;
  /** Chromium's temporary folders, deleted after each test. */
  @TempDir Path browserTemp;

  @BeforeEach
  void openBrowser() {
    browser = PhoneBrowser.open(browserTemp);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void anOwnerRegistersTwoCamerasConfirmsByMailThenEditsOneAndWithdraws(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind); DirectoryWatcher analyst = new DirectoryWatcher(fixture)) {
      browser.get(base(fixture) + "/register");
      fillOwner("Rosa Delgado", "rosa@example.org");
      fillCamera(0, MARKUP_NAME, "", "doorbell", "30");
      // The map: two clicks in the middle of the county place the camera and zoom in; no JavaScript involved.
      clickMapMiddle("c0_map");
      assertFalse(browser.findElement(By.id("c0_position")).getAttribute("value").isEmpty(), "a click on the map sets the position");
      String first = browser.findElement(By.id("c0_position")).getAttribute("value");
      assertTrue(org.watchfloor.server.enrollment.ServiceArea.fromResource(org.watchfloor.server.enrollment.ServiceArea.FAYETTE_COUNTY)
          .contains(RegistrationForm.position(first).orElseThrow()), "a click in the middle of the county map gave " + first);
      clickMapMiddle("c0_map");
      assertEquals(MARKUP_NAME, browser.findElement(By.id("c0_name")).getAttribute("value"), "typed fields survive a map click");
      String second = browser.findElement(By.id("c0_position")).getAttribute("value");
      double moved = org.watchfloor.server.camera.Geo.distanceMeters(RegistrationForm.position(first).orElseThrow(), RegistrationForm.position(second).orElseThrow());
      assertTrue(moved < 30, "a click at the middle of the zoomed map (14 m a pixel) stays at the point, not " + moved + " m away");
      load(browser.findElement(By.id("add-camera")));
      fillCamera(1, "Driveway", DOWNTOWN, "outdoor", "14");
      new Select(browser.findElement(By.id("c1_facing"))).selectByValue("180");
      acceptPolicyAndSubmit();
      assertEquals("Check your e-mail", heading());

      String confirm = link(letter(fixture, "Confirm your camera registration"), CONFIRM_LINK);
      browser.get(confirm);
      load(browser.findElement(By.id("confirm")));
      Map<String, Camera> seen = analyst.awaitCameras(2, camera -> camera.getTagsOrDefault("device", "").matches("doorbell|outdoor"));
      for (Camera camera : seen.values()) {
        // From the commit that registered it (its audit row's time) to its arrival at the analyst's client.
        AuditEvent registered = auditRow(fixture, "CAMERA_REGISTERED", "camera:" + camera.getId());
        long millis = Duration.between(Instant.ofEpochSecond(registered.getAt().getSeconds(), registered.getAt().getNanos()), analyst.seenAt(camera.getId())).toMillis();
        assertTrue(millis < 1000, "the analyst saw " + camera.getName() + " " + millis + " ms after it was registered");
      }
      assertEquals("Your cameras are registered", heading());
      Camera porch = seen.values().stream().filter(camera -> camera.getName().equals(MARKUP_NAME)).findFirst().orElseThrow();
      Camera driveway = seen.values().stream().filter(camera -> camera.getName().equals("Driveway")).findFirst().orElseThrow();
      assertEquals(CameraKind.CAMERA_KIND_PRIVATE_REGISTERED, driveway.getKind());
      assertEquals(180, driveway.getCones(0).getHeadingDegrees());
      assertEquals(38.0406, driveway.getLocation().getLatitude(), 1e-9);
      String ownerId = driveway.getOwnerId();
      assertEquals(ownerId, porch.getOwnerId());
      assertAudited(fixture, "OWNER_REGISTERED", "owner:" + ownerId);
      assertAudited(fixture, "CAMERA_REGISTERED", "camera:" + driveway.getId());

      browser.get(confirm);
      assertEquals("This link was already used", heading());
      assertTrue(browser.findElements(By.tagName("form")).isEmpty(), "a used link offers no form");

      // The same address again: its cameras join Rosa's entry, never a second owner.
      browser.get(base(fixture) + "/register");
      fillOwner("Rosa D.", "ROSA@example.org");
      fillCamera(0, "Garage", DOWNTOWN, "dvr", "7");
      acceptPolicyAndSubmit();
      MimeMessage again = letter(fixture, "Confirm your camera registration");
      assertTrue(again.getContent().toString().contains("confirming adds these cameras to it"), again.getContent().toString());
      browser.get(link(again, CONFIRM_LINK));
      load(browser.findElement(By.id("confirm")));
      assertTrue(browser.findElement(By.id("outcome")).getText().contains("They were added to your existing entry"));
      Camera garage = analyst.awaitCameras(1, camera -> camera.getName().equals("Garage")).values().iterator().next();
      assertEquals(ownerId, garage.getOwnerId());

      String manage = askForManageLink(fixture, "rosa@example.org");
      browser.get(manage);
      WebElement porchCard = browser.findElement(By.id("camera-" + porch.getId()));
      assertEquals(MARKUP_NAME, porchCard.findElement(By.tagName("h2")).getText(), "markup in a name is shown as typed, never rendered");
      assertTrue(porchCard.findElements(By.tagName("b")).isEmpty());
      WebElement drivewayCard = browser.findElement(By.id("camera-" + driveway.getId()));
      drivewayCard.findElement(By.tagName("summary")).click();
      WebElement name = drivewayCard.findElement(By.name("e_name"));
      name.clear();
      name.sendKeys("Driveway and gate");
      load(drivewayCard.findElement(By.cssSelector("button.save")));
      assertEquals("Your camera was changed.", browser.findElement(By.id("outcome")).getText());
      analyst.awaitCameras(1, camera -> camera.getName().equals("Driveway and gate"));
      load(browser.findElement(By.id("sharing-link")));
      assertTrue(heading().startsWith("Live sharing for Rosa Delgado"), "the sharing page is reached from the manage page");

      browser.get(manage);
      browser.findElement(By.cssSelector("#add summary")).click();
      browser.findElement(By.id("a_name")).sendKeys("Side gate");
      browser.findElement(By.id("a_position")).sendKeys(DOWNTOWN);
      new Select(browser.findElement(By.id("a_device"))).selectByValue("outdoor");
      browser.findElement(By.id("a_retention")).sendKeys("10");
      load(browser.findElement(By.id("add-camera")));
      assertEquals("Your camera was added.", browser.findElement(By.id("outcome")).getText());
      Camera gate = analyst.awaitCameras(1, camera -> camera.getName().equals("Side gate")).values().iterator().next();
      assertEquals(ownerId, gate.getOwnerId());
      load(browser.findElement(By.cssSelector("#camera-" + gate.getId() + " form.remove-camera button")));
      assertEquals("The camera was removed from the center's directory.", browser.findElement(By.id("outcome")).getText());
      analyst.awaitRemoved(Set.of(gate.getId()));

      browser.findElement(By.cssSelector("#contact summary")).click();
      browser.findElement(By.id("phone")).sendKeys("(859) 555-0142");
      load(browser.findElement(By.id("save-contact")));
      assertEquals("Your contact details were changed.", browser.findElement(By.id("outcome")).getText());
      assertEquals("+18595550142", fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .getOwner(GetOwnerRequest.newBuilder().setOwnerId(ownerId).build()).getPhone());
      assertEquals("changed phone", auditRow(fixture, "OWNER_UPDATED", "owner:" + ownerId).getDetail());
      screenshotIfAsked("manage-phone.png");

      load(browser.findElement(By.id("withdraw-button")));
      assertEquals("Tick the box to confirm that you want to withdraw.", browser.findElement(By.id("withdraw-error")).getText());
      browser.findElement(By.name("confirm")).click();
      load(browser.findElement(By.id("withdraw-button")));
      assertEquals("You have withdrawn", heading());
      analyst.awaitRemoved(Set.of(porch.getId(), driveway.getId(), garage.getId()));

      Owner withdrawn = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .getOwner(GetOwnerRequest.newBuilder().setOwnerId(ownerId).build());
      assertTrue(withdrawn.hasWithdrawnAt());
      assertEquals("", withdrawn.getDisplayName() + withdrawn.getEmail() + withdrawn.getPhone() + withdrawn.getOrganization());
      assertEquals(0, withdrawn.getCameraIdsCount());
      List<AuditEvent> rows = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .queryAudit(QueryAuditRequest.newBuilder().setUserId("owner:" + ownerId).build()).getEventsList();
      assertTrue(rows.stream().anyMatch(row -> row.getAction().equals("OWNER_WITHDRAWN")), rows.toString());
      for (AuditEvent row : rows) {
        String text = row.toString();
        assertFalse(text.contains("Rosa") || text.contains("rosa@example.org"), "an audit row keeps personal data: " + text);
      }
      assertTrue(fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
          .verifyAudit(com.google.protobuf.Empty.getDefaultInstance()).getIntact(), "the chain survives the withdrawal");
      browser.get(manage);
      assertEquals("This link is not valid", heading());
    }
  }

  @Test
  void everyBadInputIsNamedBesideItsFieldWhatWasTypedIsKeptAndSubmissionsAreRateLimited() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.configured(settings -> settings.withEnrollment(enrollment(false, 2, 3, 2)), java.time.Clock.systemUTC())) {
      browser.get(base(fixture) + "/register");
      load(browser.findElement(By.id("submit")));
      for (String field : List.of("name", "email", "c0_name", "c0_position", "c0_device", "c0_retention", "policy")) {
        assertFalse(browser.findElements(By.id(field + "-error")).isEmpty(), "no message beside " + field);
      }
      fillOwner("<script>alert(1)</script>", "not-an-address");
      fillCamera(0, "Front", "38.2520, -85.7585", "doorbell", "400"); // Louisville: outside Fayette County
      browser.findElement(By.id("phone")).sendKeys("555");
      acceptPolicyAndSubmit();
      assertTrue(error("email").contains("e-mail address such as"), error("email"));
      assertTrue(error("c0_position").contains("outside the area the center serves"), error("c0_position"));
      assertTrue(error("c0_retention").contains("from 1 to 365"), error("c0_retention"));
      assertTrue(error("phone").contains("phone number"), error("phone"));
      assertEquals("<script>alert(1)</script>", browser.findElement(By.id("name")).getAttribute("value"));
      assertEquals("not-an-address", browser.findElement(By.id("email")).getAttribute("value"));
      assertEquals("38.2520, -85.7585", browser.findElement(By.id("c0_position")).getAttribute("value"));
      assertTrue(browser.findElements(By.cssSelector("main script")).isEmpty(), "markup is shown escaped");

      load(browser.findElement(By.id("add-camera")));
      load(browser.findElement(By.id("add-camera")));
      acceptPolicyAndSubmit();
      assertTrue(error("cameras").startsWith("At most 2 cameras"), error("cameras"));
      assertEquals(3, browser.findElements(By.cssSelector("section.camera")).size(), "no camera block is lost");
      assertTrue(OwnerLetters.outbox(fixture.dataDir()).isEmpty(), "nothing is sent while the form has problems");

      takeScreenshotForTheReadme(fixture);

      // Forms with problems sent nothing, so they count toward no limit.
      register(fixture, "Ann", "ann@example.org");
      register(fixture, "Ann", "ann@example.org");
      register(fixture, "Ann", "ann@example.org");
      assertTrue(error("email").startsWith("At most 2 e-mails an hour"), error("email"));
      assertEquals("ann@example.org", browser.findElement(By.id("email")).getAttribute("value"));
      register(fixture, "Bob", "bob@example.org");
      assertEquals("Check your e-mail", heading());
      register(fixture, "Cy", "cy@example.org");
      assertTrue(browser.findElement(By.id("form-error")).getText().startsWith("Too many submissions from your network"));
      assertEquals(3, OwnerLetters.outbox(fixture.dataDir()).size(), "only the accepted submissions sent e-mail");
    }
  }

  @Test
  void anExpiredLinkRegistersNothing() throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    try (BrokerFixture fixture = BrokerFixture.configured(settings -> settings, clock)) {
      int before = directorySize(fixture);
      register(fixture, "Dee", "dee@example.org");
      String confirm = link(letter(fixture, "Confirm your camera registration"), CONFIRM_LINK);
      browser.get(confirm);
      clock.advance(Duration.ofHours(25));
      load(browser.findElement(By.id("confirm")));
      assertEquals("This link has expired", heading());
      browser.get(confirm);
      assertEquals("This link has expired", heading());
      assertEquals(before, directorySize(fixture));
    }
  }

  @Test
  void theAccessLogShowsALiveViewAnAnalystJustOpened() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      LiveShareGrant grant = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList().stream()
          .filter(candidate -> candidate.getScope() == GrantScope.GRANT_SCOPE_ALWAYS)
          .min(java.util.Comparator.comparing(LiveShareGrant::getCameraId)).orElseThrow();
      Owner owner = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .getOwner(GetOwnerRequest.newBuilder().setOwnerId(grant.getOwnerId()).build());
      Purpose purpose = Purpose.newBuilder().setCaseNumber("LEX-26-007731").setReason("robbery on N Limestone").build();
      StreamTicket ticket = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(grant.getCameraId()).setPurpose(purpose).build());
      assertFalse(ticket.getUrl().isEmpty());

      browser.get(askForManageLink(fixture, owner.getEmail()));
      WebElement log = browser.findElement(By.id("access-log"));
      ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", log);
      screenshotIfAsked("access-log-phone.png");
      List<WebElement> rows = log.findElements(By.cssSelector("ul.log li"));
      assertTrue(rows.stream().anyMatch(row -> row.getText().contains("Live view") && row.getText().contains("LEX-26-007731")
          && row.getText().contains("still open") && row.getText().contains(ServerSettings.Enrollment.DEFAULT_AGENCY)),
          "the access log says: " + log.getText());
    }
  }

  @Test
  void anAdminReviewsRegistrationsOverGrpcWhenApprovalIsRequired() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.configured(settings -> settings.withEnrollment(enrollment(true, 10, 20, 3)), java.time.Clock.systemUTC());
        DirectoryWatcher analyst = new DirectoryWatcher(fixture)) {
      register(fixture, "Eve", "eve@example.org");
      browser.get(link(letter(fixture, "Confirm your camera registration"), CONFIRM_LINK));
      load(browser.findElement(By.id("confirm")));
      assertEquals("Thank you: your address is confirmed", heading());
      register(fixture, "Fay", "fay@example.org");
      browser.get(link(letter(fixture, "Confirm your camera registration"), CONFIRM_LINK));
      load(browser.findElement(By.id("confirm")));

      var admin = fixture.as("ada", OwnerEnrollmentGrpc.newBlockingStub(fixture.channel()));
      List<OwnerRegistration> waiting = admin.listRegistrations(ListRegistrationsRequest.getDefaultInstance()).getRegistrationsList();
      assertEquals(List.of("Eve", "Fay"), waiting.stream().map(registration -> registration.getOwner().getDisplayName()).toList());
      StatusRuntimeException analystAsks = assertThrows(StatusRuntimeException.class,
          () -> fixture.as("ana", OwnerEnrollmentGrpc.newBlockingStub(fixture.channel())).listRegistrations(ListRegistrationsRequest.getDefaultInstance()));
      assertEquals(Status.Code.PERMISSION_DENIED, analystAsks.getStatus().getCode());

      OwnerRegistration approved = admin.approveRegistration(ApproveRegistrationRequest.newBuilder().setRegistrationId(waiting.get(0).getId()).build());
      assertEquals(RegistrationStatus.REGISTRATION_STATUS_REGISTERED, approved.getStatus());
      analyst.awaitCameras(1, camera -> camera.getOwnerId().equals(approved.getOwnerId()));
      StatusRuntimeException twice = assertThrows(StatusRuntimeException.class,
          () -> admin.approveRegistration(ApproveRegistrationRequest.newBuilder().setRegistrationId(waiting.get(0).getId()).build()));
      assertEquals(Status.Code.FAILED_PRECONDITION, twice.getStatus().getCode());

      StatusRuntimeException noReason = assertThrows(StatusRuntimeException.class,
          () -> admin.rejectRegistration(RejectRegistrationRequest.newBuilder().setRegistrationId(waiting.get(1).getId()).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, noReason.getStatus().getCode());
      OwnerRegistration rejected = admin.rejectRegistration(
          RejectRegistrationRequest.newBuilder().setRegistrationId(waiting.get(1).getId()).setReason("the position is a public park").build());
      assertEquals(RegistrationStatus.REGISTRATION_STATUS_REJECTED, rejected.getStatus());
      assertTrue(letter(fixture, "Your camera registration was not accepted").getContent().toString().contains("the position is a public park"));
      assertTrue(admin.listRegistrations(ListRegistrationsRequest.getDefaultInstance()).getRegistrationsList().isEmpty());
      assertAudited(fixture, "REGISTRATION_APPROVED", "registration:" + approved.getId());
      assertAudited(fixture, "REGISTRATION_REJECTED", "registration:" + rejected.getId());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void anOwnerAsksToShareACameraLiveAFailingTestLeavesItOpenAPlayingOneConnectsItWithoutAGrant(TestDatabase.Kind kind) throws Exception {
    RecordedLog log = RecordedLog.start();
    try (BrokerFixture fixture = BrokerFixture.on(kind); log) {
      Camera registered = firstCameraOfKind(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED);
      Owner owner = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .getOwner(GetOwnerRequest.newBuilder().setOwnerId(registered.getOwnerId()).build());
      String device = base(fixture) + "/sim/device/front-door/index.m3u8";

      // The owner asks on the manage page, with a wrong password first.
      String manage = askForManageLink(fixture, owner.getEmail());
      browser.get(manage);
      askToShareLive(manage, registered.getId(), device, "owner", "not-the-password");
      assertTrue(browser.findElement(By.id("outcome")).getText().contains("Your request to share the camera live was sent"));
      assertTrue(browser.findElement(By.id("live-request-" + registered.getId())).getText().contains(base(fixture) + "/sim/device/front-door/index.m3u8"));

      var admin = fixture.as("ada", OwnerEnrollmentGrpc.newBlockingStub(fixture.channel()));
      List<LiveConnectionRequest> open = admin.listLiveConnectionRequests(ListLiveConnectionRequestsRequest.getDefaultInstance()).getRequestsList();
      assertEquals(1, open.size());
      LiveConnectionRequest request = open.get(0);
      assertEquals(registered.getId(), request.getCamera().getId());
      assertEquals(owner.getEmail(), request.getOwner().getEmail());
      assertEquals(device, request.getSourceAddress());
      assertTrue(request.getSourceHasCredentials());

      LiveConnectionRequest refused = admin.testLiveConnection(TestLiveConnectionRequest.newBuilder().setRequestId(request.getId()).build());
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_AUTH_REFUSED, refused.getLastTest().getOutcome(), refused.getLastTest().getMessage());
      assertEquals(LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN, refused.getStatus());
      browser.get(manage);
      WebElement notice = browser.findElement(By.id("live-request-" + registered.getId()));
      assertTrue(notice.getText().contains("the camera refused the user name and password"), notice.getText());
      ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", notice);
      screenshotIfAsked("owner-level2-request.png");

      int closedPort;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      LiveConnectionRequest unreachable = admin.testLiveConnection(TestLiveConnectionRequest.newBuilder().setRequestId(request.getId())
          .setSource(StreamSource.newBuilder().setAddress("rtsp://127.0.0.1:" + closedPort + "/stream1").setUsername("owner").setPassword("not-the-password")).build());
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_UNREACHABLE, unreachable.getLastTest().getOutcome(), unreachable.getLastTest().getMessage());
      assertEquals("rtsp://127.0.0.1:" + closedPort + "/stream1", unreachable.getSourceAddress());
      LiveConnectionRequest notVideo = admin.testLiveConnection(TestLiveConnectionRequest.newBuilder().setRequestId(request.getId())
          .setSource(StreamSource.newBuilder().setAddress(base(fixture) + "/transparency")).build());
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_NOT_VIDEO, notVideo.getLastTest().getOutcome(), notVideo.getLastTest().getMessage());
      assertEquals(LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN, notVideo.getStatus());
      assertEquals(CameraKind.CAMERA_KIND_PRIVATE_REGISTERED, cameraNow(fixture, registered.getId()).getKind());

      // The owner corrects the password on the page; the admin's next test plays and connects the camera.
      browser.get(manage);
      askToShareLive(manage, registered.getId(), device, "owner", "demo-pass-2468");
      LiveConnectionRequest connected = admin.testLiveConnection(TestLiveConnectionRequest.newBuilder().setRequestId(request.getId()).build());
      assertEquals(StreamTestOutcome.STREAM_TEST_OUTCOME_PLAYS, connected.getLastTest().getOutcome(), connected.getLastTest().getMessage());
      assertTrue(connected.getLastTest().getMessage().contains("H.264"), connected.getLastTest().getMessage());
      assertEquals(LiveConnectionStatus.LIVE_CONNECTION_STATUS_CONNECTED, connected.getStatus());
      assertEquals(CameraKind.CAMERA_KIND_PRIVATE_LIVE, cameraNow(fixture, registered.getId()).getKind());
      assertTrue(fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().setPageSize(1000).build()).getGrantsList().stream()
          .noneMatch(grant -> grant.getCameraId().equals(registered.getId())), "a newly connected camera has no grant");
      StatusRuntimeException noGrant = assertThrows(StatusRuntimeException.class, () -> fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
          .openLive(OpenLiveRequest.newBuilder().setCameraId(registered.getId()).setPurpose(Purpose.newBuilder().setCaseNumber("LEX-26-1")).build()));
      assertEquals(Status.Code.PERMISSION_DENIED, noGrant.getStatus().getCode());
      String invitation = letter(fixture, "Your camera is connected: set your terms for live sharing").getContent().toString();
      assertTrue(Pattern.compile("https?://\\S+/portal/g/[A-Za-z0-9_-]{43}").matcher(invitation).find(), invitation);
      assertTrue(admin.listLiveConnectionRequests(ListLiveConnectionRequestsRequest.getDefaultInstance()).getRequestsList().isEmpty());
      assertAudited(fixture, "LIVE_CONNECTION_REQUESTED", "live-connection:" + request.getId());
      assertAudited(fixture, "LIVE_CONNECTION_CONNECTED", "live-connection:" + request.getId());

      // The password never comes back: not in answers, the audit log, the log, nor readable in the database.
      String answers = admin.listLiveConnectionRequests(ListLiveConnectionRequestsRequest.newBuilder()
          .addStatuses(LiveConnectionStatus.LIVE_CONNECTION_STATUS_CONNECTED).build()) + connected.toString() + refused + unreachable
          + cameraNow(fixture, registered.getId());
      String audit = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel())).queryAudit(QueryAuditRequest.newBuilder().setPageSize(1000).build()).toString();
      String stored = storedText(fixture, registered.getId(), request.getId());
      assertTrue(stored.matches("\\[sealed1:\\S+] sealed1:\\S+"), "both addresses are sealed: " + stored);
      for (String secret : List.of("demo-pass-2468", "not-the-password")) {
        assertFalse(answers.contains(secret), "an answer holds a password");
        assertFalse(audit.contains(secret), "the audit log holds a password");
        assertFalse(log.text().contains(secret), "the log holds a password: " + log.text().lines().filter(line -> line.contains(secret)).toList());
        assertFalse(stored.contains(secret), "the database holds a password readable");
      }
    }
  }

  @Test
  void anOwnerWatchesTheirLevel2CameraLiveInTheBrowserAuditedAsTheirOwnViewNotAPoliceView() throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(TestDatabase.Kind.H2)) {
      Camera live = firstCameraOfKind(fixture, CameraKind.CAMERA_KIND_PRIVATE_LIVE);
      Owner owner = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .getOwner(GetOwnerRequest.newBuilder().setOwnerId(live.getOwnerId()).build());
      long policeViewsBefore = policeLiveViews(fixture);
      String manage = askForManageLink(fixture, owner.getEmail());
      browser.get(manage);
      load(browser.findElement(By.id("watch-" + live.getId())));
      assertEquals(live.getName() + ", live", heading());
      var script = (org.openqa.selenium.JavascriptExecutor) browser;
      assertEquals(Boolean.TRUE, script.executeScript("return !!(window.Hls && window.Hls.isSupported())"), "hls.js loads and can play here");
      new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage(() -> "the video did not play: " + script.executeScript(
          "var v = document.getElementById('live'); return 'readyState ' + v.readyState + ', paused ' + v.paused + ', time ' + v.currentTime"
              + " + ', error ' + (v.error && v.error.message) + ', says: ' + document.getElementById('player-state').textContent"))
          .until(driver -> Boolean.TRUE.equals(script.executeScript(
          "var v = document.getElementById('live'); return v.readyState >= 3 && !v.paused && v.currentTime > 0")));
      assertEquals("Playing live.", browser.findElement(By.id("player-state")).getText());
      assertEquals(Boolean.TRUE, script.executeScript("return document.getElementById('live').src.startsWith('blob:')"),
          "hls.js plays it through Media Source Extensions, not the browser's own HLS");
      // What the page's script does every minute: the owner's ticket is renewed while the page is open.
      Object renewed = script.executeAsyncScript("var done = arguments[arguments.length - 1]; var v = document.getElementById('live');"
          + " var body = new URLSearchParams(); body.set('form_token', v.dataset.formToken); body.set('session', v.dataset.session);"
          + " fetch(v.dataset.renew, {method: 'POST', body: body}).then(function (answer) { done(answer.status); });");
      assertEquals(204L, renewed);
      String plainLink = browser.findElement(By.id("stream-link")).getAttribute("href");
      assertTrue(plainLink.contains("/index.m3u8?ticket="), plainLink);
      screenshotIfAsked("owner-level2.png");

      AuditEvent ownView = auditRow(fixture, "OWNER_VIEW_OPENED", "camera:" + live.getId());
      assertTrue(ownView.getUsername().contains(owner.getDisplayName()) || ownView.getUserId().contains(owner.getId()), ownView.toString());
      // Only their own connected cameras: another owner's is not found, and nothing is opened for it.
      Camera someoneElses = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
          .listCameras(org.watchfloor.proto.v1.ListCamerasRequest.newBuilder().setPageSize(5000).build()).getCamerasList().stream()
          .filter(camera -> camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE && !camera.getOwnerId().equals(owner.getId()))
          .findFirst().orElseThrow();
      browser.get(manage + "/watch/" + someoneElses.getId());
      assertEquals("Not found", heading());
      assertTrue(fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel())).queryAudit(QueryAuditRequest.newBuilder()
          .setAction("OWNER_VIEW_OPENED").setTarget("camera:" + someoneElses.getId()).build()).getEventsList().isEmpty());
      browser.get(manage);
      String accessLog = browser.findElement(By.id("access-log")).getText();
      assertFalse(accessLog.contains("Live view"), "the owner's own view is not a police view in the access log: " + accessLog);

      // A police view opened after it is counted on the transparency page; the owner's is not.
      fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel())).openLive(OpenLiveRequest.newBuilder()
          .setCameraId(firstCameraOfKind(fixture, CameraKind.CAMERA_KIND_TRAFFIC).getId())
          .setPurpose(Purpose.newBuilder().setCaseNumber("LEX-26-2").setReason("test")).build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (policeLiveViews(fixture) == policeViewsBefore && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(policeViewsBefore + 1, policeLiveViews(fixture));
    }
  }

  /** The manage page's "share this camera live" form for one camera, filled and sent. */
  private void askToShareLive(String manage, String cameraId, String address, String username, String password) {
    WebElement card = browser.findElement(By.id("camera-" + cameraId));
    WebElement form = card.findElement(By.cssSelector("form.live-request"));
    WebElement summary = form.findElement(By.xpath("./ancestor::details/summary"));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", summary);
    if (form.findElement(By.xpath("./ancestor::details")).getAttribute("open") == null) {
      summary.click();
    }
    WebElement field = browser.findElement(By.id("address-" + cameraId));
    field.clear();
    field.sendKeys(address);
    browser.findElement(By.id("username-" + cameraId)).clear();
    browser.findElement(By.id("username-" + cameraId)).sendKeys(username);
    browser.findElement(By.id("password-" + cameraId)).sendKeys(password);
    load(browser.findElement(By.id("ask-live-" + cameraId)));
  }

  private static Camera firstCameraOfKind(BrokerFixture fixture, CameraKind kind) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(org.watchfloor.proto.v1.ListCamerasRequest.newBuilder().setPageSize(5000).build()).getCamerasList().stream()
        .filter(camera -> camera.getKind() == kind).min(java.util.Comparator.comparing(Camera::getId)).orElseThrow();
  }

  private static Camera cameraNow(BrokerFixture fixture, String id) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .getCamera(org.watchfloor.proto.v1.GetCameraRequest.newBuilder().setCameraId(id).build());
  }

  /** Live views the transparency page counts for the last 30 days. */
  private static long policeLiveViews(BrokerFixture fixture) throws Exception {
    var answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base(fixture) + "/transparency.json")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).at("/liveViews/sessions/last30Days").asLong(-1);
  }

  /** The camera's upstream URLs and the request's stream address as the database holds them. */
  private static String storedText(BrokerFixture fixture, String cameraId, String requestId) {
    return fixture.broker().database().inTransaction("read stored addresses", transaction ->
        org.watchfloor.server.store.CameraStore.upstreams(transaction, cameraId).values() + " "
            + org.watchfloor.server.store.LiveConnectionStore.find(transaction, requestId).orElseThrow().sealedSource().orElse(""));
  }

  /** Everything logged while a test runs (java.util.logging, every level), but the test's own browser driver, which logs the keys it types. */
  private static final class RecordedLog extends java.util.logging.Handler implements AutoCloseable {
    private final StringBuilder text = new StringBuilder();
    private final java.util.logging.Level before = java.util.logging.Logger.getLogger("").getLevel();

    static RecordedLog start() {
      RecordedLog log = new RecordedLog();
      log.setLevel(java.util.logging.Level.ALL);
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.ALL);
      java.util.logging.Logger.getLogger("").addHandler(log);
      return log;
    }

    @Override
    public synchronized void publish(java.util.logging.LogRecord record) {
      if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.openqa.selenium")) {
        return;
      }
      text.append(new java.util.logging.SimpleFormatter().format(record));
    }

    synchronized String text() {
      return text.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      java.util.logging.Logger.getLogger("").removeHandler(this);
      java.util.logging.Logger.getLogger("").setLevel(before);
    }
  }

  // ---- helpers ----

  private static ServerSettings.Enrollment enrollment(boolean approval, int maxCameras, int perAddress, int perEmail) {
    ServerSettings.Enrollment defaults = ServerSettings.Enrollment.defaults();
    return new ServerSettings.Enrollment(approval, maxCameras, perAddress, perEmail, defaults.verificationValidity(), defaults.timeZone(), defaults.agency());
  }

  private static String base(BrokerFixture fixture) {
    return "http://localhost:" + fixture.broker().server().httpPort();
  }

  private void fillOwner(String name, String email) {
    browser.findElement(By.id("name")).sendKeys(name);
    browser.findElement(By.id("email")).sendKeys(email);
  }

  private void fillCamera(int index, String name, String position, String device, String retention) {
    String prefix = "c" + index + "_";
    browser.findElement(By.id(prefix + "name")).sendKeys(name);
    browser.findElement(By.id(prefix + "position")).sendKeys(position);
    new Select(browser.findElement(By.id(prefix + "device"))).selectByValue(device);
    browser.findElement(By.id(prefix + "retention")).sendKeys(retention);
  }

  private void acceptPolicyAndSubmit() {
    WebElement policy = browser.findElement(By.name("policy"));
    if (!policy.isSelected()) {
      policy.click();
    }
    load(browser.findElement(By.id("submit")));
  }

  /** A complete one-camera registration through the page. */
  private void register(BrokerFixture fixture, String name, String email) {
    browser.get(base(fixture) + "/register");
    fillOwner(name, email);
    fillCamera(0, "Front door", DOWNTOWN, "doorbell", "30");
    acceptPolicyAndSubmit();
  }

  /** Clicks the middle of a camera's map, scrolled into the middle of the screen first so the click lands where aimed. */
  private void clickMapMiddle(String name) {
    WebElement map = browser.findElement(By.name(name));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", map);
    load(map);
  }

  /** Clicks something that sends a form or follows a link, and waits until the next page has replaced this one. */
  private void load(WebElement clicked) {
    var script = (org.openqa.selenium.JavascriptExecutor) browser;
    script.executeScript("document.documentElement.dataset.before = 'yes'");
    clicked.click();
    // The next page carries no mark; it is ready when its document is complete.
    new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class).until(driver ->
        Boolean.TRUE.equals(script.executeScript("return document.readyState === 'complete' && !document.documentElement.dataset.before")));
  }

  /** The page's heading, or (when it has none) all it says, so a failure shows what went wrong. */
  private String heading() {
    List<WebElement> headings = browser.findElements(By.tagName("h1"));
    String body = browser.findElement(By.tagName("body")).getText();
    if (headings.isEmpty()) {
      return body;
    }
    String heading = headings.get(0).getText();
    return heading.equals("Register your cameras") ? heading + "\n" + body : heading;
  }

  private String error(String field) {
    return browser.findElement(By.id(field + "-error")).getText();
  }

  /** Asks for a manage link on the page and returns the link from the e-mail. */
  private String askForManageLink(BrokerFixture fixture, String email) throws Exception {
    browser.get(base(fixture) + "/register/manage");
    browser.findElement(By.id("email")).sendKeys(email);
    load(browser.findElement(By.id("send-link")));
    assertEquals("Check your e-mail", heading());
    return link(letter(fixture, "Manage your registered cameras"), MANAGE_LINK);
  }

  /** The newest e-mail with {@code subject}. */
  private static MimeMessage letter(BrokerFixture fixture, String subject) throws Exception {
    List<MimeMessage> letters = OwnerLetters.outbox(fixture.dataDir());
    for (int i = letters.size() - 1; i >= 0; i--) {
      if (letters.get(i).getSubject().equals(subject)) {
        return letters.get(i);
      }
    }
    throw new AssertionError("no e-mail '" + subject + "' in the outbox");
  }

  private static String link(MimeMessage letter, Pattern pattern) throws Exception {
    Matcher found = pattern.matcher(letter.getContent().toString());
    assertTrue(found.find(), "no link in:\n" + letter.getContent());
    return found.group();
  }

  private static int directorySize(BrokerFixture fixture) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(org.watchfloor.proto.v1.ListCamerasRequest.newBuilder().setPageSize(5000).build()).getCamerasCount();
  }

  private static void assertAudited(BrokerFixture fixture, String action, String target) throws Exception {
    auditRow(fixture, action, target);
  }

  private static AuditEvent auditRow(BrokerFixture fixture, String action, String target) throws Exception {
    var rows = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setAction(action).setTarget(target).build()).getEventsList();
    assertFalse(rows.isEmpty(), action + " on " + target + " not audited");
    return rows.get(0);
  }

  /** The registration page with its problems at phone width, for the README. */
  private void takeScreenshotForTheReadme(BrokerFixture fixture) throws Exception {
    String target = System.getProperty("watchfloor.screenshots");
    if (target == null) {
      return;
    }
    browser.get(base(fixture) + "/register");
    fillOwner("Rosa Delgado", "rosa@example");
    fillCamera(0, "Front door", "", "doorbell", "30");
    clickMapMiddle("c0_map");
    acceptPolicyAndSubmit();
    // The camera's card: the map after one click (zoomed in, the marker placed), the owner's fields' problem just above.
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "window.scrollTo(0, document.getElementById('camera-0').getBoundingClientRect().top + window.scrollY - 260)");
    screenshotIfAsked("register-phone.png");
  }

  /** What the browser shows now, into the folder {@code -Dwatchfloor.screenshots} names (if any). */
  private void screenshotIfAsked(String file) throws java.io.IOException {
    String target = System.getProperty("watchfloor.screenshots");
    if (target != null) {
      Files.write(Path.of(target, file), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }

  /** An analyst's client following the whole directory for the whole test. */
  private static final class DirectoryWatcher implements AutoCloseable {
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenAt = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ClientCallStreamObserver<WatchCamerasRequest>> call = new AtomicReference<>();
    private final Object changed = new Object();

    DirectoryWatcher(BrokerFixture fixture) throws Exception {
      CameraDirectoryGrpc.newStub(fixture.channel())
          .withCallCredentials(BrokerFixture.bearer(fixture.token("ana")))
          .watchCameras(WatchCamerasRequest.getDefaultInstance(), new ClientResponseObserver<WatchCamerasRequest, CameraEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchCamerasRequest> stream) {
              call.set(stream);
            }

            @Override
            public void onNext(CameraEvent event) {
              if (event.hasUpserted()) {
                seenAt.putIfAbsent(event.getUpserted().getId(), Instant.now());
                cameras.put(event.getUpserted().getId(), event.getUpserted());
              } else if (event.hasRemoved()) {
                cameras.remove(event.getRemoved().getCameraId());
                removed.add(event.getRemoved().getCameraId());
              }
              synchronized (changed) {
                changed.notifyAll();
              }
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onCompleted() {}
          });
    }

    /** Waits up to 10 s until {@code count} cameras match; returns them by id. */
    Map<String, Camera> awaitCameras(int count, Predicate<Camera> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      synchronized (changed) {
        while (true) {
          Map<String, Camera> matching = new java.util.HashMap<>();
          cameras.values().stream().filter(wanted).forEach(camera -> matching.put(camera.getId(), camera));
          if (matching.size() >= count) {
            return matching;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("the analyst's client never saw " + count + " matching cameras");
          }
          changed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    }

    /** When the camera first arrived at this client. */
    Instant seenAt(String cameraId) {
      return seenAt.get(cameraId);
    }

    void awaitRemoved(Set<String> ids) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      synchronized (changed) {
        while (!removed.containsAll(ids)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("the analyst's client still holds " + ids);
          }
          changed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    }

    @Override
    public void close() {
      call.get().cancel("test over", null);
    }
  }
}
