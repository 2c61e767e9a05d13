package org.watchfloor.server.audit;

/**
 * Who did an audited thing: a user ({@code usr-...}), an owner in the portal ({@code owner:<id>})
 * or the server itself ({@code system}).
 */
public record Actor(String id, String name) {

  public static final Actor SYSTEM = new Actor("system", "system");

  public static Actor owner(String ownerId, String displayName) {
    return new Actor("owner:" + ownerId, displayName);
  }
}
