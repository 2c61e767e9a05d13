package org.watchfloor.client.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a camera's recording exists and where it has gaps, as the media server's {@code /list}
 * answers for a playback ticket: spans in time order, each [start, end).
 */
record RecordedSpans(List<Span> spans) {

  /** A stretch of recording with no gap: [start, end). */
  record Span(Instant start, Instant end) {
    boolean covers(Instant at) {
      return !at.isBefore(start) && at.isBefore(end);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RecordedSpans {
    spans = spans.stream().sorted(Comparator.comparing(Span::start)).toList();
  }

  /** Asks the media server; the exception names what went wrong (the URL itself is a credential and is not named). */
  static RecordedSpans fetch(String ticketUrl) throws IOException {
    HttpResponse<String> answer;
    try {
      answer = HTTP.send(HttpRequest.newBuilder(URI.create(PlaybackUrls.list(ticketUrl))).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the media server which recordings exist", e);
    }
    if (answer.statusCode() != 200) {
      throw new IOException("the media server refused the list of recordings (HTTP " + answer.statusCode() + "): " + answer.body().strip());
    }
    return parse(answer.body());
  }

  /** MediaMTX's list: {@code [{"start": RFC 3339, "duration": seconds, "url": ...}]}. */
  static RecordedSpans parse(String json) throws IOException {
    List<Span> spans = new ArrayList<>();
    for (JsonNode span : JSON.readTree(json)) {
      Instant start = java.time.OffsetDateTime.parse(span.get("start").asText()).toInstant();
      long nanos = new BigDecimal(span.get("duration").asText()).movePointRight(9).longValue();
      spans.add(new Span(start, start.plusNanos(nanos)));
    }
    return new RecordedSpans(spans);
  }

  Optional<Span> at(Instant at) {
    return spans.stream().filter(span -> span.covers(at)).findFirst();
  }

  boolean covers(Instant at) {
    return at(at).isPresent();
  }

  /** The start of the first span after {@code at}, if any. */
  Optional<Instant> nextStart(Instant at) {
    return spans.stream().map(Span::start).filter(start -> start.isAfter(at)).findFirst();
  }
}
