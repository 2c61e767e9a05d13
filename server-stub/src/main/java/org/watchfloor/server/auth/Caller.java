package org.watchfloor.server.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;

/**
 * The signed-in user a call runs for, with the roles that decide what it may do, and the password
 * sign-in session it came with ("" for a user's bearer token).
 */
public record Caller(String userId, String username, String displayName, Set<Role> roles, String signInSessionId) {

  public Caller {
    roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
  }

  /**
   * Refuses unless the caller holds one of {@code allowed}; the message names both sides so a
   * person knows whom to ask.
   */
  public void requireAnyRole(Role... allowed) {
    for (Role role : allowed) {
      if (roles.contains(role)) {
        return;
      }
    }
    throw Rejection.denied(
        "role: this call needs "
            + Arrays.stream(allowed).map(Caller::roleName).collect(Collectors.joining(" or "))
            + "; "
            + username
            + " has "
            + (roles.isEmpty()
                ? "no role"
                : roles.stream().map(Caller::roleName).collect(Collectors.joining(", ")))
            + " (an admin grants roles)");
  }

  public Actor actor() {
    return new Actor(userId, username);
  }

  /** ROLE_ADMIN → ADMIN, as people and the contract's comments say it. */
  public static String roleName(Role role) {
    return role.name().substring("ROLE_".length());
  }
}
