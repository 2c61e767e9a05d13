package org.watchfloor.client.net;

import java.util.List;
import java.util.Optional;

/**
 * What an import did, or in a dry run would do, with one record of the file.
 *
 * @param index the CSV line, or the 1-based GeoJSON feature or Overpass element
 * @param position latitude and longitude, absent when the record was rejected
 * @param issues "field: problem" (or the problem alone), warnings and errors in field order
 */
public record ImportedRecord(
    int index, String sourceId, Outcome outcome, Match matchedBy, String cameraId, Optional<double[]> position,
    List<String> issues, boolean warned) {

  /** The record's fate. */
  public enum Outcome { NEW, UPDATE, UNCHANGED, REJECTED }

  /** How the record was matched to a camera of an earlier import of the same source. */
  public enum Match { NOT_MATCHED, SOURCE_ID, FINGERPRINT, REJECTED_BEFORE_MATCHING }
}
