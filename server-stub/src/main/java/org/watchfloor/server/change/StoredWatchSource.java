package org.watchfloor.server.change;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.Transaction;

/**
 * A watched collection that lives in the database (layers, incidents, grants, footage requests):
 * snapshots and catch-ups read under the same lock the collection's writers hold, so a watcher
 * never misses a change committed between its snapshot and its subscription.
 */
public abstract class StoredWatchSource<T> implements WatchSource<T> {

  /** Reads every entity of the collection. */
  @FunctionalInterface
  public interface AllReader<T> {
    List<T> all(Transaction transaction) throws SQLException;
  }

  /** Reads one entity's current state. */
  @FunctionalInterface
  public interface Finder<T> {
    Optional<T> find(Transaction transaction, String id) throws SQLException;
  }

  protected final Database database;
  /** Writers hold this while they commit and publish, so watchers see changes in revision order. */
  protected final Object writeLock = new Object();
  protected final ChangeFeed<T> feed = new ChangeFeed<>();
  private final Collection collection;
  private final AllReader<T> reader;
  private final Finder<T> finder;
  private final String name;

  protected StoredWatchSource(Database database, Collection collection, AllReader<T> reader, Finder<T> finder) {
    this.database = database;
    this.collection = collection;
    this.reader = reader;
    this.finder = finder;
    this.name = collection.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  @Override
  public final Snapshot<T> snapshot() {
    synchronized (writeLock) {
      return database.inTransaction("snapshot " + name,
          transaction -> new Snapshot<>(ChangeLog.head(transaction, collection), reader.all(transaction)));
    }
  }

  @Override
  public final CatchUp<T> changesAfter(long afterRevision) {
    synchronized (writeLock) {
      return database.inTransaction("read changes of " + name, transaction -> {
        List<Change<T>> changes = new ArrayList<>();
        for (ChangeLog.Change change : ChangeLog.latestChangesAfter(transaction, collection, afterRevision)) {
          changes.add(new Change<>(change.revision(), change.entityId(),
              change.removed() ? Optional.empty() : finder.find(transaction, change.entityId())));
        }
        return new CatchUp<>(ChangeLog.head(transaction, collection), changes);
      });
    }
  }

  @Override
  public final long head() {
    return database.inTransaction(name + " revision", transaction -> ChangeLog.head(transaction, collection));
  }

  @Override
  public final ChangeFeed<T> feed() {
    return feed;
  }
}
