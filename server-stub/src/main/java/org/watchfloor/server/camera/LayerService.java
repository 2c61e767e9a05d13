package org.watchfloor.server.camera;

import com.google.protobuf.Empty;
import com.google.protobuf.util.FieldMaskUtil;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import org.watchfloor.proto.v1.AssignCamerasRequest;
import org.watchfloor.proto.v1.CreateLayerRequest;
import org.watchfloor.proto.v1.DeleteLayerRequest;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerEvent;
import org.watchfloor.proto.v1.LayerRemoved;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.ListLayersRequest;
import org.watchfloor.proto.v1.ListLayersResponse;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.UpdateLayerRequest;
import org.watchfloor.proto.v1.WatchLayersRequest;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.change.WatchStream;
import org.watchfloor.server.rpc.Rpc;

/** gRPC edge of {@link LayerCatalog}: layers for every role, edits for admins. */
public final class LayerService extends LayerServiceGrpc.LayerServiceImplBase {

  private static final Set<String> SERVER_FIELDS = Set.of("id", "revision", "camera_count", "created_at", "updated_at");

  static final WatchStream.Events<Layer, LayerEvent> EVENTS =
      WatchStream.events(
          (revision, item) -> LayerEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> LayerEvent.newBuilder().setRevision(revision).setRemoved(LayerRemoved.newBuilder().setLayerId(id)).build(),
          (revision, synced) -> LayerEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> LayerEvent.newBuilder().setRevision(revision).setReset(reset).build());

  private final LayerCatalog layers;
  private final CameraImport cameraImport;

  public LayerService(LayerCatalog layers, CameraImport cameraImport) {
    this.layers = layers;
    this.cameraImport = cameraImport;
  }

  @Override
  public void importCameras(ImportCamerasRequest request, StreamObserver<ImportReport> observer) {
    Rpc.unary(
        observer,
        () ->
            cameraImport.run(
                admin().actor(),
                new CameraImport.Request(
                    request.getFormat(),
                    request.getContent().toByteArray(),
                    request.getSourceName(),
                    request.getTargetLayerId(),
                    request.getDefaultKind(),
                    request.getDryRun(),
                    request.getMode(),
                    request.getLicence(),
                    request.getAttribution(),
                    request.getFieldMappingMap())));
  }

  @Override
  public void listLayers(ListLayersRequest request, StreamObserver<ListLayersResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          anyRole();
          long revision = layers.head();
          return ListLayersResponse.newBuilder().addAllLayers(layers.all()).setRevision(revision).build();
        });
  }

  @Override
  public void watchLayers(WatchLayersRequest request, StreamObserver<LayerEvent> observer) {
    WatchStream.serve(observer, () -> {
      anyRole();
      return layer -> true;
    }, layers, EVENTS, request.getResumeAfterRevision());
  }

  @Override
  public void createLayer(CreateLayerRequest request, StreamObserver<Layer> observer) {
    Rpc.unary(observer, () -> layers.create(admin().actor(), request.getLayer()));
  }

  @Override
  public void updateLayer(UpdateLayerRequest request, StreamObserver<Layer> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = admin();
          String id = request.getLayer().getId();
          layers.get(id).orElseThrow(() -> Rejection.notFound("no layer with id '" + id + "'"));
          if (request.getUpdateMask().getPathsCount() == 0) {
            throw Rejection.invalid("update_mask", "name the fields to change, e.g. name, style, order");
          }
          for (String path : request.getUpdateMask().getPathsList()) {
            if (SERVER_FIELDS.contains(path)) {
              throw Rejection.invalid("update_mask", "'" + path + "' is set by the server and cannot be edited");
            }
          }
          if (!FieldMaskUtil.isValid(Layer.class, request.getUpdateMask())) {
            throw Rejection.invalid("update_mask", "names a field Layer does not have: " + request.getUpdateMask().getPathsList());
          }
          return layers.update(
              caller.actor(), id, request.getExpectedRevision(),
              current -> {
                Layer.Builder merged = current.toBuilder();
                FieldMaskUtil.merge(request.getUpdateMask(), request.getLayer(), merged,
                    new FieldMaskUtil.MergeOptions().setReplaceMessageFields(true));
                return merged.build();
              },
              "changed " + String.join(", ", request.getUpdateMask().getPathsList()));
        });
  }

  @Override
  public void deleteLayer(DeleteLayerRequest request, StreamObserver<Empty> observer) {
    Rpc.unary(
        observer,
        () -> {
          layers.delete(admin().actor(), request.getLayerId());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void assignCameras(AssignCamerasRequest request, StreamObserver<Layer> observer) {
    Rpc.unary(
        observer,
        () ->
            layers.assign(
                admin().actor(), request.getLayerId(), request.getAddCameraIdsList(), request.getRemoveCameraIdsList()));
  }

  private static void anyRole() {
    AuthInterceptor.caller().requireAnyRole(Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
  }

  private static Caller admin() {
    Caller caller = AuthInterceptor.caller();
    caller.requireAnyRole(Role.ROLE_ADMIN);
    return caller;
  }
}
