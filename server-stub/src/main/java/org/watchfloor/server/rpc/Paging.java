package org.watchfloor.server.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.watchfloor.server.Rejection;

/** Page sizes and opaque page tokens, checked the same way by every list call. */
public final class Paging {

  private Paging() {}

  /** {@code requested}, or {@code fallback} when 0; refuses negative sizes and sizes over {@code max}. */
  public static int pageSize(String field, int requested, int fallback, int max) {
    if (requested < 0 || requested > max) {
      throw Rejection.invalid(field, "must be from 0 to " + max + ", got " + requested);
    }
    return requested == 0 ? fallback : requested;
  }

  /** An opaque token for a cursor value (the cursor is not a secret, only not meant to be edited). */
  public static String encode(String cursor) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code token}, or {@code initial} when the token is empty. */
  public static String decode(String field, String token, String initial) {
    if (token.isEmpty()) {
      return initial;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Rejection.invalid(field, "is not a token this server handed out; start again without it");
    }
  }

  /** A numeric cursor, e.g. an audit sequence number. */
  public static long decodeLong(String field, String token, long initial) {
    String cursor = decode(field, token, Long.toString(initial));
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw Rejection.invalid(field, "is not a token this server handed out; start again without it");
    }
  }
}
