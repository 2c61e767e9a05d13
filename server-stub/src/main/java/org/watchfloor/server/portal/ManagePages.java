package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.enrollment.AccessLog;
import org.watchfloor.server.enrollment.OwnerSelfService;
import org.watchfloor.server.enrollment.RegisteredCameras;
import org.watchfloor.server.enrollment.ServiceArea;
import org.watchfloor.server.portal.PortalExchange.Page;
import java.net.URI;
import java.util.Optional;
import org.watchfloor.proto.v1.LiveConnectionMethod;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.enrollment.LiveConnections;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.stream.StreamBroker;
import org.watchfloor.server.stream.StreamSource;

/**
 * An owner's manage page, reached through the link e-mailed on request: their cameras (change,
 * remove, add, each with the registration page's map), their contact details, their access log,
 * the way to live sharing, and withdrawal. Forms that fail a check come back with the problem beside
 * the field and what was typed kept.
 */
final class ManagePages {

  private final OwnerSelfService selfService;
  private final AccessLog accessLog;
  private final CameraDirectory cameras;
  private final RegistrationPortal registration;
  private final ServiceArea area;
  private final FormTokens formTokens;
  private final LiveConnections liveConnections;
  private final StreamBroker streams;

  /** Where an owner watches one of their connected cameras: {@code <manage page>/watch/<camera>}. */
  static final String WATCH = "watch";

  ManagePages(OwnerSelfService selfService, AccessLog accessLog, CameraDirectory cameras, RegistrationPortal registration, ServiceArea area,
      FormTokens formTokens, LiveConnections liveConnections, StreamBroker streams) {
    this.selfService = selfService;
    this.accessLog = accessLog;
    this.cameras = cameras;
    this.registration = registration;
    this.area = area;
    this.formTokens = formTokens;
    this.liveConnections = liveConnections;
    this.streams = streams;
  }

  /** What the page shows besides the owner's entry: a form being corrected, and its problems. */
  private static final class Draft {
    String editing = "";
    Map<String, String> camera;
    Map<String, String> added;
    Map<String, String> contact;
    /** The camera whose live-sharing request is being corrected, and what was typed (never the password). */
    String asking = "";
    Map<String, String> live = Map.of();
    final Map<String, String> errors = new LinkedHashMap<>();
  }

  Page show(Owner owner, ShareLinks.Link link, String token, String done) {
    return page(owner, link, token, done, new Draft(), 200);
  }

