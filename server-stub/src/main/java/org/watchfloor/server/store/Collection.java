package org.watchfloor.server.store;

/** A watched collection: each has its own revision counter and change log. */
public enum Collection {
  CAMERAS("cameras"),
  LAYERS("layers"),
  FOOTAGE_REQUESTS("footage_requests"),
  GRANTS("grants"),
  INCIDENTS("incidents"),
  HOTLIST_HITS("hotlist_hits"),
  /** The admin's review list: registrations awaiting approval and cameras waiting to be connected. */
  OWNER_REVIEWS("owner_reviews");

  final String key;

  Collection(String key) {
    this.key = key;
  }
}
