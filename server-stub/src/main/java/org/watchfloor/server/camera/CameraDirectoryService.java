package org.watchfloor.server.camera;

import com.google.protobuf.Empty;
import com.google.protobuf.util.FieldMaskUtil;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.watchfloor.proto.v1.BatchCreateCamerasRequest;
import org.watchfloor.proto.v1.BatchCreateCamerasResponse;
import org.watchfloor.proto.v1.BatchDeleteCamerasRequest;
import org.watchfloor.proto.v1.BatchUpdateCamerasRequest;
import org.watchfloor.proto.v1.BatchUpdateCamerasResponse;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraSummary;
import org.watchfloor.proto.v1.SummarizeCamerasRequest;
import org.watchfloor.proto.v1.CameraHealth;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CameraRemoved;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.CameraToDelete;
import org.watchfloor.proto.v1.DeleteCameraRequest;
import org.watchfloor.proto.v1.GetCameraRequest;
import org.watchfloor.proto.v1.HealthState;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListCamerasResponse;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SearchCamerasRequest;
import org.watchfloor.proto.v1.SearchCamerasResponse;
import org.watchfloor.proto.v1.SetCameraHealthRequest;
import org.watchfloor.proto.v1.UpdateCameraRequest;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.change.WatchStream;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;

/** gRPC edge of {@link CameraDirectory}: reads for every role, edits for admins. */
public final class CameraDirectoryService extends CameraDirectoryGrpc.CameraDirectoryImplBase {

