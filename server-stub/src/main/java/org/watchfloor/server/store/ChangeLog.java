package org.watchfloor.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revisions and the change log of the watched collections. Taking a revision locks that
 * collection's counter row until commit, so revisions commit in the order they were handed out
 * even across several broker instances on one PostgreSQL. On PostgreSQL each append also
 * announces the new revision on {@link #CHANNEL}, delivered to listening brokers at commit.
 */
public final class ChangeLog {

  /** The PostgreSQL notification channel of committed changes; the payload is {@code schema collection:revision}. */
  static final String CHANNEL = "watchfloor_changes";

  /** At most this many consecutive changes share a change-log row (see V42). */
  private static final int SPAN_IDS = 1000;

  /** What a row's ids may take of its column, entity_ids VARCHAR(70000). */
  private static final int SPAN_CHARACTERS = 70_000;

  /** The latest change of one entity after some revision. */
  public record Change(long revision, String entityId, boolean removed) {}

  private ChangeLog() {}

  /** Records a change of {@code entityId} and returns its new revision. */
  public static long append(
      Transaction transaction, Collection collection, String entityId, boolean removed, Instant at)
      throws SQLException {
    return appendAll(transaction, collection, List.of(entityId), removed, at);
  }

  /**
   * Records changes of {@code entityIds}, which get consecutive revisions in list order, with one
   * counter update and one batch; returns the last revision. Consecutive changes share a row, up
   * to {@link #SPAN_IDS} of them (decision record 27): an import of 100,000 cameras writes 100 rows
   * instead of 100,000.
   */
  public static long appendAll(
      Transaction transaction, Collection collection, List<String> entityIds, boolean removed, Instant at)
      throws SQLException {
    long last = advanceCounter(transaction, collection.key, entityIds.size());
    long first = last - entityIds.size() + 1;
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO change_log (collection, first_revision, revision, entity_ids, removed, changed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      int from = 0;
      while (from < entityIds.size()) {
        int to = spanEnd(entityIds, from);
        insert.setString(1, collection.key);
        insert.setLong(2, first + from);
        insert.setLong(3, first + to - 1);
        insert.setString(4, to - from == 1 ? entityIds.get(from) : spanText(entityIds.subList(from, to)));
        insert.setBoolean(5, removed);
        insert.setObject(6, at.atOffset(ZoneOffset.UTC));
        insert.addBatch();
        from = to;
      }
      insert.executeBatch();
    }
    if (transaction.shared()) {
      announce(transaction, CHANNEL, collection.key + ":" + last);
    }
    return last;
  }

  /** Where the row starting at {@code from} ends (exclusive): at most SPAN_IDS ids, and what fits the column. */
  private static int spanEnd(List<String> entityIds, int from) {
    int to = from;
    int characters = 0;
    while (to < entityIds.size() && to - from < SPAN_IDS) {
      characters += spanEntryLength(entityIds.get(to));
      if (characters > SPAN_CHARACTERS && to > from) {
        break;
      }
      to++;
    }
    return to;
  }

  private static int spanEntryLength(String entityId) {
    return String.valueOf(entityId.length()).length() + 1 + entityId.length();
  }

  /** The ids of a span, each as its length, ':' and the id: no id can break the list, whatever it holds. */
  private static String spanText(List<String> entityIds) {
    StringBuilder text = new StringBuilder();
    for (String entityId : entityIds) {
      text.append(entityId.length()).append(':').append(entityId);
    }
    return text.toString();
  }

  /** The ids a row holds, in revision order (see {@link #spanText}). */
  private static List<String> spanIds(long firstRevision, long revision, String text) {
    if (firstRevision == revision) {
      return List.of(text);
    }
    List<String> ids = new ArrayList<>((int) (revision - firstRevision + 1));
    int at = 0;
    while (at < text.length()) {
      int colon = text.indexOf(':', at);
      int end = colon + 1 + Integer.parseInt(text, at, colon, 10);
      ids.add(text.substring(colon + 1, end));
      at = end;
    }
    return ids;
  }

  /**
   * Queues a notification on {@code channel} that PostgreSQL delivers to every listening broker if
   * and when this transaction commits. The payload starts with the schema and a space: brokers of
   * other stores in the same database hear it too and skip it.
   */
  static void announce(Transaction transaction, String channel, String payload) throws SQLException {
    try (PreparedStatement notify = transaction.connection().prepareStatement("SELECT pg_notify(?, current_schema() || ' ' || ?)")) {
      notify.setString(1, channel);
      notify.setString(2, payload);
      notify.execute();
    }
  }

  /** The newest committed revision of every watched collection, read in one statement. */
  public static java.util.Map<Collection, Long> heads(Transaction transaction) throws SQLException {
    java.util.Map<Collection, Long> heads = new java.util.EnumMap<>(Collection.class);
    try (PreparedStatement select =
            transaction.connection().prepareStatement("SELECT collection, revision FROM revision_counter");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        for (Collection collection : Collection.values()) {
          if (collection.key.equals(rows.getString(1))) {
            heads.put(collection, rows.getLong(2));
          }
        }
      }
    }
    return heads;
  }

  /** Bumps a counter row (taking its lock until commit) and returns the new value. */
  static long nextCounter(Transaction transaction, String counter) throws SQLException {
    return advanceCounter(transaction, counter, 1);
  }

  static long advanceCounter(Transaction transaction, String counter, int by)
      throws SQLException {
    try (PreparedStatement bump =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE revision_counter SET revision = revision + ? WHERE collection = ?")) {
      bump.setInt(1, by);
      bump.setString(2, counter);
      if (bump.executeUpdate() != 1) {
        throw new SQLException("no revision counter named " + counter);
      }
    }
    return counter(transaction, counter);
  }

  static long counter(Transaction transaction, String counter) throws SQLException {
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement("SELECT revision FROM revision_counter WHERE collection = ?")) {
      select.setString(1, counter);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** The newest revision of {@code collection} that has committed. */
  public static long head(Transaction transaction, Collection collection) throws SQLException {
    return counter(transaction, collection.key);
  }

  /**
   * For each entity changed after {@code afterRevision} and up to {@code throughRevision}, its
   * latest change in that span, in revision order: what a client that saw everything up to
   * {@code afterRevision} has missed. The bound matters inside a write, whose own uncommitted
   * changes it sees: an entity it is writing must still show the change another broker made.
   */
  public static List<Change> latestChangesAfter(
      Transaction transaction, Collection collection, long afterRevision, long throughRevision) throws SQLException {
    // One range scan of the primary key: a row's last revision is less than SPAN_IDS past its
    // first, so every row with a change in the span ends before throughRevision + SPAN_IDS. A later
    // change of an entity replaces its earlier one.
    Map<String, Change> latest = new LinkedHashMap<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT first_revision, revision, entity_ids, removed FROM change_log"
                    + " WHERE collection = ? AND revision > ? AND revision < ? AND first_revision <= ? ORDER BY revision")) {
      select.setString(1, collection.key);
      select.setLong(2, afterRevision);
      select.setLong(3, throughRevision + SPAN_IDS);
      select.setLong(4, throughRevision);
      select.setFetchSize(200);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long revision = rows.getLong(1);
          for (String entityId : spanIds(revision, rows.getLong(2), rows.getString(3))) {
            if (revision > afterRevision && revision <= throughRevision) {
              latest.remove(entityId);
              latest.put(entityId, new Change(revision, entityId, rows.getBoolean(4)));
            }
            revision++;
          }
        }
      }
    }
    return new ArrayList<>(latest.values());
  }
}
