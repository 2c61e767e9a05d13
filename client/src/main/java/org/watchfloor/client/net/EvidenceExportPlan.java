package org.watchfloor.client.net;

import java.time.Instant;
import java.util.List;

/**
 * What the broker prepared for an evidence export: where to download each item and the incident's
 * timeline file. The URLs are short-lived and are never stored or shown.
 */
public record EvidenceExportPlan(String exportId, List<Item> items, String timelinePath, byte[] timeline) {

  /** One recording window or owner-shared clip to download. */
  public record Item(
      boolean clip, String cameraId, String cameraName, Instant requestedStart, Instant requestedEnd, String downloadUrl,
      String clipId, String clipSha256, String clipFileName) {}

  /** A camera window asked for. */
  public record CameraWindow(String cameraId, Instant start, Instant end) {}

  /** An owner-shared clip asked for. */
  public record SharedClipChoice(String footageRequestId, String clipId) {}

  /** What the supervisor asks to export. */
  public record Order(
      String incidentId, String caseNumber, String reason, String workstation, List<CameraWindow> windows, List<SharedClipChoice> clips) {}

  /** A payload file written: its item, path in the bag, SHA-256 and the span it holds. */
  public record WrittenFile(int itemIndex, String path, String sha256, long size, Instant actualStart, Instant actualEnd) {}

  /** A tag file the broker wrote and signed, to be written as it is. */
  public record TagFile(String path, byte[] content) {}
}
