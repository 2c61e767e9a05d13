package org.watchfloor.server.stream;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.watchfloor.server.Rejection;

/**
 * A camera's stream address as the center pulls it: the URL without credentials, and the user name
 * and password apart. {@link #toString} and {@link #shown} never include the credentials, so the
 * address can be logged, audited or shown; {@link #withCredentials} is what gets sealed.
 */
public record StreamSource(URI address, String username, String password) {

  public static final int MAX_ADDRESS_LENGTH = 2000;
  public static final int MAX_CREDENTIAL_LENGTH = 200;

  /**
   * Reads what an owner or admin typed: an rtsp, rtsps, http or https URL, credentials in it
   * ({@code rtsp://user:pass@host/...}) or given apart (those given apart win). Refused naming
   * {@code field} and the rule.
   */
  public static StreamSource parse(String field, String typed, String username, String password) {
    String text = typed.strip();
    if (text.isEmpty()) {
      throw Rejection.invalid(field, "give the camera's stream address, e.g. rtsp://192.168.1.20:554/stream1");
    }
    if (text.length() > MAX_ADDRESS_LENGTH) {
      throw Rejection.invalid(field, "at most " + MAX_ADDRESS_LENGTH + " characters");
    }
    if (username.length() > MAX_CREDENTIAL_LENGTH || password.length() > MAX_CREDENTIAL_LENGTH) {
      throw Rejection.invalid(field, "user name and password at most " + MAX_CREDENTIAL_LENGTH + " characters each");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw Rejection.invalid(field, "is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.matches("rtsps?|https?")) {
      throw Rejection.invalid(field, "must start with rtsp://, rtsps://, http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw Rejection.invalid(field, "names no host");
    }
    String user = username;
    String pass = password;
    if (uri.getRawUserInfo() != null && username.isEmpty()) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      pass = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    }
    try {
      URI bare = new URI(scheme, null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
      return new StreamSource(bare, user, pass);
    } catch (URISyntaxException e) {
      throw Rejection.invalid(field, "is not a URL (" + e.getReason() + ")");
    }
  }

  /** The form kept sealed: the URL with the credentials in it. */
  public String withCredentials() {
    if (username.isEmpty() && password.isEmpty()) {
      return address.toString();
    }
    try {
      return new URI(address.getScheme(), username + ":" + password, address.getHost(), address.getPort(), address.getPath(),
          address.getQuery(), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("an address that parsed once parses again", e);
    }
  }

  /** Reads a sealed form back (after opening it). */
  public static StreamSource ofStored(String withCredentials) {
    return parse("source", withCredentials, "", "");
  }

  public boolean hasCredentials() {
    return !username.isEmpty() || !password.isEmpty();
  }

  /** Scheme, host, port and path: what may be shown to the admin and written to logs (a query may hold a password). */
  public String shown() {
    return address.getScheme() + "://" + address.getHost() + (address.getPort() > 0 ? ":" + address.getPort() : "")
        + (address.getRawPath() == null ? "" : address.getRawPath());
  }

  public Optional<String> basicAuthorization() {
    if (!hasCredentials()) {
      return Optional.empty();
    }
    return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return shown() + (hasCredentials() ? " (with credentials)" : "");
  }
}