  private static final Role[] EVERY_ROLE = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN};

  /** Turns directory changes into CameraEvent messages. */
  static final WatchStream.Events<Camera, CameraEvent> EVENTS =
      WatchStream.<Camera, CameraEvent>events(
          (revision, item) -> CameraEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> CameraEvent.newBuilder().setRevision(revision).setRemoved(CameraRemoved.newBuilder().setCameraId(id)).build(),
          (revision, synced) -> CameraEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> CameraEvent.newBuilder().setRevision(revision).setReset(reset).build(),
          (event, size) -> event.toBuilder().setSnapshotSize(size).build());

  private final CameraDirectory directory;
  private final Predicate<String> ownerExists;

  public CameraDirectoryService(CameraDirectory directory, Predicate<String> ownerExists) {
    this.directory = directory;
    this.ownerExists = ownerExists;
  }

  /** Private cameras belong to a registered owner; public ones to nobody. */
  private void requireOwnerFits(Camera camera) {
    boolean isPrivate =
        camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED || camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE;
    if (isPrivate && !ownerExists.test(camera.getOwnerId())) {
      throw Rejection.invalid("camera.owner_id", "a private camera needs a registered owner; no owner with id '" + camera.getOwnerId() + "'");
    }
    if (!isPrivate && !camera.getOwnerId().isEmpty()) {
      throw Rejection.invalid("camera.owner_id", "must be empty for a " + camera.getKind().name().substring("CAMERA_KIND_".length()) + " camera");
    }
  }

  @Override
  public void listCameras(ListCamerasRequest request, StreamObserver<ListCamerasResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          int size = Paging.pageSize("page_size", request.getPageSize(), 500, 5000);
          CameraDirectory.Filter filter =
              filter(request.hasBbox() ? Optional.of(request.getBbox()) : Optional.empty(),
                  request.getKindsList(), request.getLayerIdsList());
          CameraDirectory.Page page =
              directory.list(filter, Paging.decode("page_token", request.getPageToken(), ""), size);
          ListCamerasResponse.Builder response =
              ListCamerasResponse.newBuilder().addAllCameras(page.cameras()).setRevision(page.revision());
          page.nextAfterId().map(Paging::encode).ifPresent(response::setNextPageToken);
          return response.build();
        });
  }

  @Override
  public void getCamera(GetCameraRequest request, StreamObserver<Camera> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          return directory
              .get(request.getCameraId())
              .orElseThrow(() -> Rejection.notFound("no camera with id '" + request.getCameraId() + "'"));
        });
  }

  @Override
  public void searchCameras(SearchCamerasRequest request, StreamObserver<SearchCamerasResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          int limit = Paging.pageSize("limit", request.getLimit(), 50, 500);
          Optional<org.watchfloor.proto.v1.GeoPoint> near = Optional.empty();
          if (request.hasNear()) {
            CameraValidation.requireValid(request.getNear(), "near");
            if (!(request.getRadiusMeters() > 0 && request.getRadiusMeters() <= 100_000)) {
              throw Rejection.invalid("radius_meters", "must be above 0 and at most 100000 with near, got " + request.getRadiusMeters());
            }
            near = Optional.of(request.getNear());
          } else if (request.getText().isBlank()) {
            throw Rejection.invalid("text", "give some text, or a point with near and radius_meters");
          }
          List<CameraDirectory.Match> matches =
              directory.search(request.getText(), near, request.getRadiusMeters(), kinds(request.getKindsList()));
          SearchCamerasResponse.Builder response =
              SearchCamerasResponse.newBuilder().setTruncated(matches.size() > limit);
          matches.stream()
              .limit(limit)
              .map(CameraDirectory.Match::message)
              .forEach(response::addMatches);
          return response.build();
        });
  }

  @Override
  public void summarizeCameras(SummarizeCamerasRequest request, StreamObserver<CameraSummary> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          if (!request.hasBbox()) {
            throw Rejection.invalid("bbox", "is required");
          }
          CameraValidation.requireValid(request.getBbox(), "bbox");
          if (request.getZoom() < 0 || request.getZoom() > 22) {
            throw Rejection.invalid("zoom", "must be in 0..22, got " + request.getZoom());
          }
          int cellPixels = request.getCellPixels() == 0 ? 48 : request.getCellPixels();
          if (cellPixels < 8 || cellPixels > 512) {
            throw Rejection.invalid("cell_pixels", "must be 0 or in 8..512, got " + request.getCellPixels());
          }
          long cells = ViewSummary.cellsMeeting(request.getBbox(), request.getZoom(), cellPixels);
          if (cells > ViewSummary.MAX_CELLS) {
            throw Rejection.invalid("cell_pixels", "the view spans " + cells + " cells of " + cellPixels + " px at zoom "
                + request.getZoom() + ", more than " + ViewSummary.MAX_CELLS);
          }
          return directory.summarize(request.getBbox(), request.getZoom(), cellPixels, kinds(request.getKindsList()),
              Set.copyOf(request.getHiddenLayerIdsList()));
        });
  }

  @Override
  public void watchCameras(WatchCamerasRequest request, StreamObserver<CameraEvent> observer) {
    WatchStream.serve(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(EVERY_ROLE);
          return filter(request.hasBbox() ? Optional.of(request.getBbox()) : Optional.empty(),
              request.getKindsList(), request.getLayerIdsList())::matches;
        },
        directory,
        EVENTS,
        request.getResumeAfterRevision());
  }

  @Override
  public void createCamera(CreateCameraRequest request, StreamObserver<Camera> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          if (!request.hasCamera()) {
            throw Rejection.invalid("camera", "is required");
          }
          requireOwnerFits(request.getCamera());
          return directory.create(caller.actor(), request.getCamera(), request.getUpstreamUrlsMap());
        });
  }

  @Override
  public void batchCreateCameras(BatchCreateCamerasRequest request, StreamObserver<BatchCreateCamerasResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          requireBatchSize("requests", request.getRequestsCount(), "cameras");
          Map<String, Integer> seen = new HashMap<>();
          List<Camera> drafts = new ArrayList<>(request.getRequestsCount());
          for (int i = 0; i < request.getRequestsCount(); i++) {
            CreateCameraRequest one = request.getRequests(i);
            String at = "requests[" + i + "].";
            if (!one.hasCamera()) {
              throw Rejection.invalid(at + "camera", "is required");
            }
            if (one.getUpstreamUrlsCount() > 0) {
              throw Rejection.invalid(at + "upstream_urls", "set upstream URLs with CreateCamera or UpdateCamera");
            }
            if (!one.getCamera().getId().isEmpty()) {
              requireOnce(seen, one.getCamera().getId(), "requests", i, "camera.id");
            }
            requireOwnerFits(one.getCamera());
            drafts.add(one.getCamera());
          }
          return BatchCreateCamerasResponse.newBuilder().addAllCameras(directory.createMany(caller.actor(), drafts)).build();
        });
  }

  @Override
  public void updateCamera(UpdateCameraRequest request, StreamObserver<Camera> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          CameraDirectory.Edit edit = edit(request, "");
          return directory.update(caller.actor(), edit.id(), edit.expectedRevision(), edit.edit(), request.getUpstreamUrlsMap(), edit.detail());
        });
  }

  @Override
  public void batchUpdateCameras(BatchUpdateCamerasRequest request, StreamObserver<BatchUpdateCamerasResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          requireBatchSize("requests", request.getRequestsCount(), "updates");
          Map<String, Integer> seen = new HashMap<>();
          List<CameraDirectory.Edit> edits = new ArrayList<>(request.getRequestsCount());
          for (int i = 0; i < request.getRequestsCount(); i++) {
            UpdateCameraRequest one = request.getRequests(i);
            String at = "requests[" + i + "].";
            requireOnce(seen, one.getCamera().getId(), "requests", i, "camera.id");
            if (one.getUpstreamUrlsCount() > 0) {
              throw Rejection.invalid(at + "upstream_urls", "set upstream URLs with UpdateCamera");
            }
            edits.add(edit(one, at));
          }
          return BatchUpdateCamerasResponse.newBuilder().addAllCameras(directory.updateMany(caller.actor(), edits)).build();
        });
  }

  /** Refuses a batch of nothing or of more than {@link #MAX_BATCH} items, naming the list. */
  private static void requireBatchSize(String list, int count, String items) {
    if (count == 0 || count > MAX_BATCH) {
      throw Rejection.invalid(list, "give 1 to " + MAX_BATCH + " " + items + ", not " + count);
    }
  }

  /** Refuses a camera named twice in one batch ({@code list[i].field}), naming where it came first. */
  private static void requireOnce(Map<String, Integer> seen, String id, String list, int i, String field) {
    Integer earlier = seen.putIfAbsent(id, i);
    if (earlier != null) {
      throw Rejection.invalid(list + "[" + i + "]." + field, id + " is also in " + list + "[" + earlier + "]");
    }
  }

  /** Updates in one batch at most: as many as a layer assignment takes. */
  private static final int MAX_BATCH = 10_000;

  /**
   * The directory edit an update request asks for, its mask checked here (fields named with
   * {@code prefix}); the merge onto the camera as it is happens under the directory's write lock.
   */
  private CameraDirectory.Edit edit(UpdateCameraRequest request, String prefix) {
    String id = request.getCamera().getId();
    directory.get(id).orElseThrow(() -> Rejection.notFound(prefix + "camera.id: no camera with id '" + id + "'"));
    if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
      throw Rejection.invalid(prefix + "update_mask", "name the fields to change, e.g. name, location, cones");
    }
    for (String path : request.getUpdateMask().getPathsList()) {
      if (SERVER_FIELDS.contains(path)) {
        throw Rejection.invalid(prefix + "update_mask", "'" + path + "' is set by the server and cannot be edited");
      }
    }
    if (!FieldMaskUtil.isValid(Camera.class, request.getUpdateMask())) {
      throw Rejection.invalid(prefix + "update_mask", "names a field Camera does not have: " + request.getUpdateMask().getPathsList());
    }
    return new CameraDirectory.Edit(
        id,
        request.getExpectedRevision(),
        current -> {
          Camera.Builder merged = current.toBuilder();
          FieldMaskUtil.merge(
              request.getUpdateMask(),
              request.getCamera(),
              merged,
              new FieldMaskUtil.MergeOptions().setReplaceRepeatedFields(true).setReplaceMessageFields(true));
          requireOwnerFits(merged.build());
          return merged.build();
        },
        "changed " + String.join(", ", request.getUpdateMask().getPathsList()));
  }

  private static final Set<String> SERVER_FIELDS =
      Set.of("id", "revision", "created_at", "updated_at", "consent_state", "layer_ids", "health");

  @Override
  public void deleteCamera(DeleteCameraRequest request, StreamObserver<Empty> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          requireReason(request.getReason());
          directory.delete(caller.actor(), request.getCameraId(), request.getReason());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void batchDeleteCameras(BatchDeleteCamerasRequest request, StreamObserver<Empty> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          requireBatchSize("cameras", request.getCamerasCount(), "cameras");
          requireReason(request.getReason());
          LinkedHashMap<String, Long> expected = new LinkedHashMap<>();
          Map<String, Integer> seen = new HashMap<>();
          for (int i = 0; i < request.getCamerasCount(); i++) {
            CameraToDelete one = request.getCameras(i);
            if (one.getCameraId().isEmpty()) {
              throw Rejection.invalid("cameras[" + i + "].camera_id", "is required");
            }
            requireOnce(seen, one.getCameraId(), "cameras", i, "camera_id");
            if (one.getExpectedRevision() == 0) {
              throw Rejection.invalid("cameras[" + i + "].expected_revision", "required: the revision of the camera your deletion is based on");
            }
            expected.put(one.getCameraId(), one.getExpectedRevision());
          }
          directory.deleteMany(caller.actor(), expected, request.getReason());
          return Empty.getDefaultInstance();
        });
  }

  /** A deletion's reason goes to the audit log: it must say something, briefly. */
  private static void requireReason(String reason) {
    if (reason.isBlank()) {
      throw Rejection.invalid("reason", "say why the camera is removed; the audit log keeps it");
    }
    if (reason.length() > 500) {
      throw Rejection.invalid("reason", "at most 500 characters, got " + reason.length());
    }
  }

  @Override
  public void setCameraHealth(SetCameraHealthRequest request, StreamObserver<CameraHealth> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          if (request.getState() == HealthState.HEALTH_STATE_UNSPECIFIED || request.getState() == HealthState.UNRECOGNIZED) {
            throw Rejection.invalid("state", "name ONLINE, OFFLINE or DEGRADED");
          }
          Instant lastSeen = request.hasLastSeen() ? ProtoTime.toInstant(request.getLastSeen()) : Instant.now();
          return directory.setHealth(caller.actor(), request.getCameraId(), request.getState(), request.getDetail(), lastSeen);
        });
  }

  private static Caller admin() {
    Caller caller = AuthInterceptor.caller();
    caller.requireAnyRole(Role.ROLE_ADMIN);
    return caller;
  }

  static CameraDirectory.Filter filter(Optional<BoundingBox> bbox, List<CameraKind> kinds, List<String> layerIds) {
    bbox.ifPresent(box -> CameraValidation.requireValid(box, "bbox"));
    return new CameraDirectory.Filter(bbox, kinds(kinds), new HashSet<>(layerIds));
  }

  private static Set<CameraKind> kinds(List<CameraKind> kinds) {
    for (int i = 0; i < kinds.size(); i++) {
      if (kinds.get(i) == CameraKind.CAMERA_KIND_UNSPECIFIED || kinds.get(i) == CameraKind.UNRECOGNIZED) {
        throw Rejection.invalid("kinds[" + i + "]", "is not a camera kind");
      }
    }
    return kinds.isEmpty() ? EnumSet.noneOf(CameraKind.class) : EnumSet.copyOf(kinds);
  }
}
