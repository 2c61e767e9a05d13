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
 * never misses a change committed between its snapshot and its subscription. Changes other brokers
 * commit reach this broker's watchers through {@link #publishCommitted}, in the same revision order.
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
  /** The newest revision this broker's watchers were given (under {@link #writeLock}). */
  private long published;

  protected StoredWatchSource(Database database, Collection collection, AllReader<T> reader, Finder<T> finder) {
    this.database = database;
    this.collection = collection;
    this.reader = reader;
    this.finder = finder;
    this.name = collection.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    this.published = head();
  }

  /**
   * Tells watchers of a change this broker just committed (writers call it holding
   * {@link #writeLock}, so changes go out in revision order). When another broker committed
   * revisions in between, those are published first, from the change log.
   */
  protected final void publish(Change<T> change) {
    synchronized (writeLock) {
      if (change.revision() > published + 1) {
        publishCommitted();
      }
      if (change.revision() > published) {
        feed.publish(change);
        published = change.revision();
      }
    }
  }

  @Override
  public final void publishCommitted() {
    synchronized (writeLock) {
      CatchUp<T> missed = changesAfter(published);
      for (Change<T> change : missed.changes()) {
        feed.publish(change);
      }
      published = Math.max(published, missed.revision());
    }
  }

  @Override
  public final long publishedRevision() {
    synchronized (writeLock) {
      return published;
    }
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
        // The head first: every revision up to it has committed, and later commits wait for the next read.
        long head = ChangeLog.head(transaction, collection);
        List<Change<T>> changes = new ArrayList<>();
        for (ChangeLog.Change change : ChangeLog.latestChangesAfter(transaction, collection, afterRevision, head)) {
          changes.add(new Change<>(change.revision(), change.entityId(),
              change.removed() ? Optional.empty() : finder.find(transaction, change.entityId())));
        }
        return new CatchUp<>(head, changes);
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
