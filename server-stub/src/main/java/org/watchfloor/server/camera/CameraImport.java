package org.watchfloor.server.camera;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;
import org.watchfloor.proto.v1.ImportMatch;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportOutcome;
import org.watchfloor.proto.v1.ImportRecordResult;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.camera.inventory.CameraInventoryParser;
import org.watchfloor.server.camera.inventory.InventoryFormatException;
import org.watchfloor.server.camera.inventory.FieldMapping;
import org.watchfloor.server.camera.inventory.InventorySource;
import org.watchfloor.server.camera.inventory.ParsedInventory;
import org.watchfloor.server.camera.inventory.ParsedRecord;
import org.watchfloor.server.store.ProtoTime;

/**
 * Imports a camera inventory file: parses it, matches records to cameras of earlier imports of the
 * same source, and stores every good record in one audited transaction. A bad record is reported
 * and skipped; it never fails the file, and nothing already stored is lost.
 */
public final class CameraImport {

  /** What one import asks for, checked by the caller's edge except where this class says. */
  public record Request(
      ImportFormat format,
      byte[] content,
      String sourceName,
      String targetLayerId,
      CameraKind defaultKind,
      boolean dryRun,
      ImportMode mode,
      String licence,
      String attribution,
      Map<String, String> fieldMapping) {}

