package org.watchfloor.server.camera.inventory;

import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;

/**
 * One record of an inventory file as the importer understood it.
 *
 * @param recordIndex where the record is, as ImportRecordResult.record_index defines it: the CSV
 *     line it starts on, or the 1-based index in the GeoJSON features or Overpass elements
 * @param sourceRecordId the record's id in the source ("node/123", the CSV source_id); empty when
 *     it has none
 * @param camera the camera to store, without id, revision or timestamps (the store assigns those);
 *     empty when the record is rejected
 * @param issues warnings and errors in field order; a rejected record has at least one ERROR
 */
public record ParsedRecord(
    int recordIndex, String sourceRecordId, Optional<Camera> camera, List<ImportIssue> issues) {

  public ParsedRecord {
    issues = List.copyOf(issues);
  }

  /** True when an ERROR kept the record from becoming a camera. */
  public boolean rejected() {
    return camera.isEmpty();
  }

  /** The issues of one severity, in field order. */
  public List<ImportIssue> issues(ImportIssueSeverity severity) {
    return issues.stream().filter(issue -> issue.getSeverity() == severity).toList();
  }
}
