package org.watchfloor.client.net;

/** What a center user may do; roles are not ranked (an admin is not also an analyst). */
public enum UserRole {
  ANALYST,
  SUPERVISOR,
  ADMIN
}
