package org.watchfloor.server.evidence;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.watchfloor.server.audit.BrokerKey;

/** {@code GET /evidence/public-key}: the key evidence packages are signed with, as PEM, for verify-export --public-key. */
public final class PublicKeyPage implements HttpHandler {

  public static final String PATH = "/evidence/public-key";
  private final BrokerKey key;

  public PublicKeyPage(BrokerKey key) {
    this.key = key;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      boolean get = exchange.getRequestMethod().equals("GET");
      byte[] body = (get ? key.pem() : "method: GET only\n").getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", get ? "application/x-pem-file" : "text/plain; charset=utf-8");
      exchange.getResponseHeaders().set("X-Key-Fingerprint", key.fingerprint());
      exchange.sendResponseHeaders(get ? 200 : 405, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
