package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.watchfloor.proto.v1.SharedClip;
import org.watchfloor.server.consent.EvidenceLocker;
import org.watchfloor.server.consent.FootageDesk;

/**
 * Serves one evidence clip for a download ticket from ConsentService.GetClipDownload: the ticket is
 * a clip-download share link, valid for a few minutes; the export itself was audited when it was
 * issued.
 */
public final class ClipDownloadHandler implements HttpHandler {

  private final FootageDesk footage;
  private final EvidenceLocker evidence;

  public ClipDownloadHandler(FootageDesk footage, EvidenceLocker evidence) {
    this.footage = footage;
    this.evidence = evidence;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      if (!exchange.getRequestMethod().equals("GET")) {
        plain(exchange, 405, "GET a clip with its download ticket");
        return;
      }
      String token = exchange.getRequestURI().getPath().substring(PortalAddresses.EVIDENCE_PATH.length());
      Optional<SharedClip> clip = footage.clipForDownload(token);
      Optional<Path> file = clip.flatMap(found -> evidence.find(found.getSha256()));
      if (file.isEmpty()) {
        plain(exchange, 404, "this download ticket is not valid (forged, expired, or the clip was removed); ask for a new one");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", clip.get().getContentType());
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + asciiName(clip.get()) + "\"");
      exchange.sendResponseHeaders(200, Files.size(file.get()));
      try (InputStream in = Files.newInputStream(file.get())) {
        in.transferTo(exchange.getResponseBody());
      }
    }
  }

  /** A header-safe file name: the clip's own, reduced to plain ASCII, or its id. */
  private static String asciiName(SharedClip clip) {
    String name = clip.getFileName().replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isBlank() ? clip.getId() : name;
  }

  private static void plain(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
