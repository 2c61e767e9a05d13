package org.watchfloor.client.net;

import java.util.Map;

/**
 * One import as the admin set it up: the file's bytes and format, how its fields map to the
 * camera's, and what to assume for what its records leave out.
 *
 * @param fieldMapping the file's column or property name to the camera field it is read as
 *     ("latitude", "name", "tag:mount" ...); names not listed are read as they are
 * @param layerId the layer every imported camera joins; empty for none
 */
public record ImportPlan(
    ImportFileFormat format, byte[] content, String sourceName, Map<String, String> fieldMapping,
    CameraType defaultKind, String layerId) {

  public ImportPlan {
    fieldMapping = Map.copyOf(fieldMapping);
  }
}
