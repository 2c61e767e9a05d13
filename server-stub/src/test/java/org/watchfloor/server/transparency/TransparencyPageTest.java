package org.watchfloor.server.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListCamerasResponse;
import org.watchfloor.proto.v1.ListFootageRequestsRequest;
import org.watchfloor.proto.v1.ListFootageRequestsResponse;
import org.watchfloor.proto.v1.ListGrantsRequest;
import org.watchfloor.proto.v1.ListOwnersRequest;
import org.watchfloor.proto.v1.ListUsersRequest;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.OpenPlaybackRequest;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.QueryAuditResponse;
import org.watchfloor.proto.v1.RequestFootageRequest;
import org.watchfloor.proto.v1.SearchLprHitsRequest;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.proto.v1.User;
import org.watchfloor.proto.v1.WithdrawFootageRequestRequest;
import org.watchfloor.server.BrokerFixture;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.sim.SettableClock;
import org.watchfloor.server.store.IncidentStore;
import org.watchfloor.server.store.ProtoTime;

/**
 * The public transparency page over a real broker with the demo world and real activity (live views,
 * a playback, a plate search, footage requests, a revocation that ends a view): every figure of
 * {@code /transparency.json} is counted again independently, through QueryAudit and the listing
 * calls, and must agree; the HTML renders in headless Chromium at phone width, shows the same
 * figures, names no one and lets no raw HTML of the policy through.
 */
class TransparencyPageTest {

