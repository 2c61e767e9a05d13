package org.watchfloor.server.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.BagTagFile;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.EvidenceExportPlan;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.ExportClip;
import org.watchfloor.proto.v1.ExportItem;
import org.watchfloor.proto.v1.ExportItemKind;
import org.watchfloor.proto.v1.ExportWindow;
import org.watchfloor.proto.v1.ExportedFile;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.PrepareEvidenceExportRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.SealedEvidenceExport;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.audit.BrokerKey;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.incident.IncidentBoard;
import org.watchfloor.server.retention.EvidenceHolds;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.EvidenceExportStore;
import org.watchfloor.server.store.EvidenceExportStore.StoredExport;
import org.watchfloor.server.store.ProtoTime;
import org.watchfloor.server.stream.StreamBroker;

/**
 * Evidence export (decision 21): prepares an export (checks, holds, playback tickets and clip
 * downloads), then seals the payload the client downloaded with the broker-written tag files of a
 * BagIt bag: the files' provenance, their chain of custody from the audit log, the replay layout,
 * and the broker's signature over both manifests.
 */
public final class EvidenceExports {

  /** The longest window of one camera in one export: a replay's worth, and a download a workstation finishes. */
  static final Duration LONGEST_WINDOW = Duration.ofHours(2);
  static final int MOST_WINDOWS = 16;
  static final int MOST_CLIPS = 16;
  private static final Pattern CASE_NUMBER = Pattern.compile("[A-Za-z0-9 ._/:#-]{1,64}");
  private static final Pattern PAYLOAD_PATH = Pattern.compile("data(/[A-Za-z0-9._-]+)+");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** What a chain of custody lists of a file's audit rows: how it was asked for, held, seen and exported. */
  private static final Set<String> CUSTODY_ACTIONS = Set.of("FOOTAGE_REQUESTED", "PORTAL_VIEWED", "PORTAL_CLIP_UPLOADED", "HOLD_PLACED",
      "HOLD_LIFTED", "LIVE_VIEW_OPENED", "PLAYBACK_OPENED", "EXPORT", "EVIDENCE_EXPORT_PREPARED", "EVIDENCE_EXPORTED");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Database database;
  private final AuditLog audit;
  private final CameraDirectory cameras;
  private final IncidentBoard incidents;
  private final StreamBroker streams;
  private final FootageDesk footage;
  private final Function<String, String> clipDownloadUrl;
  private final BrokerKey key;
  private final String agency;
  private final Clock clock;

  public EvidenceExports(Database database, AuditLog audit, CameraDirectory cameras, IncidentBoard incidents, StreamBroker streams,
      FootageDesk footage, Function<String, String> clipDownloadUrl, BrokerKey key, String agency, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.cameras = cameras;
    this.incidents = incidents;
    this.streams = streams;
    this.footage = footage;
    this.clipDownloadUrl = clipDownloadUrl;
    this.key = key;
    this.agency = agency;
    this.clock = clock;
  }

  public BrokerKey key() {
    return key;
  }

