package org.watchfloor.client.net;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.CameraCluster;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.HealthState;
import org.watchfloor.proto.v1.HotlistHitEvent;
import org.watchfloor.proto.v1.IncidentEvent;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LayerEvent;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.Role;

/** Converts the contract's messages into the client's records, and reads each Watch stream's events. */
public final class ContractMapping {

  private ContractMapping() {}

  static Camera camera(org.watchfloor.proto.v1.Camera camera) {
    Camera.ViewCone[] cones = new Camera.ViewCone[camera.getConesCount()];
    for (int i = 0; i < cones.length; i++) {
      org.watchfloor.proto.v1.ViewCone cone = camera.getCones(i);
      cones[i] = new Camera.ViewCone(
          cone.hasHeadingDegrees() ? cone.getHeadingDegrees() : Double.NaN,
          cone.getFieldOfViewDegrees(),
          cone.getRangeMeters() > 0 ? cone.getRangeMeters() : 30);
    }
    return new Camera(
        camera.getId(),
        camera.getName(),
        type(camera.getKind()),
        camera.getLocation().getLatitude(),
        camera.getLocation().getLongitude(),
        List.of(cones),
        camera.getAddress(),
        SHARED_TEXT.of(camera.getOperator()),
        SHARED_TEXT.of(camera.getOwnerId()),
        layerIds(camera),
        switch (camera.getConsentState()) {
          case CONSENT_STATE_REGISTERED_ONLY -> ConsentBadge.REGISTERED_ONLY;
          case CONSENT_STATE_LIVE_SHARED -> ConsentBadge.LIVE_SHARED;
          case CONSENT_STATE_SHARING_PAUSED -> ConsentBadge.SHARING_PAUSED;
          case CONSENT_STATE_NOT_SHARED -> ConsentBadge.NOT_SHARED;
          default -> ConsentBadge.NONE;
        },
        camera.getHealth().getState() != HealthState.HEALTH_STATE_OFFLINE,
        equipment(camera),
        camera.getRevision());
  }

  /**
   * Values many cameras hold equal, each kept once: most cameras share their operator, owner,
   * layers, profiles and tags with others of their model and source, so the client's 100,000
   * cameras hold a few instances of each, and a change that leaves them as they were (a layer edit
   * to a set of layers others are in already) keeps no new copy. Bounded, so that values of a
   * camera's own fill it only once.
   */
  private static final class Shared<T> {
    private static final int LIMIT = 4096;
    private final Map<T, T> kept = new java.util.concurrent.ConcurrentHashMap<>();

    T of(T value) {
      T known = kept.get(value);
      if (known != null) {
        return known;
      }
      if (kept.size() < LIMIT) {
        kept.putIfAbsent(value, value);
      }
      return value;
    }
  }

  private static final Shared<String> SHARED_TEXT = new Shared<>();
  private static final Shared<Set<String>> SHARED_LAYER_IDS = new Shared<>();
  private static final Shared<Camera.Equipment> SHARED_EQUIPMENT = new Shared<>();

  private static Set<String> layerIds(org.watchfloor.proto.v1.Camera camera) {
    return switch (camera.getLayerIdsCount()) {
      case 0 -> Set.of();
      case 1 -> SHARED_LAYER_IDS.of(Set.of(SHARED_TEXT.of(camera.getLayerIds(0))));
      default -> {
        String[] ids = new String[camera.getLayerIdsCount()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = SHARED_TEXT.of(camera.getLayerIds(i));
        }
        yield SHARED_LAYER_IDS.of(Set.copyOf(java.util.Arrays.asList(ids)));
      }
    };
  }

