package org.watchfloor.server.incident;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.IncidentStore;

/**
 * The plate reads that matched a hotlist, as the analysts' alerts watch them: a snapshot of the
 * last day's hits, then each new one. {@link IncidentBoard} records them with the other reads.
 */
public final class HotlistHits extends StoredWatchSource<LprHit> {

  /** How far back a full snapshot reaches: a shift and more, not the whole 90 days of reads. */
  public static final Duration SNAPSHOT_PERIOD = Duration.ofHours(24);

  HotlistHits(Database database, Clock clock) {
    super(database, Collection.HOTLIST_HITS,
        transaction -> IncidentStore.hotlistHits(transaction, clock.instant().minus(SNAPSHOT_PERIOD)), IncidentStore::findHotlistHit);
  }

  /** Held while a hit is committed and published, so watchers see hits in revision order. */
  Object writeLock() {
    return writeLock;
  }

  /** Tells the watchers of hits committed at the given revisions (in the order given). */
  void published(List<Change<LprHit>> hits) {
    hits.forEach(this::publish);
  }

  static Change<LprHit> change(long revision, LprHit hit) {
    return new Change<>(revision, hit.getId(), Optional.of(hit));
  }
}
