package org.watchfloor.client.net;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A center user as the broker lists them: who, which roles and organisation, their sign-in state,
 * and the revision an admin's change to them is based on.
 */
public record UserAccount(
    String id,
    String username,
    String displayName,
    Set<UserRole> roles,
    String organisation,
    boolean disabled,
    String disabledReason,
    boolean hasPassword,
    Instant createdAt,
    Optional<Instant> lastSignedInAt,
    long revision) {

  public UserAccount {
    roles = Set.copyOf(roles);
  }

  /** As the status bar shows the signed-in user, e.g. "Ana Analyst (ana)". */
  public String label() {
    return displayName + " (" + username + ")";
  }

  public boolean holds(UserRole role) {
    return roles.contains(role);
  }
}