  private static Camera.Equipment equipment(org.watchfloor.proto.v1.Camera camera) {
    if (camera.getStreamsCount() == 0 && camera.getTagsCount() == 0 && !camera.getPtz() && !camera.getContinuousRecording()) {
      return Camera.Equipment.NONE;
    }
    List<Camera.StreamProfile> streams = new ArrayList<>(camera.getStreamsCount());
    for (org.watchfloor.proto.v1.StreamProfile profile : camera.getStreamsList()) {
      streams.add(new Camera.StreamProfile(profile.getName(), profile.getRole() != org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_SUB,
          switch (profile.getProtocol()) {
            case STREAM_PROTOCOL_HLS -> VideoProtocol.HLS;
            case STREAM_PROTOCOL_HTTP_TS -> VideoProtocol.HTTP_TS;
            case STREAM_PROTOCOL_MJPEG -> VideoProtocol.MJPEG;
            case STREAM_PROTOCOL_WEBRTC -> VideoProtocol.WEBRTC;
            default -> VideoProtocol.RTSP;
          },
          profile.getWidth(), profile.getHeight(), profile.getFrameRate(), profile.getCodec(), profile.getBitrateKbps(), profile.getHasAudio()));
    }
    Camera.Equipment equipment = new Camera.Equipment(streams, camera.getTagsMap(), camera.getPtz(), camera.getContinuousRecording(),
        camera.getRecordingRetention().getSeconds() / 3600);
    return SHARED_EQUIPMENT.of(equipment);
  }

  /** The contract's camera with {@code fields} of {@code camera} set (for an update mask naming them), and its id. */
  static org.watchfloor.proto.v1.Camera camera(Camera camera, Set<CameraField> fields) {
    org.watchfloor.proto.v1.Camera.Builder message = org.watchfloor.proto.v1.Camera.newBuilder().setId(camera.id());
    for (CameraField field : fields) {
      switch (field) {
        case NAME -> message.setName(camera.name());
        case KIND -> message.setKind(kind(camera.type()));
        case LOCATION -> message.setLocation(org.watchfloor.proto.v1.GeoPoint.newBuilder()
            .setLatitude(camera.latitude()).setLongitude(camera.longitude()));
        case CONES -> camera.cones().forEach(cone -> {
          org.watchfloor.proto.v1.ViewCone.Builder sent = org.watchfloor.proto.v1.ViewCone.newBuilder()
              .setFieldOfViewDegrees(cone.fieldOfViewDegrees()).setRangeMeters(cone.rangeMeters());
          if (cone.hasHeading()) {
            sent.setHeadingDegrees(cone.headingDegrees());
          }
          message.addCones(sent);
        });
        case ADDRESS -> message.setAddress(camera.address());
        case OPERATOR -> message.setOperator(camera.operator());
        case OWNER -> message.setOwnerId(camera.ownerId());
        case STREAMS -> camera.equipment().streams().forEach(profile -> message.addStreams(org.watchfloor.proto.v1.StreamProfile.newBuilder()
            .setName(profile.name())
            .setRole(profile.main() ? org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_MAIN : org.watchfloor.proto.v1.StreamRole.STREAM_ROLE_SUB)
            .setProtocol(org.watchfloor.proto.v1.StreamProtocol.valueOf("STREAM_PROTOCOL_" + profile.protocol().name()))
            .setWidth(profile.width()).setHeight(profile.height()).setFrameRate(profile.frameRate()).setCodec(profile.codec())
            .setBitrateKbps(profile.bitrateKbps()).setHasAudio(profile.hasAudio())));
        case TAGS -> message.putAllTags(camera.equipment().tags());
        case PTZ -> message.setPtz(camera.equipment().ptz());
        case RECORDING -> {
          message.setContinuousRecording(camera.equipment().continuousRecording());
          if (camera.equipment().continuousRecording()) {
            message.setRecordingRetention(com.google.protobuf.Duration.newBuilder().setSeconds(camera.equipment().retentionHours() * 3600));
          }
        }
      }
    }
    return message.build();
  }

  static Layer layer(org.watchfloor.proto.v1.Layer layer) {
    return new Layer(layer.getId(), layer.getName(), layer.getDescription(), layer.getStyle().getColor(), layer.getStyle().getIcon(),
        layer.getVisibleByDefault(), layer.getOrder(), layer.getCameraCount(), layer.getRevision());
  }

  static Incident incident(org.watchfloor.proto.v1.Incident incident) {
    return new Incident(
        incident.getId(),
        incident.getCadNumber(),
        incident.getType(),
        incident.getPriority() == Priority.PRIORITY_EMERGENCY,
        incident.getPriority().name().substring("PRIORITY_".length()),
        incident.getLocation().getLatitude(),
        incident.getLocation().getLongitude(),
        incident.getAddress(),
        incident.getSummary(),
        incident.getStatus() == IncidentStatus.INCIDENT_STATUS_OPEN,
        instant(incident.getOpenedAt()));
  }