  /** Checks the request as the contract says, opens every download and holds every window, or refuses and leaves nothing behind. */
  public EvidenceExportPlan prepare(Actor supervisor, PrepareEvidenceExportRequest request) {
    Incident incident = incidents.get(request.getIncidentId())
        .orElseThrow(() -> Rejection.notFound("incident_id: incident '" + request.getIncidentId() + "' not found"));
    Purpose purpose = request.getPurpose().toBuilder().setIncidentId(incident.getId()).build();
    if (!CASE_NUMBER.matcher(purpose.getCaseNumber()).matches() || purpose.getCaseNumber().isBlank()) {
      throw Rejection.invalid("purpose.case_number", "required: 1 to 64 characters of letters, digits, space and ._/:#-");
    }
    if (purpose.getReason().isBlank() || purpose.getReason().length() > 500) {
      throw Rejection.invalid("purpose.reason", "required, at most 500 characters");
    }
    if (request.getWorkstation().isBlank() || request.getWorkstation().length() > 100) {
      throw Rejection.invalid("workstation", "required, at most 100 characters");
    }
    if (request.getWindowsCount() + request.getClipsCount() == 0) {
      throw Rejection.invalid("windows", "choose at least one camera window or shared clip");
    }
    if (request.getWindowsCount() > MOST_WINDOWS || request.getClipsCount() > MOST_CLIPS) {
      throw Rejection.invalid(request.getWindowsCount() > MOST_WINDOWS ? "windows" : "clips", "at most " + MOST_WINDOWS + " in one export");
    }
    Instant now = clock.instant();
    List<Camera> windowCameras = new ArrayList<>();
    for (int i = 0; i < request.getWindowsCount(); i++) {
      windowCameras.add(checkWindow("windows[" + i + "]", request.getWindows(i), now));
    }
    Set<String> clipKeys = new HashSet<>();
    for (int i = 0; i < request.getClipsCount(); i++) {
      ExportClip clip = request.getClips(i);
      if (clip.getRequestId().isEmpty() || clip.getClipId().isEmpty()) {
        throw Rejection.invalid("clips[" + i + "]", "request_id and clip_id are required");
      }
      if (!clipKeys.add(clip.getRequestId() + "/" + clip.getClipId())) {
        throw Rejection.invalid("clips[" + i + "]", "clip " + clip.getClipId() + " is chosen twice");
      }
    }

    String exportId = "exp-" + UUID.randomUUID().toString().substring(0, 12);
    List<ExportItem> items = new ArrayList<>();
    List<String> sessions = new ArrayList<>();
    List<EvidenceHold> holds = new ArrayList<>();
    try {
      for (int i = 0; i < request.getWindowsCount(); i++) {
        ExportWindow window = request.getWindows(i);
        StreamTicket ticket;
        try {
          ticket = streams.openPlayback(supervisor, window.getCameraId(), purpose, ProtoTime.toInstant(window.getStart()),
              ProtoTime.toInstant(window.getEnd()), StreamRole.STREAM_ROLE_MAIN, List.of(StreamProtocol.STREAM_PROTOCOL_FMP4));
        } catch (Rejection refused) {
          throw Rejection.of(refused.kind(), "windows[" + i + "]: " + refused.getMessage());
        }
        sessions.add(ticket.getSessionId());
        EvidenceHold hold = hold(supervisor, purpose, window.getCameraId(), window.getStart(), window.getEnd());
        holds.add(hold);
        items.add(ExportItem.newBuilder().setKind(ExportItemKind.EXPORT_ITEM_KIND_RECORDING).setCameraId(window.getCameraId())
            .setCameraName(windowCameras.get(i).getName()).setRequestedStart(window.getStart()).setRequestedEnd(window.getEnd())
            .setDownloadUrl(ticket.getUrl()).setHoldId(hold.getId()).build());
      }
      for (int i = 0; i < request.getClipsCount(); i++) {
        ExportClip chosen = request.getClips(i);
        FootageRequest footageRequest = footage.get(chosen.getRequestId())
            .orElseThrow(() -> Rejection.notFound("clips[" + index(chosen, request) + "].request_id: no footage request '" + chosen.getRequestId() + "'"));
        FootageDesk.ClipTicket ticket = footage.clipTicket(supervisor, true, chosen.getRequestId(), chosen.getClipId(), purpose);
        var clip = ticket.clip();
        var start = clip.hasFootageStart() ? clip.getFootageStart() : footageRequest.getWindowStart();
        var end = clip.hasFootageEnd() ? clip.getFootageEnd() : footageRequest.getWindowEnd();
        EvidenceHold hold = hold(supervisor, purpose, clip.getCameraId(), start, end);
        holds.add(hold);
        items.add(ExportItem.newBuilder().setKind(ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP).setCameraId(clip.getCameraId())
            .setCameraName(cameras.get(clip.getCameraId()).map(Camera::getName).orElse(clip.getCameraId()))
            .setRequestedStart(start).setRequestedEnd(end).setDownloadUrl(clipDownloadUrl.apply(ticket.token())).setHoldId(hold.getId())
            .setClipId(clip.getId()).setClipSha256(clip.getSha256()).setClipFileName(clip.getFileName()).setFootageRequestId(chosen.getRequestId()).build());
      }
    } catch (RuntimeException refused) {
      sessions.forEach(session -> streams.close(supervisor, session));
      throw refused;
    }
    EvidenceExportPlan plan = EvidenceExportPlan.newBuilder().setExportId(exportId).addAllItems(items)
        .setTimelinePath(BagLayout.TIMELINE).setTimeline(ByteString.copyFrom(timeline(incident.getId()))).build();
    StoredExport stored = new StoredExport(exportId, incident.getId(), supervisor.id(), supervisor.name(), purpose.getCaseNumber(),
        purpose.getReason(), request.getWorkstation().strip(), now, Optional.empty(), withoutUrls(plan), sessions);
    database.inTransaction("prepare evidence export " + exportId, transaction -> {
      for (EvidenceHold hold : holds) {
        EvidenceHolds.insert(transaction, audit, supervisor, hold, incident.getId());
      }
      EvidenceExportStore.insert(transaction, stored);
      audit.append(transaction, new AuditEntry(supervisor, "EVIDENCE_EXPORT_PREPARED", "incident:" + incident.getId(), purpose.getCaseNumber(),
          purpose.getReason(), incident.getId(), "export=" + exportId + " windows=" + request.getWindowsCount() + " clips="
              + request.getClipsCount() + " workstation=" + stored.workstation()));
      return null;
    });
    return plan;
  }

