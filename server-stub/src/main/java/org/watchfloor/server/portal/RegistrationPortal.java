package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.proto.v1.RegistrationStatus;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.enrollment.OwnerSelfService;
import org.watchfloor.server.enrollment.RateLimits;
import org.watchfloor.server.enrollment.Registrations;
import org.watchfloor.server.portal.PortalExchange.Page;
import org.watchfloor.server.store.Database;

/**
 * The public pages where owners opt in: {@code /register} (who they are, their cameras placed on a
 * map of the county, the use policy), the confirmation link's page, and {@code /register/manage},
 * where an owner asks for their "manage my cameras" link. Phone-sized, and no JavaScript needed.
 */
public final class RegistrationPortal implements HttpHandler {

  /** Forms of the public pages are bound to this instead of a link. */
  private static final String PUBLIC_FORM = "register";

  private final Registrations registrations;
  private final OwnerSelfService selfService;
  private final CountyMap map;
  private final FormTokens formTokens;
  private final PortalExchange pages = new PortalExchange();

  public RegistrationPortal(Database database, Registrations registrations, OwnerSelfService selfService, Clock clock) {
    this.registrations = registrations;
    this.selfService = selfService;
    this.map = new CountyMap(registrations.area());
    this.formTokens = FormTokens.fromDatabase(database, clock);
  }

  CountyMap map() {
    return map;
  }

  org.watchfloor.server.enrollment.ServiceArea area() {
    return registrations.area();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    pages.respond(exchange, (request, post) ->
        route(request, request.getRequestURI().getPath().substring(PortalAddresses.REGISTER_PATH.length()), post));
  }

  /** The page for {@code path} (below /register); null when the answer was sent already. */
  private Page route(HttpExchange exchange, String path, boolean post) throws IOException {
    if (path.isEmpty() || path.equals("/")) {
      return post ? submit(exchange) : registrationPage(RegistrationForm.blank(), 200);
    }
    if (path.equals("/map.png") && !post) {
      sendMap(exchange);
      return null;
    }
    if (path.equals("/sent") && !post) {
      return PortalExchange.message(200, "Check your e-mail",
          "We sent a confirmation link to the address you gave. Your registration counts once you open it; it works for "
              + registrations.settings().verificationValidity().toHours() + " hours. If nothing arrives, look in your spam folder.");
    }
    if (path.startsWith("/confirm/")) {
      return confirm(exchange, path.substring("/confirm/".length()), post);
    }
    if (path.equals("/manage")) {
      return post ? requestManageLink(exchange) : manageRequestPage(Map.of(), Map.of(), 200);
    }
    return PortalExchange.message(404, "Page not found", "To register a camera, open " + PortalAddresses.REGISTER_PATH + ".");
  }

  // ---- the registration form ----

  private Page submit(HttpExchange exchange) throws IOException {
    Map<String, List<String>> posted = PortalExchange.form(exchange);
    if (!formTokens.valid(PUBLIC_FORM, PortalExchange.first(posted, "form_token"))) {
      return PortalExchange.staleForm();
    }
    RegistrationForm form = RegistrationForm.read(posted);
    String action = PortalExchange.first(posted, "action");
    for (int i = 0; i < form.cameras.size(); i++) {
      if (RegistrationForm.applyMapClick(posted, "c" + i + "_", form.cameras.get(i), map)) {
        return registrationPage(form, 200);
      }
    }
    if (action.equals("add")) {
      form.cameras.add(RegistrationForm.blankCamera());
      return registrationPage(form, 200);
    }
    if (action.startsWith("remove:") || action.startsWith("whole:")) {
      int index = cameraIndex(action, form);
      if (action.startsWith("remove:") && form.cameras.size() > 1) {
        form.cameras.remove(index);
      } else {
        form.cameras.get(index).put("zoom", "0");
      }
      return registrationPage(form, 200);
    }
    form.check(registrations.area(), registrations.settings().maxCamerasPerRegistration());
    if (!form.errors.isEmpty()) {
      return registrationPage(form, 400);
    }
    try {
      registrations.submit(form.contact(), form.drafts(), clientAddress(exchange));
    } catch (RateLimits.LimitReached limit) {
      form.errors.put(limit.field().isEmpty() ? "form" : limit.field(), limit.getMessage());
      return registrationPage(form, 429);
    }
    PortalExchange.redirect(exchange, PortalAddresses.REGISTER_PATH + "/sent");
    return null;
  }

  private static int cameraIndex(String action, RegistrationForm form) {
    String index = action.substring(action.indexOf(':') + 1);
    if (!index.matches("[0-9]{1,3}") || Integer.parseInt(index) >= form.cameras.size()) {
      throw Rejection.invalid("action", "names no camera of this form");
    }
    return Integer.parseInt(index);
  }

  private Page registrationPage(RegistrationForm form, int status) {
    Map<String, Object> model = new HashMap<>();
    model.put("owner", form.owner);
    model.put("cameras", form.cameras.stream().map(this::cameraModel).toList());
    model.put("errors", form.errors);
    model.put("facings", RegistrationForm.FACINGS);
    model.put("devices", RegistrationForm.DEVICES);
    model.put("maxCameras", registrations.settings().maxCamerasPerRegistration());
    model.put("approval", registrations.settings().approvalRequired());
    model.put("formToken", formTokens.issue(PUBLIC_FORM));
    return new Page(status, "register", model);
  }

