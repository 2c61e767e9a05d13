package org.watchfloor.server.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.net.URLDecoder;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.watchfloor.server.audit.AuditAnchors;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.portal.PortalPages;
import org.watchfloor.server.store.AnchorStore;

/**
 * The public transparency pages on the broker's HTTP port, without sign-in: {@code /transparency}
 * (HTML that reads on a phone and needs no JavaScript), {@code /transparency.json} (the same
 * figures for machines), {@code /transparency/anchors.json} (every signed audit anchor) and
 * {@code /transparency/audit-chain?sequences=...} (whether the chain still holds, with the hashes of
 * the rows asked for: what an anchor is checked against). Every request computes afresh.
 */
public final class TransparencyPages implements HttpHandler {

  public static final String PATH = "/transparency";
  private static final Logger LOG = Logger.getLogger(TransparencyPages.class.getName());
  private static final String STYLESHEET = "/transparency/transparency.css";
  private static final String ANCHORS = "/transparency/anchors.json";
  private static final String CHAIN = "/transparency/audit-chain";
  private static final String REPORT = "/transparency/report";
  /** The longest report period. */
  private static final int MAX_REPORT_DAYS = 5 * 366;
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

  /** Instants as ISO-8601 text, records as objects: the JSON form of the figures. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final Map<String, String> KIND_LABELS = Map.of(
      "TRAFFIC", "Traffic cameras",
      "CITY_CCTV", "City CCTV",
      "LPR", "Licence-plate readers",
      "PRIVATE_REGISTERED", "Private, Level 1 (registered)",
      "PRIVATE_LIVE", "Private, Level 2 (live sharing)");
  private static final Map<String, String> SCOPE_LABELS = Map.of(
      "ALWAYS", "always",
      "EMERGENCY_ONLY", "only during an emergency nearby",
      "SCHEDULE", "on the owner's schedule");

  /** At most this many rows' hashes per chain check. */
  private static final int MAX_SEQUENCES = 1000;

  private final PublicFigureReader figures;
  private final AuditAnchors anchors;
  private final AuditLog audit;
  /** A chain check reads the whole log up to the newest row asked for: one at a time. */
  private final Semaphore chainCheck = new Semaphore(1);
  private final PublicTrustSettings published;
  private final Clock clock;
  private final PortalPages pages = new PortalPages("transparency/templates");
  /** Raw HTML in the policy is shown as text, and unsafe link targets are dropped. */
  private final HtmlRenderer markdown = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private final Parser parser = Parser.builder().build();

