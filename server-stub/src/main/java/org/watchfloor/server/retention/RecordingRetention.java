package org.watchfloor.server.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.server.store.ProtoTime;

/**
 * Whether the center still keeps a camera's recording of a window: within the published period
 * for recordings, or under an evidence hold (one on the incident the playback serves, or one on
 * the camera whose window contains the part past the period). The media server deletes older
 * recordings on its own schedule; the broker refuses to ticket them, so a playback never depends on
 * a deletion having been late.
 */
public final class RecordingRetention {

  private final RetentionRules rules;
  private final EvidenceHolds holds;
  private final Clock clock;

  public RecordingRetention(RetentionRules rules, EvidenceHolds holds, Clock clock) {
    this.rules = rules;
    this.holds = holds;
    this.clock = clock;
  }

  /** Empty when the window is kept; otherwise why not, naming the period and the cutoff. */
  public Optional<String> refusal(String cameraId, String incidentId, Instant start, Instant end) {
    Instant cutoff = rules.cutoff(DataClass.CENTER_RECORDINGS, clock.instant());
    if (!start.isBefore(cutoff)) {
      return Optional.empty();
    }
    Instant pastPeriodEnd = end.isBefore(cutoff) ? end : cutoff;
    for (EvidenceHold hold : holds.list(false)) {
      boolean incidentHeld = !hold.getIncidentId().isEmpty() && hold.getIncidentId().equals(incidentId);
      boolean windowHeld = hold.getCameraId().equals(cameraId)
          && !start.isBefore(ProtoTime.toInstant(hold.getWindowStart()))
          && !pastPeriodEnd.isAfter(ProtoTime.toInstant(hold.getWindowEnd()));
      if (incidentHeld || windowHeld) {
        return Optional.empty();
      }
    }
    return Optional.of("start: the center keeps recordings " + rules.daysFor(DataClass.CENTER_RECORDINGS)
        + " days (its published retention), so nothing before " + cutoff + " is kept for camera " + cameraId
        + " unless an evidence hold on the incident or on this camera's window covers it");
  }
}