  private static int index(ExportClip clip, PrepareEvidenceExportRequest request) {
    return request.getClipsList().indexOf(clip);
  }

  private Camera checkWindow(String field, ExportWindow window, Instant now) {
    if (window.getCameraId().isEmpty()) {
      throw Rejection.invalid(field + ".camera_id", "required");
    }
    if (!window.hasStart() || !window.hasEnd()) {
      throw Rejection.invalid(field + (window.hasStart() ? ".end" : ".start"), "required");
    }
    Instant start = ProtoTime.toInstant(window.getStart());
    Instant end = ProtoTime.toInstant(window.getEnd());
    if (!start.isBefore(end)) {
      throw Rejection.invalid(field + ".end", "must be after start");
    }
    if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
      throw Rejection.invalid(field + ".end", "a window is at most 2 h long in one export, this one is "
          + Duration.between(start, end).toMinutes() + " min; export it in parts");
    }
    if (end.isAfter(now)) {
      throw Rejection.invalid(field + ".end", "is in the future (" + end + "); recordings end now");
    }
    Camera camera = cameras.get(window.getCameraId())
        .orElseThrow(() -> Rejection.notFound(field + ".camera_id: no camera '" + window.getCameraId() + "'"));
    if (camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED || camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE) {
      throw Rejection.denied(field + ": consent: the center keeps no recordings of private camera " + camera.getId()
          + "; export the clips its owner shared instead");
    }
    return camera;
  }

  private EvidenceHold hold(Actor supervisor, Purpose purpose, String cameraId, com.google.protobuf.Timestamp start, com.google.protobuf.Timestamp end) {
    return EvidenceHold.newBuilder().setId(EvidenceHolds.newId()).setCameraId(cameraId).setWindowStart(start).setWindowEnd(end)
        .setPurpose(purpose.toBuilder().clearIncidentId()).setPlacedByUserId(supervisor.id())
        .setPlacedAt(ProtoTime.toTimestamp(clock.instant())).build();
  }

  private byte[] timeline(String incidentId) {
    try {
      return JsonFormat.printer().print(incidents.timeline(incidentId, IncidentBoard.DEFAULT_RADIUS_METERS, Optional.empty(), Optional.empty()))
          .concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a timeline always prints as JSON", e);
    }
  }

  private static EvidenceExportPlan withoutUrls(EvidenceExportPlan plan) {
    EvidenceExportPlan.Builder stored = plan.toBuilder();
    stored.getItemsBuilderList().forEach(ExportItem.Builder::clearDownloadUrl);
    return stored.build();
  }

  /** Checks the payload against the plan, audits each file and answers the signed tag files. */
  public SealedEvidenceExport seal(Actor supervisor, String exportId, List<ExportedFile> files) {
    StoredExport export = database.inTransaction("find evidence export", transaction -> EvidenceExportStore.find(transaction, exportId))
        .orElseThrow(() -> Rejection.notFound("export_id: no export '" + exportId + "'"));
    if (!export.exporterId().equals(supervisor.id())) {
      throw Rejection.denied("export_id: " + exportId + " was prepared by " + export.exporterName() + "; only they may seal it");
    }
    if (export.sealedAt().isPresent()) {
      throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "export_id: " + exportId + " is already sealed");
    }
    checkFiles(export.plan(), files);
    Instant sealedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    database.inTransaction("seal evidence export " + exportId, transaction -> {
      if (!EvidenceExportStore.seal(transaction, exportId, sealedAt)) {
        throw Rejection.of(Rejection.Kind.FAILED_PRECONDITION, "export_id: " + exportId + " is already sealed");
      }
      for (ExportedFile file : files) {
        ExportItem item = export.plan().getItems(file.getItemIndex());
        audit.append(transaction, new AuditEntry(supervisor, "EVIDENCE_EXPORTED", target(item), export.caseNumber(), export.reason(),
            export.incidentId(), "export=" + exportId + " file=" + file.getPath() + " sha256=" + file.getSha256()));
      }
      return null;
    });
    export.sessionIds().forEach(session -> streams.close(supervisor, session));
    return SealedEvidenceExport.newBuilder().setExportId(exportId).addAllTagFiles(tagFiles(export, files, sealedAt))
        .setKeyFingerprint(key.fingerprint()).build();
  }

  private static String target(ExportItem item) {
    return item.getKind() == ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP ? "clip:" + item.getClipId() : "camera:" + item.getCameraId();
  }

  private static void checkFiles(EvidenceExportPlan plan, List<ExportedFile> files) {
    Set<String> paths = new HashSet<>();
    Set<Integer> covered = new HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      ExportedFile file = files.get(i);
      String field = "files[" + i + "]";
      if (file.getItemIndex() >= plan.getItemsCount()) {
        throw Rejection.invalid(field + ".item_index", "the export has " + plan.getItemsCount() + " items");
      }
      if (!PAYLOAD_PATH.matcher(file.getPath()).matches() || file.getPath().contains("..") || file.getPath().equals(BagLayout.TIMELINE)) {
        throw Rejection.invalid(field + ".path", "'" + file.getPath() + "' is not data/ and names of letters, digits and ._-");
      }
      if (!paths.add(file.getPath())) {
        throw Rejection.invalid(field + ".path", file.getPath() + " is given twice");
      }
      if (!SHA256.matcher(file.getSha256()).matches()) {
        throw Rejection.invalid(field + ".sha256", "64 lowercase hex digits");
      }
      ExportItem item = plan.getItems(file.getItemIndex());
      if (item.getKind() == ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP && !item.getClipSha256().equals(file.getSha256())) {
        throw Rejection.invalid(field + ".sha256", "clip " + item.getClipId() + " was shared with SHA-256 " + item.getClipSha256()
            + "; the file written differs");
      }
      if (!file.hasActualStart() || !file.hasActualEnd()
          || !ProtoTime.toInstant(file.getActualStart()).isBefore(ProtoTime.toInstant(file.getActualEnd()))
          || ProtoTime.toInstant(file.getActualStart()).isBefore(ProtoTime.toInstant(item.getRequestedStart()))
          || ProtoTime.toInstant(file.getActualEnd()).isAfter(ProtoTime.toInstant(item.getRequestedEnd()))) {
        throw Rejection.invalid(field + ".actual_start", "the span a file holds lies within its item's requested window");
      }
      covered.add(file.getItemIndex());
    }
    for (int i = 0; i < plan.getItemsCount(); i++) {
      if (!covered.contains(i)) {
        throw Rejection.invalid("files", "item " + i + " (camera " + plan.getItems(i).getCameraId() + ") has no file");
      }
    }
  }

  private List<BagTagFile> tagFiles(StoredExport export, List<ExportedFile> files, Instant sealedAt) {
    EvidenceExportPlan plan = export.plan();
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put(BagLayout.TIMELINE, BagLayout.sha256(plan.getTimeline().toByteArray()));
    long bytes = plan.getTimeline().size();
    for (ExportedFile file : files) {
      payload.put(file.getPath(), file.getSha256());
      bytes += file.getSize();
    }
    Incident incident = incidents.get(export.incidentId()).orElseThrow();
    Map<String, byte[]> tags = new LinkedHashMap<>();
    tags.put(BagLayout.BAGIT, BagLayout.utf8(BagLayout.BAGIT_TEXT));
    tags.put(BagLayout.BAG_INFO, BagLayout.utf8(
        "Source-Organization: " + agency + "\n"
            + "External-Identifier: " + export.id() + "\n"
            + "Case-Number: " + export.caseNumber() + "\n"
            + "Incident: " + incident.getId() + " (CAD " + incident.getCadNumber() + ", " + incident.getType() + ")\n"
            + "Exporter: " + export.exporterName() + " (" + export.exporterId() + ")\n"
            + "Workstation: " + export.workstation() + "\n"
            + "Reason: " + oneLine(export.reason()) + "\n"
            + "Export-Time-UTC: " + sealedAt + "\n"
            + "Bagging-Date: " + sealedAt.toString().substring(0, 10) + "\n"
            + "Payload-Oxum: " + bytes + "." + payload.size() + "\n"
            + "Signing-Key-Fingerprint: " + key.fingerprint() + "\n"
            + "Bag-Software-Agent: Watchfloor broker\n"));
    tags.put(BagLayout.MANIFEST, BagLayout.utf8(BagLayout.manifest(payload)));
    tags.put(BagLayout.FILES, json(filesJson(plan, files)));
    tags.put(BagLayout.CUSTODY, json(custodyJson(export, files)));
    tags.put(BagLayout.REPLAY_LAYOUT, json(layoutJson(export, files)));
    Map<String, String> tagHashes = new LinkedHashMap<>();
    tags.forEach((path, content) -> tagHashes.put(path, BagLayout.sha256(content)));
    byte[] tagManifest = BagLayout.utf8(BagLayout.manifest(tagHashes));
    tags.put(BagLayout.TAG_MANIFEST, tagManifest);
    String signature = key.sign(BagLayout.signedText(tags.get(BagLayout.MANIFEST), tagManifest));
    tags.put(BagLayout.SIGNATURE, BagLayout.utf8(BagLayout.signatureFile(key.publicKey(), key.fingerprint(), signature)));
    List<BagTagFile> answer = new ArrayList<>();
    tags.forEach((path, content) -> answer.add(BagTagFile.newBuilder().setPath(path).setContent(ByteString.copyFrom(content)).build()));
    return answer;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static ArrayNode filesJson(EvidenceExportPlan plan, List<ExportedFile> files) {
    ArrayNode list = JSON.createArrayNode();
    ObjectNode timeline = list.addObject();
    timeline.put("path", BagLayout.TIMELINE).put("source", "the incident's timeline from the broker: CAD notes, bookmarks, tracks, LPR hits, recordings near it");
    for (ExportedFile file : files) {
      ExportItem item = plan.getItems(file.getItemIndex());
      ObjectNode entry = list.addObject();
      entry.put("path", file.getPath()).put("sha256", file.getSha256()).put("bytes", file.getSize())
          .put("cameraId", item.getCameraId()).put("cameraName", item.getCameraName())
          .put("requestedStart", instant(item.getRequestedStart())).put("requestedEnd", instant(item.getRequestedEnd()))
          .put("actualStart", instant(file.getActualStart())).put("actualEnd", instant(file.getActualEnd()))
          .put("holdId", item.getHoldId());
      if (item.getKind() == ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP) {
        entry.put("source", "owner-shared clip " + item.getClipId() + " (" + item.getClipFileName() + "), as the owner uploaded it");
      } else {
        entry.put("source", "the center's recording, through the MediaMTX playback API (fMP4 as recorded, not re-encoded)");
      }
    }
    return list;
  }

  /** Per file, the audit rows about its camera (or clip) since its window began, with their chain hashes. */
  private ArrayNode custodyJson(StoredExport export, List<ExportedFile> files) {
    ArrayNode list = JSON.createArrayNode();
    for (ExportedFile file : files) {
      ExportItem item = export.plan().getItems(file.getItemIndex());
      Instant since = ProtoTime.toInstant(item.getRequestedStart());
      List<AuditRow> rows = new ArrayList<>();
      List<String> targets = new ArrayList<>(List.of(target(item), "hold:" + item.getHoldId(), "incident:" + export.incidentId()));
      if (item.getKind() == ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP) {
        targets.add("footage-request:" + item.getFootageRequestId());
      }
      for (String target : targets) {
        audit.query(new AuditFilter("", "", "", target, "", Optional.of(since.minus(Duration.ofDays(1))), Optional.empty()), 0, false, 5000)
            .stream().filter(row -> CUSTODY_ACTIONS.contains(row.action()))
            .filter(row -> !row.action().equals("EVIDENCE_EXPORTED") || row.detail().contains("export=" + export.id() + " file=" + file.getPath() + " ")
                || !row.detail().contains("export=" + export.id()))
            .filter(row -> !target.startsWith("incident:") || row.detail().startsWith("export=" + export.id() + " "))
            .forEach(rows::add);
      }
      rows.sort(java.util.Comparator.comparingLong(AuditRow::sequence));
      ObjectNode entry = list.addObject();
      entry.put("path", file.getPath());
      ArrayNode custody = entry.putArray("custody");
      for (AuditRow row : rows) {
        custody.addObject().put("sequence", row.sequence()).put("at", row.at().toString()).put("action", row.action())
            .put("userId", row.userId()).put("username", row.username()).put("target", row.target())
            .put("caseNumber", row.caseNumber()).put("reason", row.reason()).put("detail", row.detail()).put("auditHash", row.hash());
      }
    }
    return list;
  }

  /** The synchronized wall that reopens the package: one tile per camera, the clock at the earliest window's start. */
  private static ObjectNode layoutJson(StoredExport export, List<ExportedFile> files) {
    ObjectNode layout = JSON.createObjectNode();
    Map<String, List<ExportedFile>> byCamera = new LinkedHashMap<>();
    Instant start = null;
    Instant end = null;
    for (ExportedFile file : files) {
      byCamera.computeIfAbsent(export.plan().getItems(file.getItemIndex()).getCameraId(), camera -> new ArrayList<>()).add(file);
      Instant fileStart = ProtoTime.toInstant(file.getActualStart());
      Instant fileEnd = ProtoTime.toInstant(file.getActualEnd());
      start = start == null || fileStart.isBefore(start) ? fileStart : start;
      end = end == null || fileEnd.isAfter(end) ? fileEnd : end;
    }
    int columns = (int) Math.ceil(Math.sqrt(byCamera.size()));
    layout.put("format", "watchfloor-replay-layout-v1").put("incidentId", export.incidentId()).put("caseNumber", export.caseNumber())
        .put("windowStart", start.toString()).put("windowEnd", end.toString()).put("clockStart", start.toString())
        .put("columns", columns).put("rows", (int) Math.ceil(byCamera.size() / (double) columns));
    ArrayNode tiles = layout.putArray("tiles");
    int tile = 0;
    for (Map.Entry<String, List<ExportedFile>> camera : byCamera.entrySet()) {
      ObjectNode entry = tiles.addObject().put("tile", tile).put("row", tile / columns).put("column", tile % columns).put("cameraId", camera.getKey());
      ArrayNode recordings = entry.putArray("files");
      for (ExportedFile file : camera.getValue()) {
        recordings.addObject().put("path", file.getPath()).put("start", instant(file.getActualStart())).put("end", instant(file.getActualEnd()));
      }
      tile++;
    }
    return layout;
  }

  private static String instant(com.google.protobuf.Timestamp timestamp) {
    return ProtoTime.toInstant(timestamp).toString();
  }

  private static byte[] json(Object node) {
    try {
      return (JSON.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