  static final int MAX_RECORDS = 100_000;
  static final int MAX_CONTENT_BYTES = 32 * 1024 * 1024;
  private static final int MAX_RESULTS = 10_000;
  private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9 ._:/-]{1,100}");

  private final CameraDirectory cameras;
  private final LayerCatalog layers;
  private final AuditLog audit;
  private final Clock clock;
  private final Predicate<String> ownerExists;
  private final CameraInventoryParser parser = new CameraInventoryParser();

  public CameraImport(
      CameraDirectory cameras, LayerCatalog layers, AuditLog audit, Predicate<String> ownerExists, Clock clock) {
    this.cameras = cameras;
    this.layers = layers;
    this.audit = audit;
    this.ownerExists = ownerExists;
    this.clock = clock;
  }

  public ImportReport run(Actor actor, Request request) {
    validate(request);
    FieldMapping mapping;
    try {
      mapping = FieldMapping.of(request.fieldMapping());
    } catch (IllegalArgumentException e) {
      throw Rejection.of(Rejection.Kind.INVALID_ARGUMENT, e.getMessage());
    }
    Instant now = clock.instant();
    ParsedInventory inventory;
    try {
      inventory =
          parser.parse(
              request.format(),
              request.content(),
              new InventorySource(request.sourceName(), request.defaultKind(), request.licence(), request.attribution(), now),
              mapping);
    } catch (InventoryFormatException e) {
      throw Rejection.invalid("content", e.getMessage());
    }
    if (inventory.records().size() > MAX_RECORDS) {
      throw Rejection.invalid("content", "has " + inventory.records().size() + " records; at most " + MAX_RECORDS + " per import");
    }
    Map<String, Camera> earlier = camerasBySourceRecord(request.sourceName());
    ImportReport.Builder report = ImportReport.newBuilder().setDryRun(request.dryRun()).setRecordsRead(inventory.records().size());
    List<Camera> toStore = new ArrayList<>();
    String newIdPrefix = newIdPrefix();
    for (ParsedRecord record : inventory.records()) {
      ImportRecordResult.Builder result =
          ImportRecordResult.newBuilder()
              .setRecordIndex(record.recordIndex())
              .setSourceRecordId(record.sourceRecordId())
              .addAllIssues(record.issues());
      boolean unknownOwner =
          !record.rejected() && !record.camera().orElseThrow().getOwnerId().isEmpty()
              && !ownerExists.test(record.camera().orElseThrow().getOwnerId());
      if (unknownOwner) {
        result.addIssues(
            ImportIssue.newBuilder()
                .setSeverity(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR)
                .setField("owner_id")
                .setMessage("no owner with id '" + record.camera().orElseThrow().getOwnerId() + "'; register the owner first"));
      }
      if (record.rejected() || unknownOwner) {
        result.setOutcome(ImportOutcome.IMPORT_OUTCOME_REJECTED);
      } else {
        Camera parsed = record.camera().orElseThrow();
        boolean byFingerprint = record.sourceRecordId().isEmpty();
        if (byFingerprint) {
          String fingerprint = fingerprint(parsed);
          parsed = parsed.toBuilder().setProvenance(parsed.getProvenance().toBuilder().setSourceRecordId(fingerprint)).build();
          result.addIssues(warning("source_record_id", "the record has no id; it is matched by its fingerprint "
              + fingerprint + " (source, position to about a metre, name), so if it moves or is renamed it becomes a new camera"));
        }
        Optional<Camera> match = Optional.ofNullable(earlier.get(parsed.getProvenance().getSourceRecordId()));
        result.setLocation(parsed.getLocation());
        result.setMatchedBy(match.isEmpty() ? ImportMatch.IMPORT_MATCH_NONE
            : byFingerprint ? ImportMatch.IMPORT_MATCH_FINGERPRINT : ImportMatch.IMPORT_MATCH_SOURCE_ID);
        if (match.isEmpty()) {
          Camera created = withLayer(parsed.toBuilder().setId(newIdPrefix + newIdSuffix(report.getCreated())), request.targetLayerId())
              .setConsentState(CameraDirectory.consentStateOf(parsed.getKind()))
              .setCreatedAt(ProtoTime.toTimestamp(now))
              .setUpdatedAt(ProtoTime.toTimestamp(now))
              .build();
          toStore.add(created);
          result.setOutcome(ImportOutcome.IMPORT_OUTCOME_CREATED).setCameraId(created.getId());
        } else if (request.mode() == ImportMode.IMPORT_MODE_CREATE_ONLY) {
          result.setOutcome(ImportOutcome.IMPORT_OUTCOME_UNCHANGED).setCameraId(match.get().getId())
              .addIssues(warning("", "matches camera " + match.get().getId() + "; CREATE_ONLY left it as it is"));
        } else {
          Camera updated = merged(match.get(), parsed, request.targetLayerId(), now);
          if (sameContent(updated, match.get())) {
            result.setOutcome(ImportOutcome.IMPORT_OUTCOME_UNCHANGED).setCameraId(match.get().getId());
          } else {
            toStore.add(updated);
            result.setOutcome(ImportOutcome.IMPORT_OUTCOME_UPDATED).setCameraId(match.get().getId());
          }
        }
      }
      count(report, result);
      if (report.getResultsCount() < MAX_RESULTS) {
        report.addResults(result);
      } else {
        report.setResultsTruncated(true);
      }
    }
    if (request.dryRun() || toStore.isEmpty()) {
      return report.build();
    }
    String detail =
        request.sourceName() + " (" + request.format().name() + "): " + report.getCreated() + " created, "
            + report.getUpdated() + " updated, " + report.getUnchanged() + " unchanged, " + report.getRejected() + " rejected";
    List<Camera> stored =
        cameras.writeMany(
            "import " + request.sourceName(),
            toStore,
            transaction -> audit.append(transaction, AuditEntry.of(actor, "IMPORT", "import:" + request.sourceName(), detail)));
    if (!request.targetLayerId().isEmpty()) {
      layers.membershipChanged(request.targetLayerId());
    }
    return report.setCameraRevision(stored.get(stored.size() - 1).getRevision()).build();
  }

  private void validate(Request request) {
    if (request.format() == ImportFormat.IMPORT_FORMAT_UNSPECIFIED || request.format() == ImportFormat.UNRECOGNIZED) {
      throw Rejection.invalid("format", "name GEOJSON, CSV or OSM_JSON");
    }
    if (request.content().length == 0 || request.content().length > MAX_CONTENT_BYTES) {
      throw Rejection.invalid("content", "must be 1 byte to 32 MiB, got " + request.content().length + " bytes");
    }
    if (!SOURCE_NAME.matcher(request.sourceName()).matches()) {
      throw Rejection.invalid("source_name", "1 to 100 characters of letters, digits, space and ._:/-; got '" + request.sourceName() + "'");
    }
    if (request.sourceName().startsWith("manual:")) {
      throw Rejection.invalid("source_name", "the prefix 'manual:' is reserved for cameras entered by hand");
    }
    if (request.mode() == ImportMode.IMPORT_MODE_UNSPECIFIED || request.mode() == ImportMode.UNRECOGNIZED) {
      throw Rejection.invalid("mode", "name CREATE_OR_UPDATE or CREATE_ONLY");
    }
    if (request.format() == ImportFormat.IMPORT_FORMAT_OSM_JSON && !request.fieldMapping().isEmpty()) {
      throw Rejection.invalid("field_mapping", "OSM_JSON files are read with the OSM tag mapping");
    }
    if (request.fieldMapping().size() > 200) {
      throw Rejection.invalid("field_mapping", "at most 200 entries, got " + request.fieldMapping().size());
    }
    if (!request.targetLayerId().isEmpty() && layers.get(request.targetLayerId()).isEmpty()) {
      throw Rejection.notFound("no layer with id '" + request.targetLayerId() + "' (target_layer_id)");
    }
  }

  /**
   * New cameras of one import get ids that sort together, a random prefix and a counter
   * ({@code cam-1f0c9a2e-00000}, {@code cam-1f0c9a2e-00001}…), so that their primary-key entries
   * fill one stretch of the index instead of pages all over it; a prefix an earlier import used is
   * drawn again.
   */
  private String newIdPrefix() {
    while (true) {
      String prefix = "cam-" + UUID.randomUUID().toString().substring(0, 8) + "-";
      if (cameras.get(prefix + newIdSuffix(0)).isEmpty()) {
        return prefix;
      }
    }
  }

  /** Five hex digits with leading zeros, as {@code %05x} writes them (without the formatter's cost a record). */
  private static String newIdSuffix(int counter) {
    String hex = Integer.toHexString(counter);
    return "0".repeat(Math.max(0, 5 - hex.length())) + hex;
  }

  /**
   * A record without an id is known by its position rounded to 0.00001° (about a metre) and its
   * name, within its source (see ImportMatch in layers.proto).
   */
  static String fingerprint(Camera camera) {
    String name = camera.getName().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    String position = String.format(Locale.ROOT, "fp:%.5f,%.5f:", camera.getLocation().getLatitude(), camera.getLocation().getLongitude());
    return position.length() + name.length() <= 200 ? position + name : position + Sha256.hex(name);
  }

  private Map<String, Camera> camerasBySourceRecord(String sourceName) {
    Map<String, Camera> bySourceRecord = new HashMap<>();
    for (Camera camera : cameras.snapshot().entities()) {
      if (camera.hasProvenance() && camera.getProvenance().getSource().equals(sourceName)) {
        bySourceRecord.put(camera.getProvenance().getSourceRecordId(), camera);
      }
    }
    return bySourceRecord;
  }

  /** The record's description replaces the camera's; what the center added (id, layers, health) stays. */
  private static Camera merged(Camera current, Camera parsed, String targetLayerId, Instant now) {
    Camera.Builder merged =
        parsed.toBuilder()
            .setId(current.getId())
            .addAllLayerIds(current.getLayerIdsList())
            .addAllStreams(parsed.getStreamsCount() == 0 ? current.getStreamsList() : List.of())
            .setConsentState(current.getConsentState())
            .setCreatedAt(current.getCreatedAt())
            .setUpdatedAt(ProtoTime.toTimestamp(now))
            .setRevision(current.getRevision());
    if (current.hasHealth()) {
      merged.setHealth(current.getHealth());
    }
    return withLayer(merged, targetLayerId).build();
  }

  private static Camera.Builder withLayer(Camera.Builder camera, String targetLayerId) {
    Set<String> layerIds = new LinkedHashSet<>(camera.getLayerIdsList());
    if (!targetLayerId.isEmpty()) {
      layerIds.add(targetLayerId);
    }
    return camera.clearLayerIds().addAllLayerIds(layerIds);
  }

  /** Equal but for the import time stamps, which change on every import. */
  private static boolean sameContent(Camera updated, Camera current) {
    Camera.Builder a = updated.toBuilder().clearUpdatedAt();
    Camera.Builder b = current.toBuilder().clearUpdatedAt();
    a.getProvenanceBuilder().clearImportedAt();
    b.getProvenanceBuilder().clearImportedAt();
    return a.build().equals(b.build());
  }

  private static void count(ImportReport.Builder report, ImportRecordResult.Builder result) {
    switch (result.getOutcome()) {
      case IMPORT_OUTCOME_CREATED -> report.setCreated(report.getCreated() + 1);
      case IMPORT_OUTCOME_UPDATED -> report.setUpdated(report.getUpdated() + 1);
      case IMPORT_OUTCOME_UNCHANGED -> report.setUnchanged(report.getUnchanged() + 1);
      default -> report.setRejected(report.getRejected() + 1);
    }
    report.setWarningsCount(
        report.getWarningsCount()
            + (int) result.getIssuesList().stream().filter(issue -> issue.getSeverity() == ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING).count());
  }

  private static ImportIssue warning(String field, String message) {
    return ImportIssue.newBuilder().setSeverity(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING).setField(field).setMessage(message).build();
  }
}
