package org.watchfloor.server.camera.inventory;

import java.util.List;
import org.watchfloor.proto.v1.ImportIssue;

/**
 * What an inventory file holds: one parsed record per camera record in file order, and the elements
 * that were not camera records at all.
 *
 * @param records every camera record, accepted or rejected, in file order
 * @param skipped Overpass elements that are not cameras (not tagged man_made=surveillance); they
 *     are not records (ImportReport.records_read leaves them out) but each carries a WARNING
 */
public record ParsedInventory(List<ParsedRecord> records, List<SkippedElement> skipped) {

  public ParsedInventory {
    records = List.copyOf(records);
    skipped = List.copyOf(skipped);
  }

  /**
   * An element of the file that was passed over because it does not describe a camera.
   *
   * @param elementIndex 1-based index in the Overpass {@code elements} array
   * @param elementId the element as "type/id", e.g. "node/42"; empty when it has none
   * @param warning why it was skipped
   */
  public record SkippedElement(int elementIndex, String elementId, ImportIssue warning) {}
}
