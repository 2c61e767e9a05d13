package org.watchfloor.server.change;

import java.util.Map;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;

/**
 * Keeps this broker's watched collections in step with the database several brokers share: reads
 * every collection's committed revision in one statement and has each source that is behind
 * publish what it missed, from the change log.
 */
public final class SharedChanges {

  private final Database database;
  private final Map<Collection, WatchSource<?>> sources;

  public SharedChanges(Database database, Map<Collection, WatchSource<?>> sources) {
    this.database = database;
    this.sources = Map.copyOf(sources);
  }

  /** Publishes in each collection the changes other brokers committed since this broker's watchers last heard. */
  public void publishCommitted() {
    Map<Collection, Long> heads = database.inTransaction("revisions of the watched collections", ChangeLog::heads);
    sources.forEach((collection, source) -> {
      if (heads.getOrDefault(collection, 0L) > source.publishedRevision()) {
        source.publishCommitted();
      }
    });
  }
}