  /** A camera block with its map picture's address. */
  Map<String, String> cameraModel(Map<String, String> camera) {
    Map<String, String> model = new HashMap<>(camera);
    CountyMap.View view = RegistrationForm.view(camera, map);
    StringBuilder url = new StringBuilder(PortalAddresses.REGISTER_PATH + "/map.png?z=" + view.zoom()
        + "&c=" + view.latitude() + "," + view.longitude());
    RegistrationForm.position(camera.get("position")).ifPresent(point -> url.append("&m=").append(point.getLatitude()).append(",").append(point.getLongitude()));
    model.put("mapUrl", url.toString());
    model.put("zoom", Integer.toString(view.zoom()));
    return model;
  }

  private void sendMap(HttpExchange exchange) throws IOException {
    Map<String, String> query = PortalExchange.query(exchange);
    Optional<GeoPoint> centre = RegistrationForm.position(query.getOrDefault("c", ""));
    String zoom = query.getOrDefault("z", "0");
    CountyMap.View view = centre.isPresent() && zoom.matches("[0-9]") ? map.around(centre.get(), Integer.parseInt(zoom)) : map.overview();
    byte[] png = map.png(view, RegistrationForm.position(query.getOrDefault("m", "")));
    exchange.getResponseHeaders().set("Content-Type", "image/png");
    exchange.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(200, png.length);
    exchange.getResponseBody().write(png);
  }

  // ---- the confirmation link ----

  private Page confirm(HttpExchange exchange, String token, boolean post) throws IOException {
    Registrations.Opened opened = registrations.open(token);
    switch (opened.state()) {
      case NOT_A_LINK -> {
        return PortalExchange.notALink();
      }
      case EXPIRED -> {
        return PortalExchange.message(410, "This link has expired",
            "Nothing was registered. Please fill in the registration form again to get a new link.");
      }
      case USED -> {
        return PortalExchange.message(410, "This link was already used",
            "Your registration was confirmed with it before; nothing changed now. To change your entry, ask for a manage link at "
                + PortalAddresses.REGISTER_PATH + "/manage.");
      }
      case OPEN -> { }
    }
    String linkHash = Sha256.hex(token);
    if (!post) {
      OwnerRegistration registration = opened.registration().orElseThrow();
      Map<String, Object> model = new HashMap<>();
      model.put("name", registration.getOwner().getDisplayName());
      model.put("cameras", registration.getCamerasList().stream().map(RegisteredCameraDraft::getName).toList());
      model.put("approval", registrations.settings().approvalRequired());
      model.put("formToken", formTokens.issue(linkHash));
      model.put("action", PortalAddresses.REGISTER_PATH + "/confirm/" + token);
      return new Page(200, "confirm", model);
    }
    Map<String, List<String>> posted = PortalExchange.form(exchange);
    if (!formTokens.valid(linkHash, PortalExchange.first(posted, "form_token"))) {
      return PortalExchange.staleForm();
    }
    OwnerRegistration confirmed = registrations.confirm(token);
    if (confirmed.getStatus() == RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL) {
      return PortalExchange.message(200, "Thank you: your address is confirmed",
          "The center reviews new registrations before they count; you will get an e-mail when yours is decided.");
    }
    return PortalExchange.message(200, "Your cameras are registered",
        (confirmed.getAddsToExistingOwner() ? "They were added to your existing entry. " : "")
            + "The center now knows where your " + (confirmed.getCameraIdsCount() == 1 ? "camera is" : confirmed.getCameraIdsCount() + " cameras are")
            + " and may ask you by e-mail for recorded video after an incident; it cannot see them. To change or withdraw your entry, "
            + "ask for a manage link at " + PortalAddresses.REGISTER_PATH + "/manage.");
  }

  // ---- asking for a manage link ----

  private Page requestManageLink(HttpExchange exchange) throws IOException {
    Map<String, List<String>> posted = PortalExchange.form(exchange);
    if (!formTokens.valid(PUBLIC_FORM, PortalExchange.first(posted, "form_token"))) {
      return PortalExchange.staleForm();
    }
    String email = PortalExchange.first(posted, "email").strip();
    if (!org.watchfloor.server.consent.OwnerRegistry.isEmail(email)) {
      return manageRequestPage(Map.of("email", email), Map.of("email", "Give the e-mail address you registered with, such as name@example.org."), 400);
    }
    try {
      selfService.sendManageLink(email, clientAddress(exchange));
    } catch (RateLimits.LimitReached limit) {
      return manageRequestPage(Map.of("email", email), Map.of(limit.field().isEmpty() ? "form" : limit.field(), limit.getMessage()), 429);
    }
    // The same answer whether or not the address is registered.
    return PortalExchange.message(200, "Check your e-mail",
        "If " + email + " belongs to a registered owner, a link to manage your cameras is on its way. It works for 24 hours.");
  }

  private Page manageRequestPage(Map<String, String> fields, Map<String, String> errors, int status) {
    Map<String, Object> model = new HashMap<>();
    model.put("fields", fields);
    model.put("errors", errors);
    model.put("formToken", formTokens.issue(PUBLIC_FORM));
    return new Page(status, "manage-request", model);
  }

  private static String clientAddress(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }
}