  private static final Purpose ROBBERY = Purpose.newBuilder().setCaseNumber("LEX-26-700001").setReason("armed robbery in progress").build();
  private static final Purpose BURGLARY = Purpose.newBuilder().setCaseNumber("LEX-26-700002").setReason("burglary follow-up").build();
  private static final String SEARCHED_PLATE = "917PXW";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void everyFigureAgreesWithARecountFromTheAuditLogAndTheStore(TestDatabase.Kind kind) throws Exception {
    try (BrokerFixture fixture = BrokerFixture.on(kind)) {
      Activity activity = makeActivity(fixture);
      JsonNode page = JSON.readTree(get(fixture.httpBase() + "/transparency.json", "application/json"));
      Instant to = Instant.parse(page.at("/computedAt").asText());
      Instant recentFrom = Instant.parse(page.at("/last30Days/from").asText());
      Instant yearFrom = Instant.parse(page.at("/yearToDate/from").asText());
      assertEquals(to, Instant.parse(page.at("/last30Days/to").asText()));
      assertEquals(Duration.ofDays(30), Duration.between(recentFrom, to));
      assertEquals(to.atZone(java.time.ZoneOffset.UTC).getYear(), yearFrom.atZone(java.time.ZoneOffset.UTC).getYear());
      assertEquals(1, yearFrom.atZone(java.time.ZoneOffset.UTC).getDayOfYear());

      Recount recount = new Recount(fixture);
      for (String window : List.of("last30Days", "yearToDate")) {
        Instant from = window.equals("last30Days") ? recentFrom : yearFrom;
        assertAuditFigures(page, recount, window, from, to);
        assertFigure(page, "/hotlistHits/" + window, recount.hotlistHits(from, to));
        List<FootageRequest> made = recount.footageRequests().stream()
            .filter(request -> !ProtoTime.toInstant(request.getCreatedAt()).isBefore(from) && ProtoTime.toInstant(request.getCreatedAt()).isBefore(to))
            .toList();
        assertFigure(page, "/footageRequests/made/" + window, made.size());
        for (String outcome : List.of("FULFILLED", "DECLINED", "EXPIRED", "WITHDRAWN")) {
          assertFigure(page, "/footageRequests/" + outcome.toLowerCase() + "/" + window,
              made.stream().filter(request -> request.getStatus().name().endsWith("_" + outcome)).count());
        }
        assertFigure(page, "/footageRequests/awaitingAnswer/" + window,
            made.stream().filter(request -> List.of("PENDING", "SENT", "VIEWED").contains(request.getStatus().name().substring("FOOTAGE_REQUEST_STATUS_".length()))).count());
      }
      assertFigure(page, "/liveViews/sessions/last30Days", activity.liveViews());
      assertFigure(page, "/liveViews/distinctCases/last30Days", 2);
      assertFigure(page, "/viewsEndedByOwner/revoked/last30Days", 1);
      assertFigure(page, "/footageRequests/withdrawn/last30Days", 1);
      assertFigure(page, "/footageRequests/made/last30Days", 2);

      List<Camera> cameras = recount.cameras();
      Map<String, Long> byKind = new HashMap<>();
      cameras.forEach(camera -> byKind.merge(camera.getKind().name().substring("CAMERA_KIND_".length()), 1L, Long::sum));
      assertEquals(byKind.size(), page.at("/cameras/byKind").size());
      byKind.forEach((name, count) -> assertFigure(page, "/cameras/byKind/" + name, count));
      assertFigure(page, "/cameras/total", cameras.size());
      assertFigure(page, "/cameras/level1Registered", byKind.get("PRIVATE_REGISTERED"));
      assertFigure(page, "/cameras/level2Live", byKind.get("PRIVATE_LIVE"));
      assertFigure(page, "/ownersTakingPart", cameras.stream().map(Camera::getOwnerId).filter(id -> !id.isEmpty()).distinct().count());
      List<LiveShareGrant> active = recount.activeGrants();
      for (GrantScope scope : List.of(GrantScope.GRANT_SCOPE_ALWAYS, GrantScope.GRANT_SCOPE_EMERGENCY_ONLY, GrantScope.GRANT_SCOPE_SCHEDULE)) {
        assertFigure(page, "/activeLiveGrantsByScope/" + scope.name().substring("GRANT_SCOPE_".length()),
            active.stream().filter(grant -> grant.getScope() == scope).count());
      }

      Map<String, Long> byOrganization = new HashMap<>();
      recount.users().forEach(user -> byOrganization.merge(user.getOrganisation(), 1L, Long::sum));
      assertEquals(byOrganization.size(), page.at("/organizations").size());
      page.at("/organizations").forEach(organization ->
          assertEquals(byOrganization.get(organization.get("name").asText()), organization.get("accounts").asLong(), organization.toString()));
      assertTrue(byOrganization.containsKey("Lexington Police Department (demo)"));

      assertEquals(90, page.at("/retention/0/days").asInt(), "LPR reads: the demo's published 90 days");
      assertEquals(30, page.at("/retention/4/days").asInt(), "deleted cameras' stream addresses: 30 days");
      assertTrue(page.at("/retention/5/days").isNull(), "the audit log is never deleted");
      assertTrue(page.at("/notCollected/0").asText().contains("facial recognition"));
      assertNamesNoOne(page.toString(), recount);

      java.time.LocalDate today = java.time.LocalDate.ofInstant(to, java.time.ZoneOffset.UTC);
      String report = get(fixture.httpBase() + "/transparency/report.md?from=" + today.minusDays(1) + "&to=" + today, "text/markdown");
      Instant periodStart = today.minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      Instant reportTo = Instant.now();
      List<AuditEvent> views = recount.audit("LIVE_VIEW_OPENED", periodStart, reportTo);
      assertTrue(report.contains("- Live views opened: " + views.size() + ", for " + distinctCases(views) + " distinct cases\n"), report);
      assertTrue(report.contains("- Licence-plate searches: " + recount.audit("LPR_SEARCH", periodStart, reportTo).size() + "\n"), report);
      assertTrue(report.contains("- Withdrawn by the center: 1\n"), report);
      assertTrue(report.contains("## Costs\n\nDemo figures: software maintenance $48,000"), "the center's own fields come from its settings: " + report);
      assertTrue(report.contains("- LPR reads: 90 days\n"), report);
      assertNamesNoOne(report, recount);
      HttpResponse<String> badDay = HTTP.send(HttpRequest.newBuilder(URI.create(fixture.httpBase() + "/transparency/report?from=2026-13-01")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, badDay.statusCode());
      assertEquals("from: must be a day written YYYY-MM-DD, not 2026-13-01\n", badDay.body());
    }
  }

  @Test
  void thePageReadsOnAPhoneInHeadlessChromiumShowsThePolicySafelyAndNamesNoOne() throws Exception {
    Path settingsFolder = Files.createTempDirectory("watchfloor-public-trust-");
    try {
      Files.writeString(settingsFolder.resolve("policy.md"),
          "# Our policy\n\nWe **never** use facial recognition.\n\n<script>document.title='owned'</script>\n\n"
              + "<img src=x onerror=\"document.title='owned'\">\n\n[click me](javascript:document.title='owned')\n");
      Files.writeString(settingsFolder.resolve("public-trust.json"),
          "{\"center\": \"Test City RTIC\", \"policyFile\": \"policy.md\", \"notCollected\": [\"No audio\"],"
              + " \"retentionDays\": {\"lprReads\": 30}}");
      try (BrokerFixture fixture = BrokerFixture.configured(settings -> settings.withPublicTrustFile(settingsFolder.resolve("public-trust.json")), java.time.Clock.systemUTC())) {
        makeActivity(fixture);
        JsonNode figures = JSON.readTree(get(fixture.httpBase() + "/transparency.json", "application/json"));
        WebDriver browser = chromium();
        try {
          browser.get(fixture.httpBase() + "/transparency");
          assertEquals("Transparency report · Test City RTIC", browser.getTitle(), "no script of the policy ran");
          assertEquals("Our policy", browser.findElement(By.cssSelector("#policy .policy h1")).getText());
          assertEquals("never", browser.findElement(By.cssSelector("#policy .policy strong")).getText());
          assertTrue(browser.findElements(By.cssSelector("script, img")).isEmpty(), "raw HTML in the policy is shown as text, not run");
          assertTrue(browser.findElement(By.id("policy")).getText().contains("<script>document.title='owned'</script>"));
          assertFalse(browser.findElement(By.linkText("click me")).getAttribute("href").startsWith("javascript"), "unsafe links are dropped");
          for (String key : List.of("liveViews.sessions.last30Days", "liveViews.distinctCases.yearToDate", "lprSearches.last30Days",
              "footageRequests.withdrawn.yearToDate", "cameras.total", "cameras.level2Live", "ownersTakingPart")) {
            String pointer = "/" + key.replace('.', '/');
            assertEquals(figures.at(pointer).asText(), browser.findElement(By.cssSelector("[data-figure='" + key + "']")).getText(), key);
          }
          assertEquals("30 days", browser.findElement(By.cssSelector("[data-figure='retention.lprReads']")).getText());
          assertEquals("never deleted", browser.findElement(By.cssSelector("[data-figure='retention.auditLog']")).getText());
          assertTrue(browser.findElement(By.id("not-collected")).getText().contains("No audio"));
          assertTrue(browser.findElement(By.id("organizations")).getText().contains("Lexington Police Department (demo)"));
          Object widths = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
              "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
          List<?> pair = (List<?>) widths;
          assertTrue(((Number) pair.get(1)).intValue() == 412, "the browser has a phone's width: " + pair);
          assertTrue(((Number) pair.get(0)).intValue() <= ((Number) pair.get(1)).intValue(), "nothing wider than the phone's screen: " + pair);
          assertNamesNoOne(browser.getPageSource(), new Recount(fixture));

          browser.findElement(By.linkText("this year so far")).click();
          assertTrue(browser.findElement(By.tagName("h1")).getText().startsWith("Test City RTIC: surveillance technology report"));
          assertTrue(browser.findElement(By.cssSelector(".report")).getText().contains("Costs\nNot reported by the center."),
              browser.findElement(By.cssSelector(".report")).getText());
          assertNamesNoOne(browser.getPageSource(), new Recount(fixture));
        } finally {
          browser.quit();
        }
      }
    } finally {
      TestDatabase.deleteTree(settingsFolder);
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void figuresStayRightAcrossMidnightAndAsDaysLeaveTheLast30Days(TestDatabase.Kind kind) throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-06-10T23:50:00Z"));
    try (BrokerFixture fixture = BrokerFixture.on(kind, clock)) {
      fixture.awaitAuditRow("RETENTION_PURGED");
      var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
      Camera traffic = firstOfKind(fixture, CameraKind.CAMERA_KIND_TRAFFIC);
      Purpose shooting = Purpose.newBuilder().setCaseNumber("LEX-26-700003").setReason("shots fired").build();
      streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(ROBBERY).build());
      streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(BURGLARY).build());
      Recount recount = new Recount(fixture);
      clock.advance(Duration.ofMinutes(1));
      JsonNode beforeMidnight = assertEveryWindowAgrees(fixture, recount);
      assertFigure(beforeMidnight, "/liveViews/sessions/last30Days", 2);

      clock.advance(Duration.ofMinutes(19));
      streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(ROBBERY).build());
      viewThenOwnerRevokes(fixture, shooting);
      clock.advance(Duration.ofMinutes(1));
      JsonNode afterMidnight = assertEveryWindowAgrees(fixture, recount);
      assertFigure(afterMidnight, "/liveViews/sessions/last30Days", 4);
      assertFigure(afterMidnight, "/liveViews/distinctCases/last30Days", 3);
      assertFigure(afterMidnight, "/viewsEndedByOwner/revoked/last30Days", 1);
      // A second broker whose clock lags appends a view dated in an hour the page has already totalled.
      Purpose lagging = Purpose.newBuilder().setCaseNumber("LEX-26-700004").setReason("lagging clock").build();
      fixture.broker().database().inTransaction("lagging view", transaction -> AuditLog.appendDated(transaction, List.of(new AuditLog.DatedEntry(
          Instant.parse("2026-06-10T23:55:00Z"), new AuditEntry(new Actor("usr-lagging", "lagging"), "LIVE_VIEW_OPENED", "camera:" + traffic.getId(),
              lagging.getCaseNumber(), lagging.getReason(), "", "session=ses-lagging profile=sub protocol=HLS")))));
      JsonNode afterLateRow = assertEveryWindowAgrees(fixture, recount);
      assertFigure(afterLateRow, "/liveViews/sessions/yearToDate", 5);
      assertFigure(afterLateRow, "/liveViews/distinctCases/yearToDate", 4);

      // 11 July 00:05: 10 June has left the last 30 days, 11 June is the window's partial first day.
      clock.advance(Duration.ofDays(30).minus(Duration.ofMinutes(6)));
      JsonNode monthLater = assertEveryWindowAgrees(fixture, recount);
      assertFigure(monthLater, "/liveViews/sessions/last30Days", 2);
      assertFigure(monthLater, "/liveViews/distinctCases/last30Days", 2);
      assertFigure(monthLater, "/viewsEndedByOwner/revoked/last30Days", 1);
      assertFigure(monthLater, "/liveViews/sessions/yearToDate", 5);
      assertFigure(monthLater, "/liveViews/distinctCases/yearToDate", 4);
    }
  }

  /** The page's audit figures for both windows, each checked against the recount; returns the page. */
  private static JsonNode assertEveryWindowAgrees(BrokerFixture fixture, Recount recount) throws Exception {
    JsonNode page = JSON.readTree(get(fixture.httpBase() + "/transparency.json", "application/json"));
    Instant to = Instant.parse(page.at("/computedAt").asText());
    assertAuditFigures(page, recount, "last30Days", Instant.parse(page.at("/last30Days/from").asText()), to);
    assertAuditFigures(page, recount, "yearToDate", Instant.parse(page.at("/yearToDate/from").asText()), to);
    return page;
  }

  /** The figures counted from audit rows, for one window, against the same rows read through QueryAudit. */
  private static void assertAuditFigures(JsonNode page, Recount recount, String window, Instant from, Instant to) throws Exception {
    List<AuditEvent> views = recount.audit("LIVE_VIEW_OPENED", from, to);
    List<AuditEvent> playbacks = recount.audit("PLAYBACK_OPENED", from, to);
    List<AuditEvent> terminations = recount.audit("SESSION_TERMINATED", from, to);
    assertFigure(page, "/liveViews/sessions/" + window, views.size());
    assertFigure(page, "/liveViews/distinctCases/" + window, distinctCases(views));
    assertFigure(page, "/playbacks/sessions/" + window, playbacks.size());
    assertFigure(page, "/playbacks/distinctCases/" + window, distinctCases(playbacks));
    assertFigure(page, "/viewsEndedByOwner/revoked/" + window,
        terminations.stream().filter(row -> row.getDetail().contains("reason=TERMINATION_REASON_CONSENT_REVOKED")).count());
    assertFigure(page, "/viewsEndedByOwner/paused/" + window,
        terminations.stream().filter(row -> row.getDetail().contains("reason=TERMINATION_REASON_CONSENT_PAUSED")).count());
    assertFigure(page, "/lprSearches/" + window, recount.audit("LPR_SEARCH", from, to).size());
    assertFigure(page, "/evidenceExports/" + window, recount.audit("EXPORT", from, to).size());
  }

  /** What this test did through the real API, so the page has something to count. */
  private record Activity(int liveViews) {}

  private static Activity makeActivity(BrokerFixture fixture) throws Exception {
    fixture.awaitAuditRow("RETENTION_PURGED");
    var streams = fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()));
    Camera traffic = firstOfKind(fixture, CameraKind.CAMERA_KIND_TRAFFIC);
    streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(ROBBERY).build());
    streams.openLive(OpenLiveRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(BURGLARY).build());
    viewThenOwnerRevokes(fixture, ROBBERY);
    Instant now = Instant.now();
    streams.openPlayback(OpenPlaybackRequest.newBuilder().setCameraId(traffic.getId()).setPurpose(BURGLARY)
        .setStart(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(20)))).setEnd(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(10)))).build());
    fixture.as("ana", IncidentServiceGrpc.newBlockingStub(fixture.channel())).searchLprHits(SearchLprHitsRequest.newBuilder()
        .setPlate(SEARCHED_PLATE).setWindowStart(ProtoTime.toTimestamp(now.minus(Duration.ofDays(7)))).setWindowEnd(ProtoTime.toTimestamp(now))
        .setPurpose(BURGLARY).build());
    var consent = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()));
    Camera registered = firstOfKind(fixture, CameraKind.CAMERA_KIND_PRIVATE_REGISTERED);
    RequestFootageRequest.Builder ask = RequestFootageRequest.newBuilder().addCameraIds(registered.getId())
        .setWindowStart(ProtoTime.toTimestamp(now.minus(Duration.ofHours(2)))).setWindowEnd(ProtoTime.toTimestamp(now.minus(Duration.ofHours(1))))
        .setPurpose(BURGLARY);
    FootageRequest withdrawn = consent.requestFootage(ask.setIdempotencyKey("first").build()).getRequests(0);
    consent.withdrawFootageRequest(WithdrawFootageRequestRequest.newBuilder().setRequestId(withdrawn.getId()).setReason("suspect arrested").build());
    consent.requestFootage(ask.setIdempotencyKey("second").setPurpose(ROBBERY).build());
    return new Activity(3);
  }

  /** A live view of a camera shared "always", which its owner then revokes, ending the view. */
  private static void viewThenOwnerRevokes(BrokerFixture fixture, Purpose purpose) throws Exception {
    LiveShareGrant always = fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
        .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList().stream()
        .filter(grant -> grant.getScope() == GrantScope.GRANT_SCOPE_ALWAYS).findFirst().orElseThrow();
    fixture.as("ana", StreamServiceGrpc.newBlockingStub(fixture.channel()))
        .openLive(OpenLiveRequest.newBuilder().setCameraId(always.getCameraId()).setPurpose(purpose).build());
    fixture.broker().grants().revoke(Actor.owner(always.getOwnerId(), "owner"), always.getOwnerId(), always.getId());
  }

  private static Camera firstOfKind(BrokerFixture fixture, CameraKind kind) throws Exception {
    return fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
        .listCameras(ListCamerasRequest.newBuilder().addKinds(kind).setPageSize(1).build()).getCameras(0);
  }

  /** The same figures counted the long way, as a reviewer with supervisor and admin access would. */
  private record Recount(BrokerFixture fixture) {

    List<AuditEvent> audit(String action, Instant from, Instant to) throws Exception {
      List<AuditEvent> rows = new ArrayList<>();
      String token = "";
      do {
        QueryAuditResponse page = fixture.as("sam", AuditServiceGrpc.newBlockingStub(fixture.channel())).queryAudit(QueryAuditRequest.newBuilder()
            .setAction(action).setFrom(ProtoTime.toTimestamp(from)).setTo(ProtoTime.toTimestamp(to)).setPageSize(1000).setPageToken(token).build());
        rows.addAll(page.getEventsList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
      return rows;
    }

    List<Camera> cameras() throws Exception {
      List<Camera> cameras = new ArrayList<>();
      String token = "";
      do {
        ListCamerasResponse page = fixture.as("ana", CameraDirectoryGrpc.newBlockingStub(fixture.channel()))
            .listCameras(ListCamerasRequest.newBuilder().setPageSize(1000).setPageToken(token).build());
        cameras.addAll(page.getCamerasList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
      return cameras;
    }

    List<LiveShareGrant> activeGrants() throws Exception {
      return fixture.as("ana", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
          .listGrants(ListGrantsRequest.newBuilder().addStatuses(GrantStatus.GRANT_STATUS_ACTIVE).setPageSize(1000).build()).getGrantsList();
    }

    List<FootageRequest> footageRequests() throws Exception {
      List<FootageRequest> requests = new ArrayList<>();
      String token = "";
      do {
        ListFootageRequestsResponse page = fixture.as("sam", ConsentServiceGrpc.newBlockingStub(fixture.channel()))
            .listFootageRequests(ListFootageRequestsRequest.newBuilder().setPageSize(1000).setPageToken(token).build());
        requests.addAll(page.getRequestsList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
      return requests;
    }

    List<User> users() throws Exception {
      return fixture.as("ada", SessionServiceGrpc.newBlockingStub(fixture.channel())).listUsers(ListUsersRequest.newBuilder().setPageSize(1000).build()).getUsersList();
    }

    List<Owner> owners() throws Exception {
      return fixture.as("ada", ConsentServiceGrpc.newBlockingStub(fixture.channel())).listOwners(ListOwnersRequest.newBuilder().setPageSize(1000).build()).getOwnersList();
    }

    /** LPR hits on every incident's timeline in [from, to), read from the store. */
    long hotlistHits(Instant from, Instant to) {
      return fixture.broker().database().inTransaction("recount hits", transaction -> {
        long hits = 0;
        for (var incident : IncidentStore.all(transaction)) {
          hits += IncidentStore.timeline(transaction, incident.getId(), from, to).stream()
              .filter(event -> event.getType() == TimelineEventType.TIMELINE_EVENT_TYPE_LPR_HIT)
              .filter(event -> ProtoTime.toInstant(event.getAt()).isBefore(to))
              .count();
        }
        return hits;
      });
    }
  }

  private static void assertNamesNoOne(String published, Recount recount) throws Exception {
    Set<String> personal = new HashSet<>(List.of(ROBBERY.getCaseNumber(), BURGLARY.getCaseNumber(), SEARCHED_PLATE, "usr-", "owner:"));
    for (User user : recount.users()) {
      personal.add(user.getDisplayName());
      personal.add(user.getId());
    }
    for (Owner owner : recount.owners()) {
      personal.add(owner.getDisplayName());
      personal.add(owner.getEmail());
    }
    Predicate<String> appears = published::contains;
    assertEquals(List.of(), personal.stream().filter(appears).toList(), "the public page names no person, owner, case or plate");
  }

  private static void assertFigure(JsonNode page, String pointer, long expected) {
    JsonNode value = page.at(pointer);
    assertTrue(value.isIntegralNumber(), pointer + " is missing from /transparency.json");
    assertEquals(expected, value.asLong(), pointer);
  }

  private static long distinctCases(List<AuditEvent> rows) {
    return rows.stream().map(row -> row.getPurpose().getCaseNumber()).filter(number -> !number.isEmpty()).distinct().count();
  }

  private static String get(String url, String contentType) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(contentType));
    return response.body();
  }

  static WebDriver chromium() {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
    // A desktop window cannot be narrower than about 500 px; a phone's viewport is emulated instead.
    options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", 412, "height", 915, "pixelRatio", 1.0)));
    WebDriver browser = new ChromeDriver(options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return browser;
  }
}
