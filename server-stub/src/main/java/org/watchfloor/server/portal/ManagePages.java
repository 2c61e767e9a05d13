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

  ManagePages(OwnerSelfService selfService, AccessLog accessLog, CameraDirectory cameras, RegistrationPortal registration, ServiceArea area, FormTokens formTokens) {
    this.selfService = selfService;
    this.accessLog = accessLog;
    this.cameras = cameras;
    this.registration = registration;
    this.area = area;
    this.formTokens = formTokens;
  }

  /** What the page shows besides the owner's entry: a form being corrected, and its problems. */
  private static final class Draft {
    String editing = "";
    Map<String, String> camera;
    Map<String, String> added;
    Map<String, String> contact;
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
      view.put("live", camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE);
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

  private static String minutes(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 60 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
  }
}
