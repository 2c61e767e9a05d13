package org.watchfloor.client.net;

import java.util.Set;

/** Hears the broker's news about this user's viewing sessions, on a gRPC thread. */
public interface SessionListener {

  /** A session ended on the broker's side: its player must stop now. */
  void ended(SessionEnd end);

  /**
   * The broker listed the sessions open right now (after the first connect and after every
   * reconnect); a local player whose session is not among them has lost its session.
   */
  void synced(Set<String> openSessionIds);
}
