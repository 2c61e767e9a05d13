package org.watchfloor.server.stream;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The query of MediaMTX's playback API, parsed and written in one place for the simulator that
 * serves it, the auth hook that checks it and the locator that builds ticket URLs:
 * {@code /list?path=P[&start=T&end=T]} and {@code /get?path=P&start=T&duration=S&format=fmp4|mp4},
 * T in RFC 3339, S in (fractional) seconds, and the ticket as one more parameter.
 */
public record PlaybackQuery(Map<String, String> parameters) {

  /** The longest window one answer covers, as OpenPlayback allows. */
  public static final Duration MAX_WINDOW = Duration.ofHours(24);

  /** How {@code /get} packs the recording. */
  public enum Format {
    FMP4,
    MP4;

    public String parameter() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A camera's profile as a MediaMTX path: {@code cam/<cameraId>/<profile>}. */
  public record MediaPath(String cameraId, String profileName) {

    public static Optional<MediaPath> parse(String path) {
      int first = path.indexOf('/');
      int last = path.lastIndexOf('/');
      if (first < 0 || last <= first + 1 || last == path.length() - 1 || !path.substring(0, first).equals("cam")) {
        return Optional.empty();
      }
      return Optional.of(new MediaPath(path.substring(first + 1, last), path.substring(last + 1)));
    }

    @Override
    public String toString() {
      return "cam/" + cameraId + "/" + profileName;
    }
  }

  /** A {@code /get} request: {@code [start, start + duration)} of {@code path} packed as {@code format}. */
  public record Get(MediaPath path, Instant start, Duration duration, Format format) {
    public Instant end() {
      return start.plus(duration);
    }
  }

  /** A {@code /list} request, optionally bounded. */
  public record ListSpans(MediaPath path, Optional<Instant> start, Optional<Instant> end) {}

  /** Splits a raw (percent-encoded) query; a later parameter of the same name wins. */
  public static PlaybackQuery parse(String rawQuery) throws IllegalArgumentException {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        try {
          parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(name + ": not valid percent-encoding");
        }
      }
    }
    return new PlaybackQuery(Map.copyOf(parameters));
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name)).filter(value -> !value.isEmpty());
  }

  /** Reads a {@code /get} query; the message of the exception names the parameter and the rule. */
  public Get get() throws IllegalArgumentException {
    MediaPath path = path();
    Instant start = time("start").orElseThrow(() -> new IllegalArgumentException("start: required, an RFC 3339 time"));
    String seconds = parameter("duration").orElseThrow(() -> new IllegalArgumentException("duration: required, in seconds"));
    Duration duration;
    try {
      duration = Duration.ofNanos(new BigDecimal(seconds).movePointRight(9).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration: '" + seconds + "' is not a number of seconds");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration: must be more than 0 s");
    }
    if (duration.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("duration: at most 24 h (86400 s), not " + seconds);
    }
    String format = parameter("format").orElse("fmp4");
    Format packing = switch (format) {
      case "fmp4" -> Format.FMP4;
      case "mp4" -> Format.MP4;
      default -> throw new IllegalArgumentException("format: fmp4 or mp4, not '" + format + "'");
    };
    return new Get(path, start, duration, packing);
  }

  /** Reads a {@code /list} query. */
  public ListSpans list() throws IllegalArgumentException {
    return new ListSpans(path(), time("start"), time("end"));
  }

  private MediaPath path() {
    String path = parameter("path").orElseThrow(() -> new IllegalArgumentException("path: required, cam/<camera>/<profile>"));
    return MediaPath.parse(path).orElseThrow(() -> new IllegalArgumentException("path: '" + path + "' is not cam/<camera>/<profile>"));
  }

  private Optional<Instant> time(String name) {
    Optional<String> text = parameter(name);
    try {
      return text.map(value -> OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": '" + text.orElseThrow() + "' is not an RFC 3339 time such as 2026-03-01T14:00:00Z");
    }
  }

  /** The query of a {@code /get} of {@code get}, without the ticket. */
  public static String getQuery(Get get) {
    return "path=" + encode(get.path().toString()) + "&start=" + encode(get.start().toString())
        + "&duration=" + new BigDecimal(get.duration().toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString()
        + "&format=" + get.format().parameter();
  }

  /** The query of a {@code /list} of {@code path}, without the ticket. */
  public static String listQuery(MediaPath path) {
    return "path=" + encode(path.toString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