  public TransparencyPages(PublicFigureReader figures, PublicTrustSettings published, AuditAnchors anchors, AuditLog audit, Clock clock) {
    this.figures = figures;
    this.anchors = anchors;
    this.audit = audit;
    this.published = published;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "This page only answers GET.\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        switch (path) {
          case PATH, PATH + "/" -> send(exchange, 200, "text/html; charset=utf-8", html(figures.read(clock.instant())));
          case PATH + ".json" -> send(exchange, 200, "application/json", JSON.writeValueAsString(figures.read(clock.instant())));
          case STYLESHEET -> sendStylesheet(exchange);
          case ANCHORS -> send(exchange, 200, "application/json", JSON.writeValueAsString(anchorList()));
          case CHAIN -> checkChain(exchange);
          case REPORT, REPORT + ".md" -> report(exchange, path.endsWith(".md"));
          default -> send(exchange, 404, "text/plain; charset=utf-8", "No such page. The transparency report is at " + PATH + "\n");
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "transparency page failure", e);
        send(exchange, 500, "text/plain; charset=utf-8", "The figures could not be computed just now; please try again.\n");
      }
    }
  }

  /** The published anchors, what they sign and the key to check them with. */
  private Map<String, Object> anchorList() {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("center", published.center());
    list.put("algorithm", AuditAnchors.ALGORITHM);
    list.put("publicKey", anchors.publicKey());
    list.put("signedText", AuditAnchors.SIGNED_TEXT_FORMAT);
    list.put("chainCheck", CHAIN + "?sequences=<sequence>[,<sequence>...]");
    list.put("anchors", anchors.newestFirst());
    return list;
  }

  private void checkChain(HttpExchange exchange) throws IOException {
    String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
    if (!query.matches("sequences=[0-9]{1,18}(,[0-9]{1,18}){0," + (MAX_SEQUENCES - 1) + "}")) {
      send(exchange, 400, "text/plain; charset=utf-8",
          "sequences: give 1 to " + MAX_SEQUENCES + " row numbers separated by commas, e.g. ?sequences=120,4581\n");
      return;
    }
    TreeSet<Long> wanted = new TreeSet<>();
    for (String number : query.substring("sequences=".length()).split(",")) {
      wanted.add(Long.parseLong(number));
    }
    if (!chainCheck.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      send(exchange, 503, "text/plain; charset=utf-8", "Another chain check is running; try again in a few seconds.\n");
      return;
    }
    try {
      long through = wanted.last();
      send(exchange, 200, "application/json", JSON.writeValueAsString(audit.checkThrough(through, wanted)));
    } finally {
      chainCheck.release();
    }
  }

  /**
   * The annual report for {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD} (UTC days, both included; default the
   * year to date): Markdown, or that Markdown rendered as a page, so both say the same.
   */
  private void report(HttpExchange exchange, boolean markdownWanted) throws IOException {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, String> query = query(exchange);
    LocalDate from;
    LocalDate to;
    try {
      from = day(query, "from", today.withDayOfYear(1));
      to = day(query, "to", today);
    } catch (IllegalArgumentException e) {
      send(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
      return;
    }
    if (to.isBefore(from) || to.isAfter(today) || from.plusDays(MAX_REPORT_DAYS).isBefore(to)) {
      send(exchange, 400, "text/plain; charset=utf-8",
          "to: must be on or after from, not after today (" + today + "), and at most " + MAX_REPORT_DAYS + " days after from\n");
      return;
    }
    Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    PublicFigures.Window period = new PublicFigures.Window(from.atStartOfDay(ZoneOffset.UTC).toInstant(), end.isAfter(now) ? now : end);
    String markdownText = reportMarkdown(figures.readPeriod(now, period), from, to, period);
    if (markdownWanted) {
      send(exchange, 200, "text/markdown; charset=utf-8", markdownText);
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("center", published.center());
    model.put("fromDay", from.toString());
    model.put("toDay", to.toString());
    model.put("reportHtml", markdown.render(parser.parse(markdownText)));
    send(exchange, 200, "text/html; charset=utf-8", pages.render("report", model));
  }

  private String reportMarkdown(PublicFigures figures, LocalDate from, LocalDate to, PublicFigures.Window period) {
    Map<String, Object> model = new HashMap<>();
    model.put("f", figures);
    model.put("fromDay", from.toString());
    model.put("toDay", to.toString());
    model.put("computedAt", SHOWN.format(figures.computedAt()));
    model.put("kinds", KIND_LABELS);
    model.put("scopes", SCOPE_LABELS);
    Map<String, String> fields = new HashMap<>();
    for (PublicTrustSettings.ReportField field : PublicTrustSettings.ReportField.values()) {
      String text = published.reportField(field);
      fields.put(field.key(), text.isBlank() ? "_Not reported by the center._" : text);
    }
    model.put("fields", fields);
    List<AnchorStore.StoredAnchor> inPeriod = anchors.newestFirst().stream()
        .filter(anchor -> !anchor.anchoredAt().isBefore(period.from()) && anchor.anchoredAt().isBefore(period.to()))
        .toList();
    model.put("anchorCount", inPeriod.size());
    model.put("lastAnchor", inPeriod.isEmpty() ? null : inPeriod.get(0));
    model.put("lastAnchorAt", inPeriod.isEmpty() ? "" : SHOWN.format(inPeriod.get(0).anchoredAt()));
    return pages.render("report-md", model);
  }

  private static LocalDate day(Map<String, String> query, String name, LocalDate fallback) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": must be a day written YYYY-MM-DD, not " + value);
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> values = new HashMap<>();
    String raw = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private String html(PublicFigures figures) {
    Map<String, Object> model = new HashMap<>();
    model.put("f", figures);
    model.put("computedAt", SHOWN.format(figures.computedAt()));
    model.put("recentFrom", DAY.format(figures.last30Days().from()));
    model.put("yearFrom", DAY.format(figures.yearToDate().from()));
    model.put("kinds", KIND_LABELS);
    model.put("anchors", anchors.newestFirst().stream().limit(7).map(anchor -> Map.of(
        "at", SHOWN.format(anchor.anchoredAt()), "sequence", anchor.sequence(), "hash", anchor.headHash(), "occasion",
        anchor.occasion().equals(AuditAnchors.Occasion.DAILY.name()) ? "daily" : "on demand")).toList());
    model.put("scopes", SCOPE_LABELS);
    String policy = published.policyMarkdown();
    model.put("policyHtml", policy.isBlank() ? "" : markdown.render(parser.parse(policy)));
    return pages.render("page", model);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", "no-cache");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void sendStylesheet(HttpExchange exchange) throws IOException {
    String css;
    try (InputStream in = TransparencyPages.class.getResourceAsStream(STYLESHEET)) {
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    send(exchange, 200, "text/css; charset=utf-8", css);
  }
}