  /** Applies one posted form; null when a redirect to the page was sent. */
  Page post(HttpExchange exchange, Owner owner, ShareLinks.Link link, String token, String action) throws IOException {
    Map<String, List<String>> posted = PortalExchange.form(exchange);
    if (!formTokens.valid(link.tokenHash(), PortalExchange.first(posted, "form_token"))) {
      return PortalExchange.staleForm();
    }
    Draft draft = new Draft();
    String done;
    switch (action) {
      case "edit" -> {
        draft.editing = PortalExchange.first(posted, "camera_id");
        draft.camera = RegistrationForm.readCamera(posted, "e_");
        if (moved(posted, "e_", draft.camera)) {
          return page(owner, link, token, "", draft, 200);
        }
        RegistrationForm.checkCamera(draft.camera, "e_", area, draft.errors);
        if (!draft.errors.isEmpty()) {
          return page(owner, link, token, "", draft, 400);
        }
        selfService.editCamera(owner, draft.editing, RegistrationForm.draft(draft.camera));
        done = "Your camera was changed.";
      }
      case "add" -> {
        draft.added = RegistrationForm.readCamera(posted, "a_");
        if (moved(posted, "a_", draft.added)) {
          return page(owner, link, token, "", draft, 200);
        }
        RegistrationForm.checkCamera(draft.added, "a_", area, draft.errors);
        if (!draft.errors.isEmpty()) {
          return page(owner, link, token, "", draft, 400);
        }
        selfService.addCameras(owner, List.of(RegistrationForm.draft(draft.added)));
        done = "Your camera was added.";
      }
      case "remove" -> {
        selfService.removeCamera(owner, PortalExchange.first(posted, "camera_id"));
        done = "The camera was removed from the center's directory.";
      }
      case "contact" -> {
        RegistrationForm form = RegistrationForm.read(posted);
        form.checkOwner();
        draft.contact = form.owner;
        draft.errors.putAll(form.errors);
        if (!draft.errors.isEmpty()) {
          return page(owner, link, token, "", draft, 400);
        }
        try {
          selfService.updateContact(owner, form.contact());
        } catch (org.watchfloor.server.Rejection rejection) {
          draft.errors.put("email", "Another entry is registered with this address; give one of your own.");
          return page(owner, link, token, "", draft, 400);
        }
        done = "Your contact details were changed.";
      }
      case "live" -> {
        draft.asking = PortalExchange.first(posted, "camera_id");
        String method = PortalExchange.first(posted, "method");
        draft.live = Map.of("method", method, "address", PortalExchange.first(posted, "address"),
            "username", PortalExchange.first(posted, "username"), "note", PortalExchange.first(posted, "note"));
        boolean technician = method.equals("technician");
        Optional<StreamSource> source = Optional.empty();
        try {
          if (!technician) {
            source = Optional.of(StreamSource.parse("address", draft.live.get("address"), draft.live.get("username"), PortalExchange.first(posted, "password")));
          }
          if (draft.live.get("note").length() > 500) {
            throw Rejection.invalid("note", "at most 500 characters");
          }
        } catch (Rejection rejection) {
          draft.errors.put(rejection.getMessage().startsWith("note") ? "live_note" : "live_address", ownerWords(rejection.getMessage()));
          return page(owner, link, token, "", draft, 400);
        }
        liveConnections.ask(owner, draft.asking,
            technician ? LiveConnectionMethod.LIVE_CONNECTION_METHOD_TECHNICIAN : LiveConnectionMethod.LIVE_CONNECTION_METHOD_STREAM_ADDRESS,
            source, draft.live.get("note"));
        done = "Your request to share the camera live was sent. The center will test the connection and e-mail you.";
      }
      case "withdraw" -> {
        if (!PortalExchange.first(posted, "confirm").equals("yes")) {
          draft.errors.put("withdraw", "Tick the box to confirm that you want to withdraw.");
          return page(owner, link, token, "", draft, 400);
        }
        selfService.withdraw(owner);
        return PortalExchange.message(200, "You have withdrawn",
            "Your cameras have left the center's directory and your personal data is deleted. This link no longer works. "
                + "Thank you for having taken part; you are welcome to register again at any time.");
      }
      default -> {
        return PortalExchange.message(404, "Page not found", "Open the link from your e-mail as it is.");
      }
    }
    PortalExchange.redirect(exchange, base(token) + "?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
    return null;
  }

  /** A refusal's rule as the page shows it beside the field: "address: names no host" reads "The address names no host." */
  private static String ownerWords(String message) {
    int colon = message.indexOf(": ");
    String rule = colon < 0 ? message : message.substring(colon + 2);
    String subject = message.startsWith("note") ? "The note " : "The address ";
    return rule.matches("(is|must|names|at most) .*") ? subject + rule + "." : Character.toUpperCase(rule.charAt(0)) + rule.substring(1) + ".";
  }

  /**
   * The owner's own live view of a connected camera: a ticket of their own (audited as the owner's
   * view), played by hls.js, or by the browser itself, or through the plain link.
   */
  Page watch(Owner owner, ShareLinks.Link link, String token, String cameraId) {
    StreamTicket ticket = streams.openOwnerView(Actor.owner(owner.getId(), owner.getDisplayName()), owner.getId(), cameraId);
    Camera camera = cameras.get(cameraId).orElseThrow();
    URI url = URI.create(ticket.getUrl());
    Map<String, Object> model = new HashMap<>();
    model.put("camera", camera.getName());
    model.put("url", ticket.getUrl());
    model.put("session", ticket.getSessionId());
    model.put("renew", base(token) + "/" + WATCH + "/" + cameraId + "/renew");
    model.put("formToken", formTokens.issue(link.tokenHash()));
    model.put("back", base(token));
    model.put("renewSeconds", java.time.Duration.between(ProtoTime.toInstant(ticket.getIssuedAt()), ProtoTime.toInstant(ticket.getRenewAfter())).toSeconds());
    return new Page(200, "watch", model, Optional.of(url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")));
  }

  /** Keeps the owner's view open while the page plays it (its script asks every minute); 204, or 409 once it ended. */
  Page renewView(HttpExchange exchange, Owner owner, ShareLinks.Link link) throws IOException {
    Map<String, List<String>> posted = PortalExchange.form(exchange);
    if (!formTokens.valid(link.tokenHash(), PortalExchange.first(posted, "form_token"))) {
      return PortalExchange.staleForm();
    }
    streams.renew(Actor.owner(owner.getId(), owner.getDisplayName()), PortalExchange.first(posted, "session"));
    PortalExchange.secureHeaders(exchange);
    exchange.sendResponseHeaders(204, -1);
    return null;
  }

  /** A map click or "show the whole county" on a camera block: the page is only shown again, nothing saved. */
  private boolean moved(Map<String, List<String>> posted, String prefix, Map<String, String> camera) {
    if (RegistrationForm.applyMapClick(posted, prefix, camera, registration.map())) {
      return true;
    }
    if (PortalExchange.first(posted, "action").startsWith("whole")) {
      camera.put("zoom", "0");
      return true;
    }
    return false;
  }

  static String base(String token) {
    return PortalAddresses.PORTAL_PATH + PortalAddresses.MANAGE + "/" + token;
  }

  private Page page(Owner owner, ShareLinks.Link link, String token, String done, Draft draft, int status) {
    List<Map<String, Object>> own = new ArrayList<>();
    for (String cameraId : owner.getCameraIdsList()) {
      Camera camera = cameras.get(cameraId).orElse(null);
      if (camera == null) {
        continue;
      }
      Map<String, Object> view = new HashMap<>();
      view.put("id", cameraId);
      view.put("name", camera.getName());
      view.put("address", camera.getAddress());
      boolean live = camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE;
      view.put("live", live);
      if (live) {
        view.put("watch", base(token) + "/" + WATCH + "/" + cameraId);
      } else {
        liveConnections.openFor(cameraId).ifPresent(request -> view.put("liveRequest", liveRequestView(request, owner)));
        boolean asking = cameraId.equals(draft.asking);
        view.put("asking", asking);
        view.put("liveForm", asking ? draft.live : Map.of("method", "address"));
      }
      boolean editing = cameraId.equals(draft.editing);
      Map<String, String> fields = editing ? draft.camera : RegistrationForm.fields(RegisteredCameras.toDraft(camera));
      view.put("fields", registration.cameraModel(fields));
      view.put("editing", editing);
      own.add(view);
    }
    List<Map<String, Object>> log = new ArrayList<>();
    for (AccessLog.Entry entry : accessLog.of(owner)) {
      Map<String, Object> row = new HashMap<>();
      row.put("when", FootageDesk.ownerLocal(entry.at(), owner.getTimeZone()));
      row.put("what", entry.what());
      row.put("camera", entry.camera());
      row.put("howLong", entry.open() ? "still open" : entry.duration().map(ManagePages::minutes).orElse(""));
      row.put("agency", entry.agency());
      row.put("caseNumber", entry.caseNumber());
      row.put("detail", entry.detail());
      log.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("owner", owner.getDisplayName());
    model.put("organization", owner.getOrganization());
    model.put("cameras", own);
    model.put("added", registration.cameraModel(draft.added != null ? draft.added : RegistrationForm.blankCamera()));
    model.put("adding", draft.added != null);
    model.put("contact", draft.contact != null ? draft.contact : RegistrationForm.fields(owner));
    model.put("editingContact", draft.contact != null);
    model.put("log", log);
    model.put("errors", draft.errors);
    model.put("done", done);
    model.put("facings", RegistrationForm.FACINGS);
    model.put("devices", RegistrationForm.DEVICES);
    model.put("formToken", formTokens.issue(link.tokenHash()));
    model.put("base", base(token));
    model.put("linkExpires", FootageDesk.ownerLocal(link.expiresAt(), owner.getTimeZone()));
    return new Page(status, "manage", model);
  }

  private static Map<String, Object> liveRequestView(LiveConnectionRequest request, Owner owner) {
    Map<String, Object> view = new HashMap<>();
    view.put("submitted", FootageDesk.ownerLocal(ProtoTime.toInstant(request.getSubmittedAt()), owner.getTimeZone()));
    view.put("technician", request.getMethod() == LiveConnectionMethod.LIVE_CONNECTION_METHOD_TECHNICIAN);
    view.put("address", request.getSourceAddress());
    view.put("credentials", request.getSourceHasCredentials());
    if (request.hasLastTest()) {
      view.put("tested", FootageDesk.ownerLocal(ProtoTime.toInstant(request.getLastTest().getTestedAt()), owner.getTimeZone()));
      view.put("test", switch (request.getLastTest().getOutcome()) {
        case STREAM_TEST_OUTCOME_UNREACHABLE -> "the center could not reach the camera";
        case STREAM_TEST_OUTCOME_AUTH_REFUSED -> "the camera refused the user name and password";
        case STREAM_TEST_OUTCOME_NOT_VIDEO -> "the address answered, but not with video";
        case STREAM_TEST_OUTCOME_NO_ADDRESS -> "a technician has not connected it yet";
        default -> "the test did not finish";
      });
    }
    return view;
  }

  private static String minutes(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }
}