  static IncidentTimeline timeline(org.watchfloor.proto.v1.Timeline timeline) {
    return new IncidentTimeline(incident(timeline.getIncident()),
        timeline.getEventsList().stream().map(ContractMapping::timelineEntry).toList(),
        timeline.getRecordingsList().stream().map(recording -> new NearbyRecording(recording.getCameraId(), recording.getCameraName(),
            recording.getDistanceMeters(), instant(recording.getStart()), instant(recording.getEnd()), recording.getClipId())).toList(),
        instant(timeline.getWindowStart()), instant(timeline.getWindowEnd()), timeline.getRadiusMeters(),
        timeline.getTracksList().stream().map(ContractMapping::track).toList());
  }

  static TimelineEntry timelineEntry(org.watchfloor.proto.v1.TimelineEvent event) {
    return new TimelineEntry(event.getId(), instant(event.getAt()),
        TimelineEntry.Kind.valueOf(event.getType().name().substring("TIMELINE_EVENT_TYPE_".length())),
        event.getText(), event.getCameraId(), event.getAuthor(),
        event.hasWindowStart() ? Optional.of(new TimelineEntry.Window(instant(event.getWindowStart()), instant(event.getWindowEnd()))) : Optional.empty(),
        event.getFootageRequestId(), event.getClipId(),
        event.hasLprHit() ? Optional.of(hotlistHit(event.getLprHit())) : Optional.empty());
  }

  static Track track(org.watchfloor.proto.v1.Track track) {
    return new Track(track.getId(), track.getIncidentId(), track.getName(), track.getBookmarkIdsList(), track.getAuthor(),
        instant(track.getUpdatedAt()), track.getRevision());
  }

  static RequestedFootage requestedFootage(org.watchfloor.proto.v1.FootageRequest request) {
    String status = request.getStatus().name().substring("FOOTAGE_REQUEST_STATUS_".length()).toLowerCase(java.util.Locale.ROOT);
    return new RequestedFootage(request.getId(), request.getCameraIdsList(), instant(request.getWindowStart()), instant(request.getWindowEnd()),
        status, instant(request.getCreatedAt()), request.hasDecidedAt() ? Optional.of(instant(request.getDecidedAt())) : Optional.empty(),
        request.getDeclineReason());
  }

  static UserAccount user(org.watchfloor.proto.v1.User user) {
    Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
    for (Role role : user.getRolesList()) {
      switch (role) {
        case ROLE_ANALYST -> roles.add(UserRole.ANALYST);
        case ROLE_SUPERVISOR -> roles.add(UserRole.SUPERVISOR);
        case ROLE_ADMIN -> roles.add(UserRole.ADMIN);
        default -> { }
      }
    }
    return new UserAccount(user.getId(), user.getUsername(), user.getDisplayName(), roles, user.getOrganisation(),
        user.getDisabled(), user.getDisabledReason(), user.getHasPassword(), instant(user.getCreatedAt()),
        user.hasLastSignedInAt() ? Optional.of(instant(user.getLastSignedInAt())) : Optional.empty(),
        user.getRevision());
  }

  static AuditRecord auditRecord(org.watchfloor.proto.v1.AuditEvent event) {
    return new AuditRecord(event.getSequence(), instant(event.getAt()), event.getUserId(), event.getUsername(),
        event.getAction(), event.getTarget(), event.getPurpose().getCaseNumber(), event.getPurpose().getReason(),
        event.getDetail(), event.getHash());
  }

