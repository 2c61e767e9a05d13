package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.ScheduleWindow;
import org.watchfloor.proto.v1.Weekday;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.portal.PortalExchange.Page;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.consent.EvidenceLocker;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.consent.GrantBook;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.enrollment.AccessLog;
import org.watchfloor.server.enrollment.LiveConnections;
import org.watchfloor.server.enrollment.OwnerSelfService;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.stream.StreamBroker;

/**
 * The owner portal: small server-rendered pages, usable on a phone and without JavaScript, reached
 * only through an owner's share link. A footage-request link shows the request and takes a clip or
 * a refusal; a manage-sharing link lists the owner's cameras and lets them give, pause, resume and
 * revoke live-share grants. A forged, expired or used link gets a page that says so and changes
 * nothing.
 */
public final class OwnerPortal implements HttpHandler {

  /** Room for the form fields around an uploaded clip. */
  private static final long MULTIPART_OVERHEAD = 64 * 1024;

  private final ShareLinks links;
  private final FootageDesk footage;
  private final GrantBook grants;
  private final OwnerRegistry owners;
  private final CameraDirectory cameras;
  private final EvidenceLocker evidence;
  private final FormTokens formTokens;
  private final PortalExchange pages = new PortalExchange();
  private final ManagePages manage;
  private final Clock clock;
  private static final String MANAGE_AGAIN = "Ask for a new link on " + PortalAddresses.REGISTER_PATH + "/manage with the e-mail address you registered.";

  /** The pages' anti-forgery tokens are signed with a key kept in the database, shared by every broker instance. */
  public OwnerPortal(
      Database database,
      ShareLinks links,
      FootageDesk footage,
      GrantBook grants,
      OwnerRegistry owners,
      CameraDirectory cameras,
      EvidenceLocker evidence,
      OwnerSelfService selfService,
      AccessLog accessLog,
      RegistrationPortal registration,
      LiveConnections liveConnections,
      StreamBroker streams,
      Clock clock) {
    this.links = links;
    this.footage = footage;
    this.grants = grants;
    this.owners = owners;
    this.cameras = cameras;
    this.evidence = evidence;
    this.formTokens = FormTokens.fromDatabase(database, clock);
    this.manage = new ManagePages(selfService, accessLog, cameras, registration, registration.area(), formTokens, liveConnections, streams);
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    pages.respond(exchange, (request, post) -> {
      String[] path = request.getRequestURI().getPath().substring(PortalAddresses.PORTAL_PATH.length()).split("/");
      if (path.length == 1 && path[0].equals(PortalExchange.STYLESHEET) && !post) {
        PortalExchange.sendStylesheet(request);
        return null;
      }
      if (path.length == 1 && (path[0].equals(PortalExchange.HLS_SCRIPT) || path[0].equals(PortalExchange.OWNER_VIEW_SCRIPT)) && !post) {
        PortalExchange.sendScript(request, path[0]);
        return null;
      }
      return route(request, path, post);
    });
  }

  /** The page for {@code path}; null when a redirect was sent instead. */
  private Page route(HttpExchange exchange, String[] path, boolean post) throws IOException {
    if (path.length < 2) {
      return PortalExchange.notALink();
    }
    String action = path.length > 2 ? path[2] : "";
    if (path[0].equals(PortalAddresses.REQUEST)) {
      Optional<ShareLinks.Link> link = links.resolve(ShareLinks.Use.FOOTAGE_REQUEST, path[1]);
      if (link.isEmpty()) {
        return PortalExchange.notALink();
      }
      FootageRequest request = footage.get(link.get().subjectId()).orElseThrow();
      Optional<Page> closed = closedRequest(request, link.get());
      if (closed.isPresent()) {
        return closed.get();
      }
      if (!post && action.isEmpty()) {
        return requestPage(footage.markViewed(request.getId()), link.get(), path[1]);
      }
      if (post && action.equals("decline")) {
        return decline(exchange, request, link.get());
      }
      if (post && action.equals("upload")) {
        return upload(exchange, request, link.get());
      }
    } else if (path[0].equals(PortalAddresses.GRANTS)) {
      Optional<ShareLinks.Link> link = links.resolve(ShareLinks.Use.MANAGE_SHARING, path[1]);
      String base = PortalAddresses.PORTAL_PATH + PortalAddresses.GRANTS + "/" + path[1];
      return sharing(exchange, link, base, action, post, "Ask the center for a new link to manage your camera sharing.");
    } else if (path[0].equals(PortalAddresses.MANAGE)) {
      Optional<ShareLinks.Link> link = links.resolve(ShareLinks.Use.MANAGE_ENTRY, path[1]);
      if (action.equals("sharing")) {
        String subAction = path.length > 3 ? path[3] : "";
        return sharing(exchange, link, ManagePages.base(path[1]) + "/sharing", subAction, post, MANAGE_AGAIN);
      }
      Optional<Owner> owner = linkedOwner(link);
      if (owner.isEmpty()) {
        return PortalExchange.notALink();
      }
      if (link.get().expiredAt(clock.instant())) {
        return PortalExchange.message(410, "This link has expired", MANAGE_AGAIN);
      }
      if (!post && action.isEmpty()) {
        return manage.show(owner.get(), link.get(), path[1], PortalExchange.query(exchange).getOrDefault("done", ""));
      }
      if (action.equals(ManagePages.WATCH) && path.length == 4 && !post) {
        return manage.watch(owner.get(), link.get(), path[1], path[3]);
      }
      if (action.equals(ManagePages.WATCH) && path.length == 5 && path[4].equals("renew") && post) {
        return manage.renewView(exchange, owner.get(), link.get());
      }
      if (post) {
        return manage.post(exchange, owner.get(), link.get(), path[1], action);
      }
    }
    return PortalExchange.message(404, "Page not found", "Open the link from your e-mail as it is.");
  }

