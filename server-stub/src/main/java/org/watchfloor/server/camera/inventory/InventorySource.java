package org.watchfloor.server.camera.inventory;

import java.time.Instant;
import java.util.Objects;
import org.watchfloor.proto.v1.CameraKind;

/**
 * Where an inventory file comes from and what to assume for what its records leave out.
 *
 * @param sourceName stable name of the source, stored as Provenance.source (e.g. "openstreetmap")
 * @param defaultKind kind for records that state none; CAMERA_KIND_UNSPECIFIED rejects such records
 * @param licence licence of the data (SPDX-like id); empty means the format's default
 * @param attribution attribution text; empty means the format's default
 * @param importedAt the moment of the import, stored as Provenance.imported_at
 */
public record InventorySource(
    String sourceName,
    CameraKind defaultKind,
    String licence,
    String attribution,
    Instant importedAt) {

  public InventorySource {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(defaultKind, "defaultKind");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(attribution, "attribution");
    Objects.requireNonNull(importedAt, "importedAt");
  }

  /** This source with the given licence and attribution where it states none. */
  InventorySource withDefaultLicence(String defaultLicence, String defaultAttribution) {
    return new InventorySource(
        sourceName,
        defaultKind,
        licence.isEmpty() ? defaultLicence : licence,
        attribution.isEmpty() ? defaultAttribution : attribution,
        importedAt);
  }
}
