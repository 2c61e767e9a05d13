package org.watchfloor.server.change;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.Transaction;

/** Catch-up for collections read from the database: the missed changes with each entity's state now. */
public final class StoredCatchUp {

  /** Reads one entity's current state. */
  @FunctionalInterface
  public interface Finder<T> {
    Optional<T> find(Transaction transaction, String id) throws SQLException;
  }

  private StoredCatchUp() {}

  public static <T> WatchSource.CatchUp<T> read(
      Database database, Collection collection, long afterRevision, Finder<T> finder) {
    return database.inTransaction(
        "read changes of " + collection.name().toLowerCase(java.util.Locale.ROOT),
        transaction -> {
          List<Change<T>> changes = new ArrayList<>();
          for (ChangeLog.Change change : ChangeLog.latestChangesAfter(transaction, collection, afterRevision)) {
            changes.add(
                new Change<>(
                    change.revision(),
                    change.entityId(),
                    change.removed() ? Optional.empty() : finder.find(transaction, change.entityId())));
          }
          return new WatchSource.CatchUp<>(ChangeLog.head(transaction, collection), changes);
        });
  }
}
