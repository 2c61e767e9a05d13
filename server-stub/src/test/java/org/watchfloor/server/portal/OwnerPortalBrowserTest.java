package org.watchfloor.server.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ClipDownload;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.FootageRequestEvent;
import org.watchfloor.proto.v1.FootageRequestStatus;
import org.watchfloor.proto.v1.GetClipDownloadRequest;
import org.watchfloor.proto.v1.GetFootageRequestRequest;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.RequestFootageRequest;
import org.watchfloor.proto.v1.WatchFootageRequestsRequest;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.store.ProtoTime;

/**
 * The owner's side end to end, in a real headless Chromium: a request made over gRPC is e-mailed
 * (read from the outbox as an owner's mail program would), the owner opens the link, uploads a real
 * video or declines, and the center's watching client sees the outcome; used and forged links
 * show a clear page and change nothing. Also live-share grants through a manage-sharing link.
 */
class OwnerPortalBrowserTest {

  private static final Purpose CASE =
      Purpose.newBuilder().setCaseNumber("LEX-26-004512").setReason("burglary on Main St, suspect left on foot").build();

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
  void anOwnerUploadsAClipThroughTheMailedLinkAndTheWatchingCenterSeesItFulfilledWithItsHash(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind); Watcher watcher = new Watcher(fixture)) {
      Camera camera = privateCamera(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED);
      FootageRequest asked = request(fixture, camera);
      String link = OwnerLetters.requestLink(letterFor(fixture, asked));

      browser.get(link);
      assertTrue(browser.findElement(By.id("case-number")).getText().contains(CASE.getCaseNumber()));
      assertTrue(browser.findElement(By.tagName("body")).getText().contains(camera.getName()), "the page names the camera (as a person reads it, unescaped)");
      new Select(browser.findElement(By.name("camera_id"))).selectByValue(camera.getId());
      Path clip = Path.of(OwnerPortalBrowserTest.class.getResource("/portal/front-door.mp4").toURI());
      browser.findElement(By.id("file")).sendKeys(clip.toString());
      browser.findElement(By.id("upload")).click();

      String expectedHash = Sha256.hex(Files.readAllBytes(clip));
      awaitText(By.id("sha256"), expectedHash);
      FootageRequest fulfilled =
          watcher.await(request -> request.getId().equals(asked.getId()) && request.getStatus() == FootageRequestStatus.FOOTAGE_REQUEST_STATUS_FULFILLED);
      assertEquals(1, fulfilled.getClipsCount());
      assertEquals(expectedHash, fulfilled.getClips(0).getSha256());
      assertEquals("video/mp4", fulfilled.getClips(0).getContentType());
      assertEquals("front-door.mp4", fulfilled.getClips(0).getFileName());

      assertUsedLinkChangesNothing(fixture, link, fulfilled, "This request has been answered");
      assertForgedLinkIsRefused(link);
      assertTheExportHashesToTheClip(fixture, fulfilled);
      assertAudited(fixture, "PORTAL_CLIP_UPLOADED", "clip:" + fulfilled.getClips(0).getId(), expectedHash);
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void anOwnerDeclinesWithAReasonAndTheLinkIsUsedUp(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind); Watcher watcher = new Watcher(fixture)) {
      FootageRequest asked = request(fixture, privateCamera(fixture, CameraKind.CAMERA_KIND_PRIVATE_LIVE));
      String link = OwnerLetters.requestLink(letterFor(fixture, asked));

      browser.get(link);
      FootageRequest viewed =
          watcher.await(request -> request.getId().equals(asked.getId()) && request.getStatus() == FootageRequestStatus.FOOTAGE_REQUEST_STATUS_VIEWED);
      assertTrue(viewed.hasViewedAt());
      browser.findElement(By.id("decline-reason")).sendKeys("the camera was off that night");
      browser.findElement(By.id("decline")).click();
      awaitText(By.id("outcome"), "You declined the request");

      FootageRequest declined =
          watcher.await(request -> request.getId().equals(asked.getId()) && request.getStatus() == FootageRequestStatus.FOOTAGE_REQUEST_STATUS_DECLINED);
      assertEquals("the camera was off that night", declined.getDeclineReason());
      assertTrue(declined.hasDecidedAt());
      assertUsedLinkChangesNothing(fixture, link, declined, "This request has been answered");
      assertAudited(fixture, "PORTAL_DECLINED", "footage-request:" + asked.getId(), "the camera was off that night");
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void anOwnerSharesACameraLiveThenPausesItThroughTheirManageSharingLink(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Camera camera = privateCamera(fixture, CameraKind.CAMERA_KIND_PRIVATE_LIVE);
      String link = fixture.broker().invitations().issue(
          new org.watchfloor.server.audit.Actor("usr-test", "test"), camera.getOwnerId(), Duration.ofHours(1));

      browser.get(link);
      var section = browser.findElement(By.id("camera-" + camera.getId()));
      section.findElement(By.tagName("summary")).click();
      section.findElement(By.cssSelector("input[name=note]")).sendKeys("call first at night");
      section.findElement(By.cssSelector("form.new-grant button")).click();
      awaitText(By.id("outcome"), "Done: grant");

      LiveShareGrant given = grantWithNote(fixture, camera, "call first at night");
      assertEquals(GrantStatus.GRANT_STATUS_ACTIVE, given.getStatus());
      browser.findElement(By.cssSelector("#grant-" + given.getId() + " form[action$='/pause'] button")).click();
      awaitText(By.id("outcome"), "Done: pause");
      assertEquals(GrantStatus.GRANT_STATUS_PAUSED, grantWithNote(fixture, camera, "call first at night").getStatus());
      assertAudited(fixture, "GRANT_PAUSED", "grant:" + given.getId(), "");

      // Single purpose: a manage-sharing link is no footage-request link.
      browser.get(link.replace("/portal/g/", "/portal/r/"));
      assertEquals("This link is not valid", browser.findElement(By.tagName("h1")).getText());
    }
  }

  // ---- helpers ----

  /**
   * Waits (a form post returns before its answer is shown) until {@code element} says {@code text};
   * otherwise fails showing what the page said instead.
   */
  private void awaitText(By element, String text) {
    try {
      // An element of a page being replaced by the form's answer is stale: Chrome says so as a
      // stale reference or as an inspector error ("node … does not belong to the document").
      new WebDriverWait(browser, Duration.ofSeconds(10))
          .ignoring(WebDriverException.class)
          .until(page -> page.findElements(element).stream().anyMatch(found -> found.getText().contains(text)));
    } catch (TimeoutException e) {
      throw new AssertionError("no " + element + " saying '" + text + "'; the page says:\n" + browser.findElement(By.tagName("body")).getText(), e);
    }
  }

  private static Camera privateCamera(BrokerFixture fixture, CameraKind kind) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addKinds(kind).setPageSize(1000).build()).getCamerasList().stream()
        .filter(camera -> !camera.getOwnerId().isEmpty())
        .min(java.util.Comparator.comparing(Camera::getName)) // ids are random: pick by name, the same every run
        .orElseThrow();
  }

  private static FootageRequest request(BrokerFixture fixture, Camera camera) throws Exception {
    Instant end = Instant.now().minus(Duration.ofHours(1));
    List<FootageRequest> made =
        fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
            .requestFootage(
                RequestFootageRequest.newBuilder()
                    .addCameraIds(camera.getId())
                    .setWindowStart(ProtoTime.toTimestamp(end.minus(Duration.ofHours(2))))
                    .setWindowEnd(ProtoTime.toTimestamp(end))
                    .setPurpose(CASE)
                    .build())
            .getRequestsList();
    assertEquals(1, made.size());
    assertEquals(FootageRequestStatus.FOOTAGE_REQUEST_STATUS_SENT, made.get(0).getStatus());
    return made.get(0);
  }

  private static MimeMessage letterFor(BrokerFixture fixture, FootageRequest request) throws Exception {
    List<MimeMessage> letters = OwnerLetters.outbox(fixture.dataDir());
    assertEquals(1, letters.size(), "one e-mail per request");
    MimeMessage letter = letters.get(0);
    assertEquals("Footage request for case " + CASE.getCaseNumber(), letter.getSubject());
    String text = letter.getContent().toString();
    assertTrue(text.contains(request.getRequesterDisplayName()) && text.contains(CASE.getReason()), text);
    return letter;
  }

  private void assertUsedLinkChangesNothing(BrokerFixture fixture, String link, FootageRequest decided, String heading) throws Exception {
    browser.get(link);
    assertEquals(heading, browser.findElement(By.tagName("h1")).getText());
    assertTrue(browser.findElements(By.tagName("form")).isEmpty(), "a used link offers no form");
    FootageRequest now = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
        .getFootageRequest(GetFootageRequestRequest.newBuilder().setRequestId(decided.getId()).build());
    assertEquals(decided, now);
  }

  private void assertForgedLinkIsRefused(String link) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String forged = link.substring(0, link.lastIndexOf('/') + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    browser.get(forged);
    assertEquals("This link is not valid", browser.findElement(By.tagName("h1")).getText());
    browser.get(link.substring(0, link.lastIndexOf('/') + 1) + "not-even-a-token");
    assertEquals("This link is not valid", browser.findElement(By.tagName("h1")).getText());
  }

  private static void assertTheExportHashesToTheClip(BrokerFixture fixture, FootageRequest fulfilled) throws Exception {
    ClipDownload download = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
        .getClipDownload(GetClipDownloadRequest.newBuilder()
            .setRequestId(fulfilled.getId()).setClipId(fulfilled.getClips(0).getId()).setPurpose(CASE).build());
    HttpResponse<byte[]> file = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(download.getUrl())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertEquals(fulfilled.getClips(0).getSha256(), Sha256.hex(file.body()));
    assertAudited(fixture, "EXPORT", "clip:" + fulfilled.getClips(0).getId(), fulfilled.getClips(0).getSha256());
  }

  private static void assertAudited(BrokerFixture fixture, String action, String target, String detailPart) throws Exception {
    var rows = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel()))
        .queryAudit(QueryAuditRequest.newBuilder().setAction(action).build()).getEventsList();
    assertTrue(rows.stream().anyMatch(row -> row.getTarget().equals(target) && row.getDetail().contains(detailPart)),
        action + " on " + target + " not audited: " + rows);
  }

  private static LiveShareGrant grantWithNote(BrokerFixture fixture, Camera camera, String note) throws Exception {
    return fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
        .listGrants(ListGrantsRequest.newBuilder().setCameraId(camera.getId()).build()).getGrantsList().stream()
        .filter(grant -> grant.getOwnerNote().equals(note)).findFirst().orElseThrow();
  }

  /** A center client watching footage requests for the whole test. */
  private static final class Watcher implements AutoCloseable {
    private final BlockingQueue<FootageRequestEvent> events = new LinkedBlockingQueue<>();
    private final AtomicReference<ClientCallStreamObserver<WatchFootageRequestsRequest>> call = new AtomicReference<>();

    Watcher(BrokerFixture fixture) throws Exception {
      ConsentServiceGrpc.newStub(fixture.channel())
          .withCallCredentials(BrokerFixture.bearer(fixture.token("ana")))
          .watchFootageRequests(WatchFootageRequestsRequest.getDefaultInstance(), new ClientResponseObserver<WatchFootageRequestsRequest, FootageRequestEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchFootageRequestsRequest> stream) {
              call.set(stream);
            }

            @Override
            public void onNext(FootageRequestEvent event) {
              events.add(event);
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onCompleted() {}
          });
    }

    FootageRequest await(Predicate<FootageRequest> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        FootageRequestEvent event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null && event.hasUpserted() && wanted.test(event.getUpserted())) {
          return event.getUpserted();
        }
      }
      throw new AssertionError("the watching client never saw the expected change");
    }

    @Override
    public void close() {
      call.get().cancel("test over", null);
    }
  }
}
