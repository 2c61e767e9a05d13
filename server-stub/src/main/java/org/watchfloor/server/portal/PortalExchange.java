package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.mail.Mailer;

/**
 * What every page on the broker's HTTP port does with a request and its answer: read forms and
 * queries, render a page with its headers, redirect, and say plainly why nothing changed. The owner
 * portal and the registration pages both go through here.
 */
final class PortalExchange {

  /**
   * One page to send: status, template and what it shows; {@code videoOrigin} is where a page that
   * plays video (the owner's own view) may fetch its stream from, and such a page may run the
   * portal's own scripts. Every other page runs none.
   */
  record Page(int status, String template, Map<String, Object> model, java.util.Optional<String> videoOrigin) {
    Page(int status, String template, Map<String, Object> model) {
      this(status, template, model, java.util.Optional.empty());
    }
  }

  /** Form posts other than uploads are a few fields; anything larger is not from our pages. */
  static final int MAX_FORM_BYTES = 64 * 1024;
  static final String STYLESHEET = "portal.css";

  private static final Logger LOG = Logger.getLogger(PortalExchange.class.getName());

  private final PortalPages pages = new PortalPages();

  /** What a page handler does with one GET or POST: the page to show, or null when it sent a redirect or a file. */
  @FunctionalInterface
  interface Route {
    Page answer(HttpExchange exchange, boolean post) throws IOException;
  }

  /**
   * Answers one request through {@code route}: only GET and POST, a refusal or failure as a page
   * that says nothing was changed, the exchange closed at the end.
   */
  void respond(HttpExchange exchange, Route route) throws IOException {
    try (exchange) {
      boolean post = exchange.getRequestMethod().equals("POST");
      if (!post && !exchange.getRequestMethod().equals("GET")) {
        send(exchange, message(405, "Not allowed", "This page only answers GET and POST."));
        return;
      }
      Page page;
      try {
        page = route.answer(exchange, post);
      } catch (Rejection rejection) {
        page = refused(rejection);
      } catch (Mailer.NotSent e) {
        LOG.log(Level.WARNING, "an owner's e-mail was not sent", e);
        page = message(503, "The e-mail could not be sent", "The center's mail server did not take the message. Please try again in a few minutes.");
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "owner page failure", e);
        page = message(500, "Something went wrong", "Nothing was changed. Please try again in a few minutes.");
      }
      if (page != null) {
        send(exchange, page);
      }
    }
  }

  static Page message(int status, String title, String text) {
    return new Page(status, "message", Map.of("title", title, "text", text));
  }

  static Page notALink() {
    return message(404, "This link is not valid",
        "The link may be mistyped or incomplete. Open it from your e-mail exactly as it is, or ask the center for a new one.");
  }

  static Page staleForm() {
    return message(403, "Please reload the page",
        "This form is too old or did not come from this page. Nothing was changed; go back, reload, and try again.");
  }

  /** A refusal from the logic, as a page: the owner learns what to fix and that nothing changed. */
  static Page refused(Rejection rejection) {
    return switch (rejection.kind()) {
      case FAILED_PRECONDITION -> message(409, "This request can no longer be answered", rejection.getMessage());
      case RESOURCE_EXHAUSTED -> message(413, "The file is too large", rejection.getMessage());
      case NOT_FOUND -> message(404, "Not found", rejection.getMessage());
      case PERMISSION_DENIED -> message(403, "Not allowed", rejection.getMessage());
      default -> message(400, "Please check your answer", rejection.getMessage() + ". Nothing was changed; go back and try again.");
    };
  }

  void send(HttpExchange exchange, Page page) throws IOException {
    byte[] body = pages.render(page.template(), page.model()).getBytes(StandardCharsets.UTF_8);
    secureHeaders(exchange);
    page.videoOrigin().ifPresent(origin -> exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; worker-src blob:; media-src 'self' blob: " + origin
            + "; connect-src 'self' " + origin + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"));
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(page.status(), body.length);
    exchange.getResponseBody().write(body);
  }

  static void redirect(HttpExchange exchange, String location) throws IOException {
    secureHeaders(exchange);
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(303, -1);
  }

  /**
   * A link is its owner's key: keep pages out of caches and referrers, out of frames, and let them
   * load nothing but their own stylesheet and images.
   */
  static void secureHeaders(HttpExchange exchange) {
    var headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "no-store");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  }

  static void sendStylesheet(HttpExchange exchange) throws IOException {
    sendResource(exchange, "/portal/" + STYLESHEET, "text/css; charset=utf-8");
  }

  /** The owner's live view: its player script, and hls.js from its WebJar (the version the build pins). */
  static final String OWNER_VIEW_SCRIPT = "owner-view.js";
  static final String HLS_SCRIPT = "hls.min.js";

  static void sendScript(HttpExchange exchange, String name) throws IOException {
    String resource = name.equals(HLS_SCRIPT) ? hlsResource() : "/portal/" + OWNER_VIEW_SCRIPT;
    sendResource(exchange, resource, "text/javascript; charset=utf-8");
  }

  private static String hlsResource() throws IOException {
    java.util.Properties webjar = new java.util.Properties();
    try (InputStream in = PortalExchange.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/hls.js/pom.properties")) {
      webjar.load(in);
    }
    return "/META-INF/resources/webjars/hls.js/" + webjar.getProperty("version") + "/dist/hls.min.js";
  }

  private static void sendResource(HttpExchange exchange, String resource, String contentType) throws IOException {
    byte[] body;
    try (InputStream in = PortalExchange.class.getResourceAsStream(resource)) {
      body = in.readAllBytes();
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  /** An application/x-www-form-urlencoded body, at most 64 KiB; field names in lower case. */
  static Map<String, List<String>> form(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
    if (body.length > MAX_FORM_BYTES) {
      throw Rejection.invalid("form", "is larger than this page ever sends");
    }
    return decode(new String(body, StandardCharsets.US_ASCII));
  }

  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> single = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    decode(raw == null ? "" : raw).forEach((name, values) -> single.put(name, values.get(0)));
    return single;
  }

  private static Map<String, List<String>> decode(String encoded) {
    Map<String, List<String>> fields = new HashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
