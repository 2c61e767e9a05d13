package org.watchfloor.client.replay;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * URLs of MediaMTX's playback API made from a playback ticket's URL
 * ({@code .../get?path=P&start=S&duration=D&format=fmp4&ticket=T}): any window inside the ticket's
 * plays on the same ticket, so the replay seeks by asking for a window that starts where it wants
 * to be; {@code /list} with the same path and ticket tells which spans exist.
 */
final class PlaybackUrls {

  private PlaybackUrls() {}

  /** The ticket's URL asking for [{@code start}, {@code start + duration}). */
  static String window(String ticketUrl, Instant start, Duration duration) {
    String seconds = new BigDecimal(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    return withQuery(ticketUrl, "/get", List.of("start=" + encode(start.toString()), "duration=" + seconds, "format=fmp4"));
  }

  /** The ticket's {@code /list} URL: the recorded spans of its path. */
  static String list(String ticketUrl) {
    return withQuery(ticketUrl, "/list", List.of());
  }

  /** The URL with its endpoint replaced and only path and ticket kept from its query, followed by {@code added}. */
  private static String withQuery(String ticketUrl, String endpoint, List<String> added) {
    int question = ticketUrl.indexOf('?');
    if (question < 0 || !ticketUrl.substring(0, question).endsWith("/get")) {
      throw new IllegalArgumentException("not a MediaMTX playback URL (…/get?path=…): the broker's ticket is not a recording");
    }
    String base = ticketUrl.substring(0, question - "/get".length()) + endpoint;
    List<String> kept = new ArrayList<>();
    for (String parameter : ticketUrl.substring(question + 1).split("&")) {
      if (parameter.startsWith("path=") || parameter.startsWith("ticket=")) {
        kept.add(parameter);
      }
    }
    kept.addAll(added);
    return base + "?" + String.join("&", kept);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
