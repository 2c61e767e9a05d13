package org.watchfloor.server.sim;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.watchfloor.server.stream.TicketValidator;

/**
 * A minimal validator for the simulator's own unit tests: tokens the test issues for one camera
 * each, valid until the test revokes them. The broker's real validator is exercised end to end,
 * with real tickets and a real revocation, in stream.SimulatedVideoTest.
 */
final class FakeTicketValidator implements TicketValidator {

  private final Map<String, String> cameraOfToken = new ConcurrentHashMap<>();
  private final Map<String, Boolean> revoked = new ConcurrentHashMap<>();
  private final Map<String, PlaybackWindow> windows = new ConcurrentHashMap<>();

  String issue(String cameraId) {
    String token = UUID.randomUUID().toString();
    cameraOfToken.put(token, cameraId);
    return token;
  }

  /** A token that reads {@code cameraId}'s recordings of [start, end) only. */
  String issuePlayback(String cameraId, Instant start, Instant end) {
    String token = issue(cameraId);
    windows.put(token, new PlaybackWindow(start, end));
    return token;
  }

  void revoke(String token) {
    revoked.put(token, true);
  }

  @Override
  public Optional<String> refusal(String ticket, String cameraId, Access access) {
    String camera = cameraOfToken.get(ticket);
    if (camera == null) {
      return Optional.of("ticket: unknown or forged");
    }
    if (revoked.containsKey(ticket)) {
      return Optional.of("ticket: session ended: consent revoked");
    }
    if (!camera.equals(cameraId)) {
      return Optional.of("ticket: issued for " + camera + ", not " + cameraId);
    }
    if (windows.containsKey(ticket) != (access == Access.PLAYBACK)) {
      return Optional.of("ticket: not for " + access);
    }
    return Optional.empty();
  }

  @Override
  public Optional<PlaybackWindow> playbackWindow(String ticket, String cameraId) {
    return refusal(ticket, cameraId, Access.PLAYBACK).isEmpty() ? Optional.ofNullable(windows.get(ticket)) : Optional.empty();
  }
}
