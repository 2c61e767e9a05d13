package org.watchfloor.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTTP hook a media server calls before it lets anyone read a stream, modelled on MediaMTX's
 * external authentication: a POST of JSON with {@code action}, {@code path} and {@code query}; 200
 * lets the reader in, 401 keeps it out. Paths are {@code cam/<cameraId>/<profile>}; the ticket rides
 * in the query as {@code ticket=...}. Only reading (and playback) is ever allowed through a ticket.
 */
public final class MediaServerAuthHook implements HttpHandler {

  public static final String PATH = "/auth/media-server";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TicketValidator validator;

  public MediaServerAuthHook(TicketValidator validator) {
    this.validator = validator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        answer(exchange, 405, "POST the media server's authentication request here");
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        answer(exchange, 400, "the body is not JSON: " + e.getMessage());
        return;
      }
      String action = request.path("action").asText();
      if (!action.equals("read") && !action.equals("playback")) {
        answer(exchange, 401, "action '" + action + "' is not allowed with a stream ticket");
        return;
      }
      String[] path = request.path("path").asText().split("/");
      if (path.length < 2 || !path[0].equals("cam")) {
        answer(exchange, 401, "path must be cam/<cameraId>/<profile>");
        return;
      }
      Optional<String> refusal =
          validator.refusal(ticketIn(request.path("query").asText()), path[1],
              action.equals("playback") ? TicketValidator.Access.PLAYBACK : TicketValidator.Access.LIVE);
      answer(exchange, refusal.isEmpty() ? 200 : 401, refusal.orElse("ok"));
    }
  }

  private static String ticketIn(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("ticket=")) {
        return URLDecoder.decode(pair.substring("ticket=".length()), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
