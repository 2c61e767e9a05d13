package org.watchfloor.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTTP hook a media server calls before it lets anyone read a stream, modelled on MediaMTX's
 * external authentication: a POST of JSON with {@code action}, {@code path} and {@code query}; 200
 * lets the reader in, 401 keeps it out. Paths are {@code cam/<cameraId>/<profile>}; the ticket rides
 * in the query as {@code ticket=...}. Only reading (and playback) is ever allowed through a ticket; a
 * playback {@code /get} (its query names start and duration) only inside the ticket's window.
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
      Optional<PlaybackQuery.MediaPath> path = PlaybackQuery.MediaPath.parse(request.path("path").asText());
      if (path.isEmpty()) {
        answer(exchange, 401, "path must be cam/<cameraId>/<profile>");
        return;
      }
      PlaybackQuery query;
      try {
        query = PlaybackQuery.parse(request.path("query").asText());
      } catch (IllegalArgumentException e) {
        answer(exchange, 401, e.getMessage());
        return;
      }
      String ticket = query.parameter("ticket").orElse("");
      String cameraId = path.get().cameraId();
      Optional<String> refusal;
      if (action.equals("read")) {
        refusal = validator.refusal(ticket, cameraId, TicketValidator.Access.LIVE);
      } else if (query.parameter("duration").isPresent()) {
        // A /get names its window: it must lie inside the ticket's.
        PlaybackQuery.Get get;
        try {
          get = query.get();
        } catch (IllegalArgumentException e) {
          answer(exchange, 401, e.getMessage());
          return;
        }
        refusal = validator.playbackRefusal(ticket, cameraId, get.start(), get.end());
      } else {
        refusal = validator.refusal(ticket, cameraId, TicketValidator.Access.PLAYBACK);
      }
      answer(exchange, refusal.isEmpty() ? 200 : 401, refusal.orElse("ok"));
    }
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