  /** The owner a link is held by, unless they withdrew. */
  private Optional<Owner> linkedOwner(Optional<ShareLinks.Link> link) {
    return link.flatMap(found -> owners.get(found.holderId())).filter(owner -> !owner.hasWithdrawnAt());
  }

  /**
   * The live-sharing page, reached with a manage-sharing link or from the manage page ({@code base}
   * is where its forms post); a post redirects back to it.
   */
  private Page sharing(HttpExchange exchange, Optional<ShareLinks.Link> link, String base, String action, boolean post, String whenExpired)
      throws IOException {
    Optional<Owner> owner = linkedOwner(link);
    if (owner.isEmpty()) {
      return PortalExchange.notALink();
    }
    if (link.get().expiredAt(clock.instant())) {
      return PortalExchange.message(410, "This link has expired", whenExpired);
    }
    if (!post && action.isEmpty()) {
      return grantsPage(owner.get(), link.get(), base, PortalExchange.query(exchange).getOrDefault("done", ""));
    }
    if (post) {
      Map<String, List<String>> form = PortalExchange.form(exchange);
      if (!formTokens.valid(link.get().tokenHash(), PortalExchange.first(form, "form_token"))) {
        return PortalExchange.staleForm();
      }
      String done = changeGrant(owner.get(), action, form);
      PortalExchange.redirect(exchange, base + "?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
      return null;
    }
    return PortalExchange.message(404, "Page not found", "Open the link from your e-mail as it is.");
  }

  // ---- footage requests ----

  /** The page for a request that can no longer be answered, if it cannot. */
  private Optional<Page> closedRequest(FootageRequest request, ShareLinks.Link link) {
    Map<String, Object> model = new HashMap<>();
    model.put("caseNumber", request.getPurpose().getCaseNumber());
    String template =
        switch (request.getStatus()) {
          case FOOTAGE_REQUEST_STATUS_FULFILLED -> {
            model.put("clips", request.getClipsList());
            yield "fulfilled";
          }
          case FOOTAGE_REQUEST_STATUS_DECLINED -> "declined";
          case FOOTAGE_REQUEST_STATUS_WITHDRAWN -> {
            model.put("reason", request.getDeclineReason());
            yield "withdrawn";
          }
          case FOOTAGE_REQUEST_STATUS_EXPIRED -> "expired";
          default -> link.expiredAt(clock.instant()) ? "expired" : null;
        };
    if (template == null) {
      return Optional.empty();
    }
    model.put("closed", true);
    return Optional.of(new Page(410, template, model));
  }

  private Page requestPage(FootageRequest request, ShareLinks.Link link, String token) {
    Owner owner = footage.owner(request);
    Map<String, Object> model = new HashMap<>();
    model.put("owner", owner.getDisplayName());
    model.put("requester", request.getRequesterDisplayName());
    model.put("caseNumber", request.getPurpose().getCaseNumber());
    model.put("reason", request.getPurpose().getReason());
    model.put("cameras", request.getCameraIdsList().stream().map(this::cameraView).toList());
    model.put("windowStart", FootageDesk.ownerLocal(ProtoTime.toInstant(request.getWindowStart()), owner.getTimeZone()));
    model.put("windowEnd", FootageDesk.ownerLocal(ProtoTime.toInstant(request.getWindowEnd()), owner.getTimeZone()));
    model.put("linkExpires", FootageDesk.ownerLocal(link.expiresAt(), owner.getTimeZone()));
    model.put("maxMiB", evidence.maxBytes() / (1024 * 1024));
    model.put("formToken", formTokens.issue(link.tokenHash()));
    model.put("base", PortalAddresses.PORTAL_PATH + PortalAddresses.REQUEST + "/" + token);
    return new Page(200, "request", model);
  }

  private Map<String, String> cameraView(String cameraId) {
    Optional<Camera> camera = cameras.get(cameraId);
    return Map.of(
        "id", cameraId,
        "name", camera.map(Camera::getName).orElse(cameraId),
        "address", camera.map(Camera::getAddress).orElse(""));
  }

  private Page decline(HttpExchange exchange, FootageRequest request, ShareLinks.Link link) throws IOException {
    Map<String, List<String>> form = PortalExchange.form(exchange);
    if (!formTokens.valid(link.tokenHash(), PortalExchange.first(form, "form_token"))) {
      return PortalExchange.staleForm();
    }
    FootageRequest declined = footage.decline(request.getId(), PortalExchange.first(form, "reason"));
    return new Page(200, "declined", Map.of("caseNumber", declined.getPurpose().getCaseNumber()));
  }

  /**
   * Takes the clip from a multipart form whose fields come in page order: the form token, the
   * camera, then the file, so the token is checked before a byte of the file is stored.
   */
  private Page upload(HttpExchange exchange, FootageRequest request, ShareLinks.Link link) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > evidence.maxBytes() + MULTIPART_OVERHEAD) {
      return PortalExchange.message(413, "The file is too large", "Clips of up to " + evidence.maxBytes() / (1024 * 1024) + " MiB can be shared here.");
    }
    Map<String, String> fields = new HashMap<>();
    try {
      FileItemInputIterator parts = new ExchangeUpload(evidence.maxBytes() + MULTIPART_OVERHEAD).getItemIterator(exchange);
      while (parts.hasNext()) {
        FileItemInput part = parts.next();
        if (part.isFormField()) {
          try (InputStream value = part.getInputStream()) {
            fields.put(part.getFieldName(), new String(value.readNBytes(PortalExchange.MAX_FORM_BYTES), StandardCharsets.UTF_8));
          }
          continue;
        }
        if (!formTokens.valid(link.tokenHash(), fields.getOrDefault("form_token", ""))) {
          return PortalExchange.staleForm();
        }
        if (part.getName() == null || part.getName().isBlank()) {
          throw Rejection.invalid("file", "choose the video file to share");
        }
        EvidenceLocker.Stored stored;
        try (InputStream file = part.getInputStream()) {
          stored = evidence.store(file);
        }
        FootageRequest fulfilled = footage.fulfil(request.getId(), fields.getOrDefault("camera_id", ""), plainFileName(part.getName()), stored);
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", fulfilled.getPurpose().getCaseNumber());
        model.put("clips", fulfilled.getClipsList());
        return new Page(200, "fulfilled", model);
      }
    } catch (FileUploadException e) {
      return PortalExchange.message(400, "The upload did not arrive", "Please try again: " + e.getMessage());
    }
    throw Rejection.invalid("file", "choose the video file to share");
  }

  /** The name as the owner's device gave it, without any folder and without control characters. */
  static String plainFileName(String name) {
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replaceAll("\\p{Cntrl}", "");
    return base.length() > 200 ? base.substring(base.length() - 200) : base;
  }

  // ---- live sharing ----

  private Page grantsPage(Owner owner, ShareLinks.Link link, String base, String done) {
    List<LiveShareGrant> ownGrants = grants.all().stream().filter(grant -> grant.getOwnerId().equals(owner.getId())).toList();
    List<Map<String, Object>> live = new ArrayList<>();
    List<Map<String, String>> registered = new ArrayList<>();
    for (String cameraId : owner.getCameraIdsList()) {
      Optional<Camera> camera = cameras.get(cameraId);
      if (camera.isEmpty()) {
        continue;
      }
      if (camera.get().getKind() != CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
        registered.add(cameraView(cameraId));
        continue;
      }
      Map<String, Object> view = new LinkedHashMap<>(cameraView(cameraId));
      view.put(
          "grants",
          ownGrants.stream()
              .filter(grant -> grant.getCameraId().equals(cameraId))
              .filter(grant -> grant.getStatus() == GrantStatus.GRANT_STATUS_ACTIVE || grant.getStatus() == GrantStatus.GRANT_STATUS_PAUSED)
              .map(grant -> grantView(grant, owner))
              .toList());
      live.add(view);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("owner", owner.getDisplayName());
    model.put("organization", owner.getOrganization());
    model.put("timeZone", owner.getTimeZone());
    model.put("live", live);
    model.put("registered", registered);
    model.put("done", done);
    model.put("formToken", formTokens.issue(link.tokenHash()));
    model.put("base", base);
    model.put("weekdays", List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"));
    return new Page(200, "grants", model);
  }

  private static Map<String, Object> grantView(LiveShareGrant grant, Owner owner) {
    String terms =
        switch (grant.getScope()) {
          case GRANT_SCOPE_ALWAYS -> "Always";
          case GRANT_SCOPE_EMERGENCY_ONLY -> "Only in an emergency within " + Math.round(grant.getEmergencyRadiusMeters()) + " m";
          case GRANT_SCOPE_SCHEDULE ->
              "On schedule: "
                  + String.join(", ", grant.getScheduleList().stream()
                      .map(w -> DayOfWeek.of(w.getDayOfWeekValue()).getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + w.getStartLocalTime() + "–" + w.getEndLocalTime())
                      .toList());
          default -> grant.getScope().name();
        };
    Map<String, Object> view = new HashMap<>();
    view.put("id", grant.getId());
    view.put("terms", terms);
    view.put("paused", grant.getStatus() == GrantStatus.GRANT_STATUS_PAUSED);
    view.put("since", FootageDesk.ownerLocal(ProtoTime.toInstant(grant.getGrantedAt()), owner.getTimeZone()));
    view.put("note", grant.getOwnerNote());
    return view;
  }

  /** Applies one grant form through the grant book, as the owner; returns what to tell the owner. */
  private String changeGrant(Owner owner, String action, Map<String, List<String>> form) {
    Actor actor = Actor.owner(owner.getId(), owner.getDisplayName());
    String grantId = PortalExchange.first(form, "grant_id");
    switch (action) {
      case "pause" -> grants.pause(actor, owner.getId(), grantId);
      case "resume" -> grants.resume(actor, owner.getId(), grantId);
      case "revoke" -> grants.revoke(actor, owner.getId(), grantId);
      case "grant" -> grants.grant(actor, owner.getId(), draftGrant(owner, form));
      default -> throw Rejection.notFound("no such action");
    }
    return action;
  }

  private static LiveShareGrant draftGrant(Owner owner, Map<String, List<String>> form) {
    GrantScope scope;
    try {
      scope = GrantScope.valueOf("GRANT_SCOPE_" + PortalExchange.first(form, "scope"));
    } catch (IllegalArgumentException e) {
      throw Rejection.invalid("scope", "choose when the center may watch");
    }
    LiveShareGrant.Builder draft =
        LiveShareGrant.newBuilder()
            .setCameraId(PortalExchange.first(form, "camera_id"))
            .setScope(scope)
            .setTimeZone(owner.getTimeZone())
            .setOwnerNote(PortalExchange.first(form, "note").strip());
    if (draft.getOwnerNote().length() > 500) {
      throw Rejection.invalid("note", "must be at most 500 characters");
    }
    if (scope == GrantScope.GRANT_SCOPE_EMERGENCY_ONLY) {
      try {
        draft.setEmergencyRadiusMeters(Double.parseDouble(PortalExchange.first(form, "radius_meters")));
      } catch (NumberFormatException e) {
        throw Rejection.invalid("radius_meters", "give the distance in metres, e.g. 500");
      }
    }
    if (scope == GrantScope.GRANT_SCOPE_SCHEDULE) {
      for (String day : form.getOrDefault("days", List.of())) {
        if (!day.matches("[1-7]")) {
          throw Rejection.invalid("days", "pick days of the week");
        }
        draft.addSchedule(
            ScheduleWindow.newBuilder()
                .setDayOfWeek(Weekday.forNumber(Integer.parseInt(day)))
                .setStartLocalTime(PortalExchange.first(form, "from"))
                .setEndLocalTime(PortalExchange.first(form, "until")));
      }
    }
    return draft.build();
  }
}
