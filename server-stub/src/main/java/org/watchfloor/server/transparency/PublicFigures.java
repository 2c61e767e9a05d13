package org.watchfloor.server.transparency;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the transparency page states, as computed at one instant from the store and the audit
 * log. Nothing here names a person, an owner, a plate or a case: only counts and the center's own
 * published texts. Serialised as {@code /transparency.json}.
 *
 * @param center the center's public name
 * @param computedAt when the figures were computed; figures "now" are as of this instant
 * @param last30Days the window of the "last 30 days" counts
 * @param yearToDate the window of the "year to date" counts (from 1 January, UTC); in an annual
 *     report both windows are the report's period
 * @param cameras cameras in the directory now
 * @param ownersTakingPart owners with at least one camera in the directory now
 * @param activeLiveGrantsByScope live-share grants active now, per scope (ALWAYS, EMERGENCY_ONLY, SCHEDULE)
 * @param footageRequests footage requests made in each window, by what became of them
 * @param liveViews live views opened (sessions, and the distinct cases they served)
 * @param playbacks recorded-video playbacks opened (sessions, distinct cases)
 * @param viewsEndedByOwner viewing sessions the broker ended because the owner revoked or paused sharing
 * @param lprSearches plate searches made
 * @param hotlistHits plate reads that matched a hotlist, among the reads still kept (see retention)
 * @param evidenceExports evidence downloads of owner-shared clips
 * @param retentionPurges scheduled purges that ran (each audited with its counts)
 * @param retention how long each data class is kept
 * @param notCollected what the center does not collect or do
 * @param organizations organisations whose staff have enabled accounts, from the user accounts
 * @param accountsWithoutOrganization enabled accounts with no organisation recorded
 */
public record PublicFigures(
    String center,
    Instant computedAt,
    Window last30Days,
    Window yearToDate,
    Cameras cameras,
    long ownersTakingPart,
    Map<String, Long> activeLiveGrantsByScope,
    FootageRequests footageRequests,
    Viewing liveViews,
    Viewing playbacks,
    EndedByOwner viewsEndedByOwner,
    InWindows lprSearches,
    InWindows hotlistHits,
    InWindows evidenceExports,
    InWindows retentionPurges,
    List<Retention> retention,
    List<String> notCollected,
    List<Organization> organizations,
    long accountsWithoutOrganization) {

  /** A half-open time window [from, to). */
  public record Window(Instant from, Instant to) {}

  /** One count per window. */
  public record InWindows(long last30Days, long yearToDate) {}

  /**
   * Cameras now. {@code byKind} keys: TRAFFIC, CITY_CCTV, LPR, PRIVATE_REGISTERED (participation
   * Level 1, the center has no access), PRIVATE_LIVE (Level 2, live sharing on the owner's terms).
   */
  public record Cameras(long total, Map<String, Long> byKind, long level1Registered, long level2Live) {}

  /** Footage requests made in the window, by their status now. */
  public record FootageRequests(
      InWindows made, InWindows awaitingAnswer, InWindows fulfilled, InWindows declined, InWindows expired, InWindows withdrawn) {}

  /** Viewing sessions opened and the distinct case numbers they were opened for. */
  public record Viewing(InWindows sessions, InWindows distinctCases) {}

  /** Sessions ended because the owner revoked or paused the grant. */
  public record EndedByOwner(InWindows revoked, InWindows paused) {}

  /** One data class's retention; {@code days} is null for "never deleted" (the audit log). */
  public record Retention(String dataClass, String label, String description, Integer days) {}

  /** An organisation and how many enabled accounts its staff hold. */
  public record Organization(String name, long accounts) {}
}
