package org.watchfloor.server.transparency;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.GrantStatus;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.server.retention.DataClass;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.GrantStore;
import org.watchfloor.server.store.PublicFigureStore;
import org.watchfloor.server.store.Transaction;

/**
 * Computes {@link PublicFigures} from the rows as they are, in one transaction: activity from the
 * audit log (which is never purged; tallied per hour by {@link HourlyActivity}), what exists now from
 * the store.
 */
public final class PublicFigureReader {

  private static final Duration RECENT = Duration.ofDays(30);
  private static final Logger LOG = Logger.getLogger(PublicFigureReader.class.getName());

  private final Database database;
  private final PublicTrustSettings published;
  private final HourlyActivity activity = new HourlyActivity();

  public PublicFigureReader(Database database, PublicTrustSettings published) {
    this.database = database;
    this.published = published;
  }

  /**
   * Reads the figures once on a thread of its own, so that the first visitor after a start does not
   * wait while the whole audit log is taken in (seconds at a million rows, see decision 19).
   */
  public void takeInAuditLogInBackground(Clock clock) {
    Thread thread = new Thread(() -> {
      try {
        read(clock.instant());
      } catch (RuntimeException e) {
        LOG.log(Level.INFO, "the public figures were not prepared at start; the first request prepares them", e);
      }
    }, "public-figures-start");
    thread.setDaemon(true);
    thread.start();
  }

  /** The figures as of {@code now}: the last 30 days and the year to date. */
  public PublicFigures read(Instant now) {
    PublicFigures.Window recent = new PublicFigures.Window(now.minus(RECENT), now);
    PublicFigures.Window year =
        new PublicFigures.Window(LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfYear(1).atStartOfDay(ZoneOffset.UTC).toInstant(), now);
    return read(now, recent, year);
  }

  /** The figures of one report period: both windows are {@code period}; what exists is as of {@code now}. */
  public PublicFigures readPeriod(Instant now, PublicFigures.Window period) {
    return read(now, period, period);
  }

  private PublicFigures read(Instant now, PublicFigures.Window recent, PublicFigures.Window year) {
    return database.inTransaction("public figures", transaction -> {
      Windows windows = Windows.read(transaction, activity, recent, year);
      Map<String, Long> byKind = new LinkedHashMap<>();
      PublicFigureStore.camerasByKind(transaction).forEach((kind, count) -> byKind.put(kind.substring("CAMERA_KIND_".length()), count));
      Map<String, Long> scopes = new LinkedHashMap<>();
      for (GrantScope scope : List.of(GrantScope.GRANT_SCOPE_ALWAYS, GrantScope.GRANT_SCOPE_EMERGENCY_ONLY, GrantScope.GRANT_SCOPE_SCHEDULE)) {
        scopes.put(scopeName(scope), 0L);
      }
      for (LiveShareGrant grant : GrantStore.withStatus(transaction, GrantStatus.GRANT_STATUS_ACTIVE)) {
        scopes.merge(scopeName(grant.getScope()), 1L, Long::sum);
      }
      List<PublicFigures.Organization> organizations = new ArrayList<>();
      long withoutOrganization = 0;
      for (Map.Entry<String, Long> entry : PublicFigureStore.accountsByOrganization(transaction).entrySet()) {
        if (entry.getKey().isBlank()) {
          withoutOrganization += entry.getValue();
        } else {
          organizations.add(new PublicFigures.Organization(entry.getKey(), entry.getValue()));
        }
      }
      return new PublicFigures(
          published.center(),
          now,
          recent,
          year,
          new PublicFigures.Cameras(
              byKind.values().stream().mapToLong(Long::longValue).sum(),
              byKind,
              byKind.getOrDefault("PRIVATE_REGISTERED", 0L),
              byKind.getOrDefault("PRIVATE_LIVE", 0L)),
          PublicFigureStore.ownersWithCameras(transaction),
          scopes,
          new PublicFigures.FootageRequests(
              windows.requests(List.of()),
              windows.requests(List.of("PENDING", "SENT", "VIEWED")),
              windows.requests(List.of("FULFILLED")),
              windows.requests(List.of("DECLINED")),
              windows.requests(List.of("EXPIRED")),
              windows.requests(List.of("WITHDRAWN"))),
          windows.viewing("LIVE_VIEW_OPENED"),
          windows.viewing("PLAYBACK_OPENED"),
          new PublicFigures.EndedByOwner(
              windows.actions(HourlyActivity.REVOKED),
              windows.actions(HourlyActivity.PAUSED)),
          windows.actions("LPR_SEARCH"),
          new PublicFigures.InWindows(
              PublicFigureStore.hotlistHits(transaction, recent.from(), recent.to()),
              PublicFigureStore.hotlistHits(transaction, year.from(), year.to())),
          windows.actions("EXPORT"),
          windows.actions("RETENTION_PURGED"),
          retention(published),
          published.notCollected(),
          organizations,
          withoutOrganization);
    });
  }

  private static List<PublicFigures.Retention> retention(PublicTrustSettings published) {
    List<PublicFigures.Retention> rules = new ArrayList<>();
    for (DataClass dataClass : DataClass.values()) {
      rules.add(new PublicFigures.Retention(dataClass.key(), dataClass.label(), dataClass.description(), published.retention().daysFor(dataClass)));
    }
    rules.add(new PublicFigures.Retention("auditLog", "Audit log", "Every view, search, request, export and change; hash-chained", null));
    return rules;
  }

  private static String scopeName(GrantScope scope) {
    return scope.name().substring("GRANT_SCOPE_".length());
  }

  /** The two windows' counts, read once in the transaction and looked up by kind. */
  private record Windows(
      Map<String, HourlyActivity.Count> recentActivity,
      Map<String, HourlyActivity.Count> yearActivity,
      Map<String, Long> recentRequestsByStatus,
      Map<String, Long> yearRequestsByStatus) {

    static Windows read(Transaction transaction, HourlyActivity activity, PublicFigures.Window recent, PublicFigures.Window year)
        throws SQLException {
      List<Map<String, HourlyActivity.Count>> activityCounts = activity.count(transaction, List.of(recent, year));
      return new Windows(
          activityCounts.get(0),
          activityCounts.get(1),
          PublicFigureStore.footageRequestsByStatus(transaction, recent.from(), recent.to()),
          PublicFigureStore.footageRequestsByStatus(transaction, year.from(), year.to()));
    }

    /** Rows of one tally (an action, or a termination reason) in each window. */
    PublicFigures.InWindows actions(String tally) {
      return new PublicFigures.InWindows(recentActivity.get(tally).rows(), yearActivity.get(tally).rows());
    }

    PublicFigures.Viewing viewing(String action) {
      return new PublicFigures.Viewing(
          actions(action),
          new PublicFigures.InWindows(recentActivity.get(action).distinctCases(), yearActivity.get(action).distinctCases()));
    }

    /** Requests made in each window whose status is one of {@code statuses} (all when empty). */
    PublicFigures.InWindows requests(List<String> statuses) {
      return new PublicFigures.InWindows(sum(recentRequestsByStatus, statuses), sum(yearRequestsByStatus, statuses));
    }

    private static long sum(Map<String, Long> byStatus, List<String> statuses) {
      return byStatus.entrySet().stream()
          .filter(entry -> statuses.isEmpty() || statuses.contains(entry.getKey().substring("FOOTAGE_REQUEST_STATUS_".length())))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }
}
