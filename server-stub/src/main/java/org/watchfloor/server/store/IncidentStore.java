package org.watchfloor.server.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.Track;

/** Incidents and timeline entries (including plate reads, which may belong to no incident). */
public final class IncidentStore {

  private IncidentStore() {}

  /** Inserts or replaces an incident (id and revision set). */
  public static void put(Transaction transaction, Incident incident) throws SQLException {
    try (PreparedStatement update =
        transaction
            .connection()
            .prepareStatement(
                "UPDATE incidents SET cad_number = ?, status = ?, latitude = ?, longitude = ?, opened_at = ?,"
                    + " revision = ?, body = ? WHERE id = ?")) {
      bind(update, incident);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO incidents (cad_number, status, latitude, longitude, opened_at, revision, body, id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(insert, incident);
      insert.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, Incident incident) throws SQLException {
    statement.setString(1, incident.getCadNumber());
    statement.setString(2, incident.getStatus().name());
    statement.setDouble(3, incident.getLocation().getLatitude());
    statement.setDouble(4, incident.getLocation().getLongitude());
    statement.setObject(5, ProtoTime.toInstant(incident.getOpenedAt()).atOffset(ZoneOffset.UTC));
    statement.setLong(6, incident.getRevision());
    statement.setBytes(7, incident.toByteArray());
    statement.setString(8, incident.getId());
  }

  public static Optional<Incident> find(Transaction transaction, String id) throws SQLException {
    List<Incident> found = incidents(transaction, "WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every incident, newest first. */
  public static List<Incident> all(Transaction transaction) throws SQLException {
    return incidents(transaction, "", null);
  }

  private static List<Incident> incidents(Transaction transaction, String where, String value) throws SQLException {
    List<Incident> incidents = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM incidents " + where + " ORDER BY opened_at DESC, id")) {
      if (value != null) {
        select.setString(1, value);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          incidents.add(parse(rows.getBytes(1), Incident.parser()));
        }
      }
    }
    return incidents;
  }

  public static void addEvent(Transaction transaction, TimelineEvent event, String plate) throws SQLException {
    try (PreparedStatement insert =
        transaction
            .connection()
            .prepareStatement(
                "INSERT INTO timeline_events (id, incident_id, at, event_type, camera_id, plate, body, lpr_hit_id, hotlist_hit)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, event.getId());
      insert.setString(2, event.getIncidentId().isEmpty() ? null : event.getIncidentId());
      insert.setObject(3, ProtoTime.toInstant(event.getAt()).atOffset(ZoneOffset.UTC));
      insert.setString(4, event.getType().name());
      insert.setString(5, event.getCameraId().isEmpty() ? null : event.getCameraId());
      insert.setString(6, plate.isEmpty() ? null : plate);
      insert.setBytes(7, event.toByteArray());
      insert.setString(8, event.hasLprHit() ? event.getLprHit().getId() : null);
      insert.setBoolean(9, isHotlistHit(event));
      insert.executeUpdate();
    }
  }

  /** The timeline entry {@code id}, of an incident or not. */
  public static Optional<TimelineEvent> findEvent(Transaction transaction, String id) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement("SELECT body FROM timeline_events WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(parse(rows.getBytes(1), TimelineEvent.parser())) : Optional.empty();
      }
    }
  }

  /** Inserts or replaces a track (id and revision set). */
  public static void putTrack(Transaction transaction, Track track) throws SQLException {
    try (PreparedStatement update = transaction.connection().prepareStatement("UPDATE incident_tracks SET revision = ?, body = ? WHERE id = ?")) {
      update.setLong(1, track.getRevision());
      update.setBytes(2, track.toByteArray());
      update.setString(3, track.getId());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        transaction.connection().prepareStatement("INSERT INTO incident_tracks (id, incident_id, revision, body) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, track.getId());
      insert.setString(2, track.getIncidentId());
      insert.setLong(3, track.getRevision());
      insert.setBytes(4, track.toByteArray());
      insert.executeUpdate();
    }
  }

  public static Optional<Track> findTrack(Transaction transaction, String incidentId, String trackId) throws SQLException {
    return tracks(transaction, incidentId).stream().filter(track -> track.getId().equals(trackId)).findFirst();
  }

  /** An incident's tracks, the least recently saved first. */
  public static List<Track> tracks(Transaction transaction, String incidentId) throws SQLException {
    List<Track> tracks = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM incident_tracks WHERE incident_id = ? ORDER BY revision, id")) {
      select.setString(1, incidentId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tracks.add(parse(rows.getBytes(1), Track.parser()));
        }
      }
    }
    return tracks;
  }

