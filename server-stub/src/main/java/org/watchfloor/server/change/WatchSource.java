package org.watchfloor.server.change;

import java.util.List;

/** What a watched collection offers its Watch call: a consistent snapshot, catch-up and live changes. */
public interface WatchSource<T> {

  /** Every entity now, and the revision this state is at, read consistently. */
  Snapshot<T> snapshot();

  /**
   * Each entity changed after {@code afterRevision}, once, in its current state, in revision
   * order, up to the returned revision.
   */
  CatchUp<T> changesAfter(long afterRevision);

  /** The newest committed revision. */
  long head();

  ChangeFeed<T> feed();

  /**
   * Publishes to this broker's watchers the changes committed (by any broker on the same database)
   * after the newest one they were given, in revision order.
   */
  void publishCommitted();

  /** The newest revision this broker's watchers were given. */
  long publishedRevision();

  /** A consistent copy of the collection at {@code revision}. */
  record Snapshot<T>(long revision, List<T> entities) {}

  /** The changes after some revision, up to {@code revision}. */
  record CatchUp<T>(long revision, List<Change<T>> changes) {}
}