  static ImportSummary importSummary(org.watchfloor.proto.v1.ImportReport report) {
    List<ImportedRecord> records = report.getResultsList().stream().map(result -> new ImportedRecord(
        result.getRecordIndex(),
        result.getSourceRecordId(),
        switch (result.getOutcome()) {
          case IMPORT_OUTCOME_CREATED -> ImportedRecord.Outcome.NEW;
          case IMPORT_OUTCOME_UPDATED -> ImportedRecord.Outcome.UPDATE;
          case IMPORT_OUTCOME_UNCHANGED -> ImportedRecord.Outcome.UNCHANGED;
          default -> ImportedRecord.Outcome.REJECTED;
        },
        switch (result.getMatchedBy()) {
          case IMPORT_MATCH_NONE -> ImportedRecord.Match.NOT_MATCHED;
          case IMPORT_MATCH_SOURCE_ID -> ImportedRecord.Match.SOURCE_ID;
          case IMPORT_MATCH_FINGERPRINT -> ImportedRecord.Match.FINGERPRINT;
          default -> ImportedRecord.Match.REJECTED_BEFORE_MATCHING;
        },
        result.getCameraId(),
        result.hasLocation()
            ? Optional.of(new double[] {result.getLocation().getLatitude(), result.getLocation().getLongitude()})
            : Optional.empty(),
        result.getIssuesList().stream()
            .map(issue -> (issue.getSeverity() == org.watchfloor.proto.v1.ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR ? "error " : "warning ")
                + (issue.getField().isEmpty() ? "" : issue.getField() + ": ") + issue.getMessage())
            .toList(),
        result.getIssuesList().stream().anyMatch(issue -> issue.getSeverity() == org.watchfloor.proto.v1.ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING)))
        .toList();
    return new ImportSummary(report.getDryRun(), report.getRecordsRead(), report.getCreated(), report.getUpdated(),
        report.getUnchanged(), report.getRejected(), report.getWarningsCount(), records, report.getResultsTruncated());
  }