  public static void deleteTrack(Transaction transaction, String trackId) throws SQLException {
    try (PreparedStatement delete = transaction.connection().prepareStatement("DELETE FROM incident_tracks WHERE id = ?")) {
      delete.setString(1, trackId);
      delete.executeUpdate();
    }
  }

  /** A plate read that matched a hotlist. */
  public static boolean isHotlistHit(TimelineEvent event) {
    return event.hasLprHit() && !event.getLprHit().getHotlist().isEmpty();
  }

  /** The hotlist hits read since {@code since}, newest first. */
  public static List<LprHit> hotlistHits(Transaction transaction, Instant since) throws SQLException {
    List<LprHit> hits = new ArrayList<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM timeline_events WHERE hotlist_hit AND at >= ? ORDER BY at DESC, id")) {
      select.setObject(1, since.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          hits.add(parse(rows.getBytes(1), TimelineEvent.parser()).getLprHit());
        }
      }
    }
    return hits;
  }

  /** The hotlist hit with LprHit id {@code hitId}, unless retention removed it. */
  public static Optional<LprHit> findHotlistHit(Transaction transaction, String hitId) throws SQLException {
    try (PreparedStatement select =
        transaction.connection().prepareStatement("SELECT body FROM timeline_events WHERE hotlist_hit AND lpr_hit_id = ?")) {
      select.setString(1, hitId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(parse(rows.getBytes(1), TimelineEvent.parser()).getLprHit()) : Optional.empty();
      }
    }
  }

  /** An incident's timeline entries between {@code from} and {@code to}, oldest first. */
  public static List<TimelineEvent> timeline(Transaction transaction, String incidentId, Instant from, Instant to)
      throws SQLException {
    List<TimelineEvent> events = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT body FROM timeline_events WHERE incident_id = ? AND at >= ? AND at <= ? ORDER BY at, id")) {
      select.setString(1, incidentId);
      select.setObject(2, from.atOffset(ZoneOffset.UTC));
      select.setObject(3, to.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(parse(rows.getBytes(1), TimelineEvent.parser()));
        }
      }
    }
    return events;
  }

  /**
   * Plate reads whose normalised plate matches the SQL LIKE {@code platePattern}, between
   * {@code from} and {@code to}, newest first, at most {@code limit}.
   */
  public static List<TimelineEvent> plateReads(
      Transaction transaction, String platePattern, Instant from, Instant to, int limit) throws SQLException {
    List<TimelineEvent> reads = new ArrayList<>();
    try (PreparedStatement select =
        transaction
            .connection()
            .prepareStatement(
                "SELECT body FROM timeline_events WHERE event_type = 'TIMELINE_EVENT_TYPE_LPR_HIT'"
                    + " AND plate LIKE ? AND at >= ? AND at <= ? ORDER BY at DESC, id LIMIT ?")) {
      select.setString(1, platePattern);
      select.setObject(2, from.atOffset(ZoneOffset.UTC));
      select.setObject(3, to.atOffset(ZoneOffset.UTC));
      select.setInt(4, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reads.add(parse(rows.getBytes(1), TimelineEvent.parser()));
        }
      }
    }
    return reads;
  }

  private static <M> M parse(byte[] body, com.google.protobuf.Parser<M> parser) throws SQLException {
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new SQLException("unreadable stored record", e);
    }
  }
}
