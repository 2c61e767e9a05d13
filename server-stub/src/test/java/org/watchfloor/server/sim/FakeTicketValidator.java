package org.watchfloor.server.sim;

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

  String issue(String cameraId) {
    String token = UUID.randomUUID().toString();
    cameraOfToken.put(token, cameraId);
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
    return Optional.empty();
  }
}
