package org.watchfloor.server.enrollment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;
import org.watchfloor.server.store.FootageRequestStore;
import org.watchfloor.server.store.ProtoTime;

/**
 * What an owner may read about the center's use of their cameras, taken from the audit log: every
 * footage request sent to them, and every live view and playback of their cameras (opened or
 * refused), with when, how long, by which agency and for which case.
 */
public final class AccessLog {

  /** The audit actions that are the center looking at a camera, and how the owner reads them. */
  private static final List<String[]> VIEW_ACTIONS = List.of(
      new String[] {"LIVE_VIEW_OPENED", "Live view"},
      new String[] {"LIVE_VIEW_REFUSED", "Live view refused (not covered by your permission)"},
      new String[] {"PLAYBACK_OPENED", "Playback"},
      new String[] {"PLAYBACK_REFUSED", "Playback refused"});
  private static final Pattern SESSION = Pattern.compile("session=(ses-[A-Za-z0-9-]+)");
  /** The newest rows an owner is shown per camera and kind of access. */
  private static final int ROWS_PER_KIND = 200;

  /**
   * One access.
   *
   * @param duration how long a view lasted; empty when it was refused, is still open, or is a request
   */
  public record Entry(Instant at, String what, String camera, Optional<Duration> duration, boolean open, String agency, String caseNumber, String detail) {}

  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final FootageDesk footage;
  private final String agency;

  public AccessLog(AuditLog audit, CameraDirectory cameras, FootageDesk footage, String agency) {
    this.audit = audit;
    this.cameras = cameras;
    this.footage = footage;
    this.agency = agency;
  }

  /** Everything about {@code owner}'s cameras, newest first. */
  public List<Entry> of(Owner owner) {
    List<Entry> entries = new ArrayList<>();
    for (String cameraId : owner.getCameraIdsList()) {
      String cameraName = cameras.get(cameraId).map(Camera::getName).orElse(cameraId);
      for (String[] action : VIEW_ACTIONS) {
        for (AuditRow row : rows(action[0], "camera:" + cameraId)) {
          entries.add(view(row, action, cameraName));
        }
      }
    }
    for (FootageRequest request : footage.page(new FootageRequestStore.Filter(List.of(), "", "", owner.getId(), "", null, null), ROWS_PER_KIND)) {
      String names = String.join(", ", request.getCameraIdsList().stream().map(id -> cameras.get(id).map(Camera::getName).orElse(id)).toList());
      entries.add(new Entry(ProtoTime.toInstant(request.getCreatedAt()), "Footage request", names, Optional.empty(), false, agency,
          request.getPurpose().getCaseNumber(),
          "video from " + FootageDesk.ownerLocal(ProtoTime.toInstant(request.getWindowStart()), owner.getTimeZone()) + " to "
              + FootageDesk.ownerLocal(ProtoTime.toInstant(request.getWindowEnd()), owner.getTimeZone()) + "; "
              + FootageDesk.statusName(request.getStatus()).toLowerCase(java.util.Locale.ROOT)));
    }
    entries.sort(Comparator.comparing(Entry::at).reversed());
    return entries;
  }

  private Entry view(AuditRow row, String[] action, String cameraName) {
    Optional<Duration> duration = Optional.empty();
    boolean open = false;
    Matcher session = SESSION.matcher(row.detail());
    if (action[0].endsWith("_OPENED") && session.find()) {
      List<AuditRow> ended = rows("SESSION_TERMINATED", "session:" + session.group(1));
      if (ended.isEmpty()) {
        open = true;
      } else {
        duration = Optional.of(Duration.between(row.at(), ended.get(0).at()));
      }
    }
    return new Entry(row.at(), action[1], cameraName, duration, open, agency, row.caseNumber(), row.reason());
  }

  private List<AuditRow> rows(String action, String target) {
    return audit.query(new AuditFilter("", "", action, target, "", Optional.empty(), Optional.empty()), Long.MAX_VALUE, true, ROWS_PER_KIND);
  }
}