  static Role role(UserRole role) {
    return Role.valueOf("ROLE_" + role.name());
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /** The client's type of a camera of the contract's kind. */
  public static CameraType type(CameraKind kind) {
    return switch (kind) {
      case CAMERA_KIND_TRAFFIC -> CameraType.TRAFFIC;
      case CAMERA_KIND_LPR -> CameraType.LPR;
      case CAMERA_KIND_PRIVATE_REGISTERED -> CameraType.REGISTERED;
      case CAMERA_KIND_PRIVATE_LIVE -> CameraType.LIVE_SHARING;
      default -> CameraType.CITY_CCTV;
    };
  }

  static CameraKind kind(CameraType type) {
    return switch (type) {
      case TRAFFIC -> CameraKind.CAMERA_KIND_TRAFFIC;
      case LPR -> CameraKind.CAMERA_KIND_LPR;
      case REGISTERED -> CameraKind.CAMERA_KIND_PRIVATE_REGISTERED;
      case LIVE_SHARING -> CameraKind.CAMERA_KIND_PRIVATE_LIVE;
      case CITY_CCTV -> CameraKind.CAMERA_KIND_CITY_CCTV;
    };
  }

  static BoundingBox box(GeoBox box) {
    return BoundingBox.newBuilder().setSouth(box.south()).setWest(box.west()).setNorth(box.north()).setEast(box.east()).build();
  }

  static CameraSummary summary(org.watchfloor.proto.v1.CameraSummary summary) {
    Map<CameraType, Integer> byType = new EnumMap<>(CameraType.class);
    summary.getDirectoryByKindMap().forEach((kind, count) -> byType.merge(type(CameraKind.forNumber(kind)), count, Integer::sum));
    List<CameraSummary.Cluster> clusters = new ArrayList<>(summary.getClustersCount());
    for (CameraCluster cluster : summary.getClustersList()) {
      clusters.add(new CameraSummary.Cluster(cluster.getCentroid().getLatitude(), cluster.getCentroid().getLongitude(), cluster.getCount(),
          type(cluster.getDominantKind()), cluster.hasCamera() ? camera(cluster.getCamera()) : null));
    }
    return new CameraSummary(summary.getRevision(), summary.getTotal(), byType, summary.getInView(), clusters);
  }

  static final WatchFeed.Events<CameraEvent, Camera> CAMERA_EVENTS =
      WatchFeed.events(
          CameraEvent::getRevision,
          CameraEvent::getEventCase,
          event -> event.hasUpserted() ? event.getUpserted().getId() : event.getRemoved().getCameraId(),
          event -> camera(event.getUpserted()),
          CameraEvent::getSnapshotSize);

  static final WatchFeed.Events<LayerEvent, Layer> LAYER_EVENTS =
      WatchFeed.events(
          LayerEvent::getRevision,
          LayerEvent::getEventCase,
          event -> event.hasUpserted() ? event.getUpserted().getId() : event.getRemoved().getLayerId(),
          event -> layer(event.getUpserted()));

  static final WatchFeed.Events<IncidentEvent, Incident> INCIDENT_EVENTS =
      WatchFeed.events(
          IncidentEvent::getRevision,
          IncidentEvent::getEventCase,
          event -> event.hasUpserted() ? event.getUpserted().getId() : event.getRemoved().getIncidentId(),
          event -> incident(event.getUpserted()));

  static final WatchFeed.Events<org.watchfloor.proto.v1.OwnerReviewEvent, OwnerReview> OWNER_REVIEW_EVENTS =
      WatchFeed.events(
          org.watchfloor.proto.v1.OwnerReviewEvent::getRevision,
          org.watchfloor.proto.v1.OwnerReviewEvent::getEventCase,
          event -> event.hasUpserted() ? ownerReview(event.getUpserted()).id() : event.getRemoved().getItemId(),
          event -> ownerReview(event.getUpserted()));

  static OwnerReview ownerReview(org.watchfloor.proto.v1.OwnerReview item) {
    return item.hasRegistration() ? registration(item.getRegistration()) : liveConnection(item.getLiveConnection());
  }

  private static OwnerReview registration(org.watchfloor.proto.v1.OwnerRegistration registration) {
    List<OwnerReview.ReviewedCamera> cameras = registration.getCamerasList().stream()
        .map(draft -> new OwnerReview.ReviewedCamera("", draft.getName(), draft.getLocation().getLatitude(), draft.getLocation().getLongitude(),
            draft.getAddress(), draft.hasHeadingDegrees() ? java.util.OptionalDouble.of(draft.getHeadingDegrees()) : java.util.OptionalDouble.empty(),
            draft.getDevice(), draft.getCovers()))
        .toList();
    return new OwnerReview(registration.getId(), OwnerReview.Kind.REGISTRATION, reviewedOwner(registration.getOwner()),
        instant(registration.getSubmittedAt()), cameras, null);
  }

  static OwnerReview liveConnection(org.watchfloor.proto.v1.LiveConnectionRequest request) {
    org.watchfloor.proto.v1.Camera camera = request.getCamera();
    OwnerReview.ReviewedCamera reviewed = new OwnerReview.ReviewedCamera(camera.getId(), camera.getName(), camera.getLocation().getLatitude(),
        camera.getLocation().getLongitude(), camera.getAddress(),
        camera.getConesCount() > 0 && camera.getCones(0).hasHeadingDegrees() ? java.util.OptionalDouble.of(camera.getCones(0).getHeadingDegrees())
            : java.util.OptionalDouble.empty(),
        camera.getTagsOrDefault("device", ""), camera.getTagsOrDefault("covers", ""));
    OwnerReview.StreamTest test = request.hasLastTest()
        ? new OwnerReview.StreamTest(OwnerReview.Outcome.valueOf(request.getLastTest().getOutcome().name().substring("STREAM_TEST_OUTCOME_".length())),
            request.getLastTest().getMessage(), instant(request.getLastTest().getTestedAt()))
        : null;
    return new OwnerReview(request.getId(), OwnerReview.Kind.LIVE_CONNECTION, reviewedOwner(request.getOwner()), instant(request.getSubmittedAt()),
        List.of(reviewed), new OwnerReview.LiveConnection(
            request.getMethod() == org.watchfloor.proto.v1.LiveConnectionMethod.LIVE_CONNECTION_METHOD_TECHNICIAN,
            request.getSourceAddress(), request.getSourceHasCredentials(), request.getNote(), test));
  }

  private static OwnerReview.Owner reviewedOwner(org.watchfloor.proto.v1.Owner owner) {
    return new OwnerReview.Owner(owner.getDisplayName(), owner.getOrganization(),
        owner.getType() == org.watchfloor.proto.v1.OwnerType.OWNER_TYPE_BUSINESS, owner.getEmail(), owner.getPhone());
  }

  static final WatchFeed.Events<HotlistHitEvent, HotlistHit> HOTLIST_HIT_EVENTS =
      WatchFeed.events(
          HotlistHitEvent::getRevision,
          HotlistHitEvent::getEventCase,
          event -> event.hasUpserted() ? event.getUpserted().getId() : event.getRemoved().getHitId(),
          event -> hotlistHit(event.getUpserted()));

  static HotlistHit hotlistHit(org.watchfloor.proto.v1.LprHit hit) {
    return new HotlistHit(hit.getId(), hit.getPlate(), hit.getPlateRegion(), hit.getCameraId(), instant(hit.getAt()),
        hit.getVehicleDescription(), hit.getHotlist(), hit.getCaseNumber());
  }
}
