package org.watchfloor.client.net;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.watchfloor.proto.v1.ApproveRegistrationRequest;
import org.watchfloor.proto.v1.EvidenceExportServiceGrpc;
import org.watchfloor.proto.v1.ExportClip;
import org.watchfloor.proto.v1.ExportItemKind;
import org.watchfloor.proto.v1.ExportWindow;
import org.watchfloor.proto.v1.ExportedFile;
import org.watchfloor.proto.v1.GetTimelineRequest;
import org.watchfloor.proto.v1.AddBookmarkRequest;
import org.watchfloor.proto.v1.DeleteTrackRequest;
import org.watchfloor.proto.v1.ListFootageRequestsRequest;
import org.watchfloor.proto.v1.SaveTrackRequest;
import org.watchfloor.proto.v1.OwnerEnrollmentGrpc;
import org.watchfloor.proto.v1.PrepareEvidenceExportRequest;
import org.watchfloor.proto.v1.RejectRegistrationRequest;
import org.watchfloor.proto.v1.SealEvidenceExportRequest;
import org.watchfloor.proto.v1.SealedEvidenceExport;
import org.watchfloor.proto.v1.TestLiveConnectionRequest;
import org.watchfloor.proto.v1.WatchOwnerReviewsRequest;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.AuditVerification;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.ListLayersRequest;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.QueryAuditResponse;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.CloseSessionRequest;
import org.watchfloor.proto.v1.ConsentServiceGrpc;
import org.watchfloor.proto.v1.FindViewableCamerasRequest;
import org.watchfloor.proto.v1.FindViewableCamerasResponse;
import org.watchfloor.proto.v1.FootageRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GetCameraRequest;
import org.watchfloor.proto.v1.OpenPlaybackRequest;
import org.watchfloor.proto.v1.SearchCamerasRequest;
import org.watchfloor.proto.v1.SummarizeCamerasRequest;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.RenewTicketRequest;
import org.watchfloor.proto.v1.RequestFootageRequest;
import org.watchfloor.proto.v1.RequestFootageResponse;
import org.watchfloor.proto.v1.SessionEvent;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.StreamTicket;
import org.watchfloor.proto.v1.CreateUserRequest;
import org.watchfloor.proto.v1.DisableUserRequest;
import org.watchfloor.proto.v1.ListUsersRequest;
import org.watchfloor.proto.v1.ListUsersResponse;
import org.watchfloor.proto.v1.ResetPasswordRequest;
import org.watchfloor.proto.v1.SessionServiceGrpc;
import org.watchfloor.proto.v1.UpdateUserRequest;
import org.watchfloor.proto.v1.User;
import org.watchfloor.proto.v1.SignInRequest;
import org.watchfloor.proto.v1.SignInResponse;
import org.watchfloor.proto.v1.TerminationReason;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.proto.v1.WatchHotlistHitsRequest;
import org.watchfloor.proto.v1.WatchIncidentsRequest;
import org.watchfloor.proto.v1.WatchLayersRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's one channel to the broker, signed in with a bearer token. It watches the broker's
 * health and reports the connection state, and keeps the live lists (cameras, layers, incidents)
 * flowing; every stream that breaks is retried with exponential backoff until closed.
 */
public final class BrokerConnection implements AutoCloseable {

  /** At or above the server's permitted keepalive time, or it answers GOAWAY too_many_pings. */
  private static final Duration KEEPALIVE = Duration.ofSeconds(15);

  /** The contract's "session_id: ses-5 was terminated: CONSENT_REVOKED" (streams.proto, RenewTicketRequest). */
  private static final Pattern TERMINATED = Pattern.compile("session_id: \\S+ was terminated: (\\w+)");

  private final BrokerList brokers;
  private final ChannelSecurity security;
  private final BrokerInUse inUse;
  /** Where every connection's streamed messages are decoded and handed on (gRPC's default is a cached pool too). */
  private static final java.util.concurrent.ExecutorService CALLBACKS = org.watchfloor.client.ui.YieldingThreads.cached("broker-callbacks");
  private final ManagedChannel channel;
  private final BearerToken credentials;
  /** True once {@link #signIn} opened a session, which {@link #signOut} then ends. */
  private volatile boolean inSession;
  private final List<AutoCloseable> feeds = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "broker-reconnect");
            thread.setDaemon(true);
            return thread;
          });
  private final Reconnection reconnection = new Reconnection(retries);
  private volatile boolean closed;

  /** A connection to one broker that signs every call in with {@code token} (empty: health only). */
  public BrokerConnection(ServerAddress address, String token) {
    this(BrokerList.of(address), token);
  }

  /**
   * A connection to the first of {@code brokers} that answers, moving to the next when it goes
   * away; the live lists then resume on the next broker from the revision they had reached.
   */
  public BrokerConnection(BrokerList brokers, String token) {
    this(brokers, ChannelSecurity.PLAINTEXT, token);
  }

  /** As above, over plaintext or TLS as {@code security} says. */
  public BrokerConnection(BrokerList brokers, ChannelSecurity security, String token) {
    this.brokers = brokers;
    this.security = security;
    this.credentials = new BearerToken(token);
    this.inUse = new BrokerInUse(brokers);
    this.channel =
        Grpc.newChannelBuilder(BrokerListResolver.target(brokers), security.credentials())
            .keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .intercept(inUse)
            // Decoding a burst of watched changes competes with the frames for the cores: it yields.
            .executor(CALLBACKS)
            .build();
  }

  /** The broker of the list that answered the newest call (after a failover, not the first). */
  public Optional<ServerAddress> answeringBroker() {
    return inUse.answering();
  }

  /** The broker tried first (it names the workstation's files). */
  public ServerAddress address() {
    return brokers.first();
  }

  public BrokerList brokers() {
    return brokers;
  }

  public ChannelSecurity security() {
    return security;
  }

  /**
   * Follows the broker's health until {@link #close()}: {@code listener} hears every state change,
   * on a gRPC thread. A broken stream is retried after 0.25 s, doubling up to 8 s.
   */
  public void watchHealth(Consumer<ConnectionState> listener) {
    listener.accept(ConnectionState.CONNECTING);
    watchHealth(listener, Reconnection.FIRST, false);
  }

  private void watchHealth(Consumer<ConnectionState> listener, Duration backoff, boolean wasUp) {
    if (closed) {
      return;
    }
    HealthGrpc.newStub(channel)
        .watch(
            HealthCheckRequest.getDefaultInstance(),
            new EndlessStream<>() {
              private boolean heard;

              @Override
              void next(HealthCheckResponse response) {
                heard = true;
                listener.accept(
                    response.getStatus() == ServingStatus.SERVING
                        ? ConnectionState.CONNECTED
                        : ConnectionState.NOT_SERVING);
              }

              @Override
              void ended() {
                if (closed) {
                  return;
                }
                boolean up = wasUp || heard;
                listener.accept(up ? ConnectionState.RECONNECTING : ConnectionState.CONNECTING);
                reconnection.retry(backoff, heard, next -> watchHealth(listener, next, up));
              }
            });
  }

  /**
   * Follows the camera directory until the returned handle (or the connection) is closed;
   * {@code listener} hears every change, on a gRPC thread.
   */
  public AutoCloseable watchCameras(FeedListener<Camera> listener) {
    return follow(
        (after, observer) -> CameraDirectoryGrpc.newStub(channel).withCallCredentials(credentials)
            .watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.CAMERA_EVENTS, listener);
  }

  /**
   * Follows the cameras inside {@code box} only (a view of a directory too large to hold) until the
   * returned handle is closed; cameras that leave the box arrive as removals.
   */
  public AutoCloseable watchCameras(GeoBox box, FeedListener<Camera> listener) {
    return follow(
        (after, observer) -> CameraDirectoryGrpc.newStub(channel).withCallCredentials(credentials)
            .watchCameras(WatchCamerasRequest.newBuilder().setResumeAfterRevision(after).setBbox(ContractMapping.box(box)).build(), observer),
        ContractMapping.CAMERA_EVENTS, listener);
  }

  /**
   * The broker's clusters of a view at a zoom level, leaving out hidden types and layers as the map
   * does. A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason
   */
  public CameraSummary summarizeCameras(GeoBox box, int zoom, Set<CameraType> hiddenTypes, Set<String> hiddenLayers) {
    SummarizeCamerasRequest.Builder request = SummarizeCamerasRequest.newBuilder().setBbox(ContractMapping.box(box)).setZoom(zoom)
        .addAllHiddenLayerIds(hiddenLayers);
    if (!hiddenTypes.isEmpty()) {
      for (CameraType type : CameraType.values()) {
        if (!hiddenTypes.contains(type)) {
          request.addKinds(ContractMapping.kind(type));
        }
      }
    }
    return call(() -> ContractMapping.summary(directory().summarizeCameras(request.build())));
  }

  /** Cameras whose name, address, operator or tags contain every word, best first, from the broker. A 10 s deadline. */
  public List<Camera> searchCameras(String text, int limit) {
    return call(() -> directory().searchCameras(SearchCamerasRequest.newBuilder().setText(text).setLimit(limit).build())
        .getMatchesList().stream().map(match -> ContractMapping.camera(match.getCamera())).toList());
  }

  /** One camera from the broker, or empty when it is not in the directory. A 10 s deadline. */
  public Optional<Camera> camera(String id) {
    try {
      return Optional.of(call(() -> ContractMapping.camera(directory().getCamera(GetCameraRequest.newBuilder().setCameraId(id).build()))));
    } catch (BrokerRefusal refusal) {
      if (refusal.getCause() instanceof StatusRuntimeException status && status.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw refusal;
    }
  }

  /**
   * Applies every update in one step, all or nothing; the broker audits each camera. Role: admin.
   * A 30 s deadline (a step may move thousands of cameras).
   *
   * @return the cameras as stored, in the order of {@code updates}
   * @throws BrokerRefusal {@link BrokerRefusal.Reason#CHANGED_SINCE_READ} when any camera changed
   *     since it was read; nothing is then changed
   */
  public List<Camera> updateCameras(List<CameraUpdate> updates) {
    org.watchfloor.proto.v1.BatchUpdateCamerasRequest.Builder request = org.watchfloor.proto.v1.BatchUpdateCamerasRequest.newBuilder();
    for (CameraUpdate update : updates) {
      FieldMask.Builder mask = FieldMask.newBuilder();
      update.fields().stream().sorted().forEach(field -> mask.addAllPaths(field.paths()));
      request.addRequests(org.watchfloor.proto.v1.UpdateCameraRequest.newBuilder()
          .setCamera(ContractMapping.camera(update.wanted(), update.fields()))
          .setUpdateMask(mask)
          .setExpectedRevision(update.read().revision()));
    }
    return call(() -> CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(30, TimeUnit.SECONDS)
        .batchUpdateCameras(request.build()).getCamerasList().stream().map(ContractMapping::camera).toList());
  }

  /**
   * Adds cameras with every field of each draft an admin edits, and their layers (an empty id: the
   * broker chooses one), in one step, all or nothing; each audited. Role: admin. A 30 s deadline.
   *
   * @return the cameras as stored, in the order of {@code drafts}
   */
  public List<Camera> createCameras(List<Camera> drafts) {
    org.watchfloor.proto.v1.BatchCreateCamerasRequest.Builder request = org.watchfloor.proto.v1.BatchCreateCamerasRequest.newBuilder();
    for (Camera draft : drafts) {
      request.addRequests(org.watchfloor.proto.v1.CreateCameraRequest.newBuilder().setCamera(
          ContractMapping.camera(draft, java.util.EnumSet.allOf(CameraField.class)).toBuilder().addAllLayerIds(draft.layerIds())));
    }
    return call(() -> CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(30, TimeUnit.SECONDS)
        .batchCreateCameras(request.build()).getCamerasList().stream().map(ContractMapping::camera).toList());
  }

  /**
   * Removes cameras from the directory and their layers in one step, all or nothing, each audited
   * with {@code reason}. Role: admin. A 30 s deadline (a step may delete thousands).
   *
   * @throws BrokerRefusal {@link BrokerRefusal.Reason#CHANGED_SINCE_READ} when any camera changed
   *     since it was read; nothing is then deleted
   */
  public void deleteCameras(List<Camera> read, String reason) {
    org.watchfloor.proto.v1.BatchDeleteCamerasRequest.Builder request = org.watchfloor.proto.v1.BatchDeleteCamerasRequest.newBuilder().setReason(reason);
    for (Camera camera : read) {
      request.addCameras(org.watchfloor.proto.v1.CameraToDelete.newBuilder().setCameraId(camera.id()).setExpectedRevision(camera.revision()));
    }
    call(() -> CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(30, TimeUnit.SECONDS)
        .batchDeleteCameras(request.build()));
  }

  /** Puts cameras into a layer and takes others out, all or nothing; audited. Role: admin. A 30 s deadline. */
  public Layer assignCameras(String layerId, java.util.Collection<String> add, java.util.Collection<String> remove) {
    return call(() -> ContractMapping.layer(layers(30).assignCameras(org.watchfloor.proto.v1.AssignCamerasRequest.newBuilder()
        .setLayerId(layerId).addAllAddCameraIds(add).addAllRemoveCameraIds(remove).build())));
  }

  /** Adds a layer (an empty id: the broker chooses one); audited. Role: admin. A 10 s deadline. */
  public Layer createLayer(String name, String description, String color, String icon, boolean visibleByDefault, int order) {
    return call(() -> ContractMapping.layer(layers(10).createLayer(org.watchfloor.proto.v1.CreateLayerRequest.newBuilder()
        .setLayer(org.watchfloor.proto.v1.Layer.newBuilder().setName(name).setDescription(description)
            .setStyle(org.watchfloor.proto.v1.LayerStyle.newBuilder().setColor(color).setIcon(icon))
            .setVisibleByDefault(visibleByDefault).setOrder(order))
        .build())));
  }

  /**
   * Changes the fields of {@code read} that differ in {@code wanted} (name, description, colour,
   * icon, shown by default, order), based on {@code read}'s revision; audited. Role: admin.
   *
   * @throws BrokerRefusal {@link BrokerRefusal.Reason#CHANGED_SINCE_READ} when the layer changed since it was read
   */
  public Layer updateLayer(Layer read, Layer wanted) {
    FieldMask.Builder mask = FieldMask.newBuilder();
    if (!read.name().equals(wanted.name())) {
      mask.addPaths("name");
    }
    if (!read.description().equals(wanted.description())) {
      mask.addPaths("description");
    }
    if (!read.color().equalsIgnoreCase(wanted.color())) {
      mask.addPaths("style.color");
    }
    if (!read.icon().equals(wanted.icon())) {
      mask.addPaths("style.icon");
    }
    if (read.visibleByDefault() != wanted.visibleByDefault()) {
      mask.addPaths("visible_by_default");
    }
    if (read.order() != wanted.order()) {
      mask.addPaths("order");
    }
    org.watchfloor.proto.v1.Layer layer = org.watchfloor.proto.v1.Layer.newBuilder().setId(read.id()).setName(wanted.name())
        .setDescription(wanted.description())
        .setStyle(org.watchfloor.proto.v1.LayerStyle.newBuilder().setColor(wanted.color()).setIcon(wanted.icon()))
        .setVisibleByDefault(wanted.visibleByDefault()).setOrder(wanted.order()).build();
    return call(() -> ContractMapping.layer(layers(10).updateLayer(org.watchfloor.proto.v1.UpdateLayerRequest.newBuilder()
        .setLayer(layer).setUpdateMask(mask).setExpectedRevision(read.revision()).build())));
  }

  /** Deletes a layer; its cameras stay in the directory. Audited. Role: admin. A 10 s deadline. */
  public void deleteLayer(String layerId) {
    call(() -> layers(10).deleteLayer(org.watchfloor.proto.v1.DeleteLayerRequest.newBuilder().setLayerId(layerId).build()));
  }

  private LayerServiceGrpc.LayerServiceBlockingStub layers(int deadlineSeconds) {
    return LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  private CameraDirectoryGrpc.CameraDirectoryBlockingStub directory() {
    return CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public void watchLayers(FeedListener<Layer> listener) {
    follow(
        (after, observer) -> LayerServiceGrpc.newStub(channel).withCallCredentials(credentials)
            .watchLayers(WatchLayersRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.LAYER_EVENTS, listener);
  }

  /** Follows the incidents until the returned handle (or the connection) is closed; a timeline change is an incident change. */
  public AutoCloseable watchIncidents(FeedListener<Incident> listener) {
    return follow(
        (after, observer) -> IncidentServiceGrpc.newStub(channel).withCallCredentials(credentials)
            .watchIncidents(WatchIncidentsRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.INCIDENT_EVENTS, listener);
  }

  /** Follows the hotlist hits (the last day's first, then each new one) until the connection is closed. */
  public void watchHotlistHits(FeedListener<HotlistHit> listener) {
    follow(
        (after, observer) -> IncidentServiceGrpc.newStub(channel).withCallCredentials(credentials)
            .watchHotlistHits(WatchHotlistHitsRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.HOTLIST_HIT_EVENTS, listener);
  }

  /**
   * Follows the admin's review list (registrations awaiting approval, cameras waiting to be
   * connected) until the returned handle or the connection is closed. Role: admin.
   */
  public AutoCloseable watchOwnerReviews(FeedListener<OwnerReview> listener) {
    return follow(
        (after, observer) -> OwnerEnrollmentGrpc.newStub(channel).withCallCredentials(credentials)
            .watchOwnerReviews(WatchOwnerReviewsRequest.newBuilder().setResumeAfterRevision(after).build(), observer),
        ContractMapping.OWNER_REVIEW_EVENTS, listener);
  }

  /** Lets a registration waiting for approval into the directory; audited. Role: admin. A 10 s deadline. */
  public void approveRegistration(String registrationId) {
    call(() -> enrollment(10).approveRegistration(ApproveRegistrationRequest.newBuilder().setRegistrationId(registrationId).build()));
  }

  /** Turns a registration down; the owner is e-mailed {@code reason}; audited. Role: admin. A 10 s deadline. */
  public void rejectRegistration(String registrationId, String reason) {
    call(() -> enrollment(10).rejectRegistration(
        RejectRegistrationRequest.newBuilder().setRegistrationId(registrationId).setReason(reason).build()));
  }

  /**
   * Has the center's media server try a camera's stream: the owner's address, or the one given here
   * (a technician's; its password is sent once and never comes back). When it plays the camera is
   * connected. Role: admin. A 30 s deadline (the test waits for the camera).
   */
  public OwnerReview testLiveConnection(String requestId, java.util.Optional<StreamAddress> address) {
    TestLiveConnectionRequest.Builder request = TestLiveConnectionRequest.newBuilder().setRequestId(requestId);
    address.ifPresent(given -> request.setSource(org.watchfloor.proto.v1.StreamSource.newBuilder()
        .setAddress(given.url()).setUsername(given.username()).setPassword(given.password())));
    return call(() -> ContractMapping.liveConnection(enrollment(30).testLiveConnection(request.build())));
  }

  /** A camera's stream address as an admin types it: write-only towards the broker. */
  public record StreamAddress(String url, String username, String password) {
    @Override
    public String toString() {
      return url + (username.isEmpty() && password.isEmpty() ? "" : " (with credentials)");
    }
  }

  private OwnerEnrollmentGrpc.OwnerEnrollmentBlockingStub enrollment(int deadlineSeconds) {
    return OwnerEnrollmentGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  /**
   * The cameras within {@code radiusMeters} (at most 5000) of a place that the broker would show
   * live now for {@code purpose} (its consent rules decide; each view is still asked for and
   * audited when opened), and the Level 1 cameras there, at most {@code limit} of each, nearest
   * first. A 10 s deadline.
   */
  public NearbyCameras findViewableCameras(double latitude, double longitude, double radiusMeters, ViewPurpose purpose, int limit) {
    FindViewableCamerasResponse found = call(() -> streams().findViewableCameras(FindViewableCamerasRequest.newBuilder()
        .setNear(GeoPoint.newBuilder().setLatitude(latitude).setLongitude(longitude))
        .setRadiusMeters(radiusMeters)
        .setPurpose(purpose(purpose))
        .setLimit(limit)
        .build()));
    return new NearbyCameras(
        found.getViewableList().stream().map(match -> ContractMapping.camera(match.getCamera())).toList(),
        found.getRegisteredList().stream().map(match -> ContractMapping.camera(match.getCamera())).toList());
  }

  private <E, T> AutoCloseable follow(
      java.util.function.BiConsumer<Long, StreamObserver<E>> call, WatchFeed.Events<E, T> events, FeedListener<T> listener) {
    WatchFeed<E, T> feed = new WatchFeed<>(call, events, listener, reconnection);
    feeds.add(feed);
    feed.start();
    return () -> {
      feeds.remove(feed);
      feed.close();
    };
  }

  /**
   * Asks for a live ticket for {@code cameraId}; the broker checks the camera's kind and its
   * owner's consent for this purpose and audits the answer. {@code playable} lists what the local
   * player can play, most preferred first. A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (e.g. which consent is missing)
   */
  public LiveTicket openLive(String cameraId, ViewPurpose purpose, StreamSize size, List<VideoProtocol> playable) {
    OpenLiveRequest.Builder request = OpenLiveRequest.newBuilder()
        .setCameraId(cameraId)
        .setPurpose(purpose(purpose))
        .setPreferredRole(size == StreamSize.SUB ? StreamRole.STREAM_ROLE_SUB : StreamRole.STREAM_ROLE_MAIN);
    for (VideoProtocol protocol : playable) {
      request.addAcceptedProtocols(StreamProtocol.valueOf("STREAM_PROTOCOL_" + protocol.name()));
    }
    return call(() -> liveTicket(streams().openLive(request.build())));
  }

  /**
   * The incident, its timeline and the recordings of cameras within the broker's default radius
   * (500 m) over its default window: from half an hour before it opened until it closed, or now.
   */
  public IncidentTimeline timeline(String incidentId) {
    return timeline(GetTimelineRequest.newBuilder().setIncidentId(incidentId).build());
  }

  /**
   * The incident, its timeline and the recordings of cameras within {@code radiusMeters} over
   * [{@code start}, {@code end}). A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (e.g. a window longer than 48 h)
   */
  public IncidentTimeline timeline(String incidentId, double radiusMeters, Instant start, Instant end) {
    return timeline(GetTimelineRequest.newBuilder().setIncidentId(incidentId).setRadiusMeters(radiusMeters)
        .setWindowStart(timestamp(start)).setWindowEnd(timestamp(end)).build());
  }

  private IncidentTimeline timeline(GetTimelineRequest request) {
    return call(() -> ContractMapping.timeline(IncidentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(10, TimeUnit.SECONDS).getTimeline(request)));
  }

  /**
   * Bookmarks {@code at} on the incident's timeline with {@code note}; on a camera ({@code cameraId}
   * not empty) the broker keeps [at - preRoll, at + postRoll) on evidence hold. Everyone watching
   * the incident hears of it (the incident takes a new revision). A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (a blank note, a moment in the future, a roll over 10 minutes)
   */
  public TimelineEntry addBookmark(String incidentId, Instant at, String cameraId, String note, Duration preRoll, Duration postRoll) {
    return call(() -> ContractMapping.timelineEntry(incidents().addBookmark(AddBookmarkRequest.newBuilder()
        .setIncidentId(incidentId).setAt(timestamp(at)).setCameraId(cameraId).setNote(note)
        .setPreRoll(duration(preRoll)).setPostRoll(duration(postRoll)).build())));
  }

  /**
   * Saves a track of the incident's camera bookmarks in {@code bookmarkIds}' order: a new one when
   * {@code changed} is empty, else a change of that track as read. A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (a blank name, no steps, a track changed meanwhile)
   */
  public Track saveTrack(String incidentId, Optional<Track> changed, String name, List<String> bookmarkIds) {
    SaveTrackRequest.Builder request = SaveTrackRequest.newBuilder().setIncidentId(incidentId).setName(name).addAllBookmarkIds(bookmarkIds);
    changed.ifPresent(track -> request.setTrackId(track.id()).setExpectedRevision(track.revision()));
    return call(() -> ContractMapping.track(incidents().saveTrack(request.build())));
  }

  /** Deletes a track as read (its bookmarks stay). A 10 s deadline. */
  public void deleteTrack(Track track) {
    call(() -> incidents().deleteTrack(DeleteTrackRequest.newBuilder()
        .setIncidentId(track.incidentId()).setTrackId(track.id()).setExpectedRevision(track.revision()).build()));
  }

  /** The footage requests filed under {@code caseNumber}, newest first (at most 1,000). A 10 s deadline. */
  public List<RequestedFootage> footageRequests(String caseNumber) {
    return call(() -> ConsentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listFootageRequests(ListFootageRequestsRequest.newBuilder().setCaseNumber(caseNumber).setPageSize(1000).build()))
        .getRequestsList().stream().map(ContractMapping::requestedFootage).toList();
  }

  private IncidentServiceGrpc.IncidentServiceBlockingStub incidents() {
    return IncidentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static com.google.protobuf.Duration duration(Duration duration) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
  }

  /**
   * Asks for a playback ticket for a camera's recording between {@code start} and {@code end} (or
   * for the owner-shared clip {@code clipId}, when not empty); the broker checks consent (private
   * cameras only through clips their owners shared) and audits the answer. A 10 s deadline.
   *
   * @throws BrokerRefusal with the broker's reason (no recording in the window, no shared clip, too long)
   */
  public PlaybackTicket openPlayback(String cameraId, String clipId, Instant start, Instant end, ViewPurpose purpose, StreamSize size) {
    OpenPlaybackRequest request = OpenPlaybackRequest.newBuilder()
        .setCameraId(cameraId)
        .setClipId(clipId)
        .setStart(timestamp(start))
        .setEnd(timestamp(end))
        .setPurpose(purpose(purpose))
        .addAcceptedProtocols(StreamProtocol.STREAM_PROTOCOL_FMP4)
        .setPreferredRole(size == StreamSize.SUB ? StreamRole.STREAM_ROLE_SUB : StreamRole.STREAM_ROLE_MAIN)
        .build();
    return call(() -> playbackTicket(streams().openPlayback(request)));
  }

  /** Extends a playback ticket (same URL), as {@link #renewTicket} does a live one. A 10 s deadline. */
  public PlaybackTicket renewPlayback(PlaybackTicket current) {
    try {
      return playbackTicket(streams().renewTicket(RenewTicketRequest.newBuilder().setSessionId(current.sessionId()).build()));
    } catch (StatusRuntimeException e) {
      throw renewalEnd(current.sessionId(), current.cameraId(), e.getStatus())
          .map(end -> new BrokerRefusal(end, e))
          .orElseGet(() -> refusal(e));
    }
  }

  private static PlaybackTicket playbackTicket(StreamTicket ticket) {
    return new PlaybackTicket(ticket.getSessionId(), ticket.getCameraId(), ticket.getUrl(), ContractMapping.instant(ticket.getPlaybackStart()),
        ContractMapping.instant(ticket.getPlaybackEnd()), ContractMapping.instant(ticket.getRenewAfter()), ContractMapping.instant(ticket.getExpiresAt()));
  }

  /**
   * Extends a ticket (same URL). A 10 s deadline. When the session has ended (consent lapsed at this
   * renewal, or it ended unseen) the refusal's {@link BrokerRefusal#sessionEnd()} says why.
   */
  public LiveTicket renewTicket(LiveTicket current) {
    try {
      return liveTicket(streams().renewTicket(RenewTicketRequest.newBuilder().setSessionId(current.sessionId()).build()));
    } catch (StatusRuntimeException e) {
      throw renewalEnd(current.sessionId(), current.cameraId(), e.getStatus())
          .map(end -> new BrokerRefusal(end, e))
          .orElseGet(() -> refusal(e));
    }
  }

  /**
   * How a refused renewal ended the session: PERMISSION_DENIED on consent ("consent: ...") ends it now
   * (the contract terminates it with the matching reason); FAILED_PRECONDITION names how it ended before.
   */
  private static Optional<SessionEnd> renewalEnd(String sessionId, String cameraId, Status status) {
    String message = Objects.requireNonNullElse(status.getDescription(), "");
    if (status.getCode() == Status.Code.PERMISSION_DENIED && message.startsWith("consent:")) {
      return Optional.of(new SessionEnd(sessionId, cameraId, SessionEnd.Cause.CONSENT_ENDED, message));
    }
    Matcher terminated = TERMINATED.matcher(message);
    if (status.getCode() != Status.Code.FAILED_PRECONDITION || !terminated.matches()) {
      return Optional.empty();
    }
    // Reasons outside the enum (a broker restart) are left to the generic handling: open a new view.
    return Arrays.stream(TerminationReason.values())
        .filter(reason -> reason.name().equals("TERMINATION_REASON_" + terminated.group(1)))
        .findFirst()
        .map(reason -> new SessionEnd(sessionId, cameraId, cause(reason), endMessage(cause(reason))));
  }

  /** What a tile shows for a session that ended while it was not listening. */
  private static String endMessage(SessionEnd.Cause cause) {
    return switch (cause) {
      case CONSENT_ENDED -> "The owner stopped sharing this camera.";
      case TICKET_EXPIRED -> "The ticket expired before it was renewed.";
      case CAMERA_OFFLINE -> "The camera went offline.";
      case CAMERA_REMOVED -> "The camera was removed from the directory.";
      case CLOSED -> "The view was closed elsewhere.";
    };
  }

  /** Ends a session (its URL stops validating); audited by the broker. A 10 s deadline. */
  public void closeSession(String sessionId) {
    call(() -> streams().closeSession(CloseSessionRequest.newBuilder().setSessionId(sessionId).build()));
  }

  /**
   * Follows this user's viewing sessions until {@link #close()}: terminations as they happen, and
   * after every (re)connect the list of sessions still open. A broken stream is retried with backoff.
   */
  public void watchSessions(SessionListener listener) {
    AtomicReference<Context.CancellableContext> current = new AtomicReference<>();
    feeds.add(() -> Optional.ofNullable(current.get()).ifPresent(context -> context.cancel(null)));
    watchSessions(listener, current, Reconnection.FIRST);
  }

  private void watchSessions(SessionListener listener, AtomicReference<Context.CancellableContext> current, Duration backoff) {
    if (closed) {
      return;
    }
    Context.CancellableContext context = Context.current().withCancellation();
    current.set(context);
    context.run(() -> StreamServiceGrpc.newStub(channel).withCallCredentials(credentials)
        .watchSessions(Empty.getDefaultInstance(), new EndlessStream<>() {
          private final Set<String> listed = new HashSet<>();
          private boolean synced;

          @Override
          void next(SessionEvent event) {
            switch (event.getType()) {
              case SESSION_EVENT_TYPE_OPENED -> listed.add(event.getSessionId());
              case SESSION_EVENT_TYPE_SYNCED -> {
                synced = true;
                listener.synced(Set.copyOf(listed));
              }
              case SESSION_EVENT_TYPE_TERMINATED ->
                  listener.ended(new SessionEnd(event.getSessionId(), event.getCameraId(), cause(event.getTerminationReason()), event.getMessage()));
              default -> { }
            }
          }

          @Override
          void ended() {
            if (!closed) {
              reconnection.retry(backoff, synced, next -> watchSessions(listener, current, next));
            }
          }
        }));
  }

  private static SessionEnd.Cause cause(TerminationReason reason) {
    return switch (reason) {
      case TERMINATION_REASON_CONSENT_REVOKED, TERMINATION_REASON_CONSENT_PAUSED, TERMINATION_REASON_SCHEDULE_ENDED,
          TERMINATION_REASON_EMERGENCY_ENDED, TERMINATION_REASON_GRANT_EXPIRED -> SessionEnd.Cause.CONSENT_ENDED;
      case TERMINATION_REASON_TICKET_EXPIRED -> SessionEnd.Cause.TICKET_EXPIRED;
      case TERMINATION_REASON_CAMERA_OFFLINE -> SessionEnd.Cause.CAMERA_OFFLINE;
      case TERMINATION_REASON_CAMERA_REMOVED -> SessionEnd.Cause.CAMERA_REMOVED;
      default -> SessionEnd.Cause.CLOSED;
    };
  }

  /** A fresh stub per call: a deadline counts from its creation. */
  private StreamServiceGrpc.StreamServiceBlockingStub streams() {
    return StreamServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static LiveTicket liveTicket(StreamTicket ticket) {
    return new LiveTicket(ticket.getSessionId(), ticket.getCameraId(), ticket.getUrl(), ticket.getProfileName(),
        ticket.getRole() == StreamRole.STREAM_ROLE_SUB ? StreamSize.SUB : StreamSize.MAIN,
        ContractMapping.instant(ticket.getRenewAfter()), ContractMapping.instant(ticket.getExpiresAt()));
  }

  /** Runs a unary call, turning its failure status into a {@link BrokerRefusal} that says what it means. */
  private <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw refusal(e);
    }
  }

  /** What a failed call's status means for whoever asked. */
  private BrokerRefusal refusal(StatusRuntimeException e) {
    String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription();
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      message += security.hintWhenUnreachable(e);
    }
    BrokerRefusal.Reason reason = switch (e.getStatus().getCode()) {
      case PERMISSION_DENIED, UNAUTHENTICATED -> BrokerRefusal.Reason.NO_PERMISSION;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> BrokerRefusal.Reason.BROKER_UNREACHABLE;
      case ABORTED -> BrokerRefusal.Reason.CHANGED_SINCE_READ;
      case FAILED_PRECONDITION -> message.startsWith("accepted_protocols") ? BrokerRefusal.Reason.UNPLAYABLE_PROTOCOL
          // A session that ended for a reason outside the contract's list (a broker restart): open a new one.
          : message.startsWith("session_id:") ? BrokerRefusal.Reason.REFUSED : BrokerRefusal.Reason.CAMERA_UNAVAILABLE;
      default -> BrokerRefusal.Reason.REFUSED;
    };
    return new BrokerRefusal(reason, message, e);
  }

  /**
   * Asks the owner of a private camera for its footage of a time window: the broker e-mails the
   * owner a single-use link and audits the request. A 10 s deadline; retries with the same
   * {@code idempotencyKey} create nothing new.
   */
  public FootageRequestSent requestFootage(String cameraId, Instant start, Instant end, ViewPurpose purpose, String idempotencyKey) {
    RequestFootageResponse response = call(() -> ConsentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .requestFootage(RequestFootageRequest.newBuilder()
            .addCameraIds(cameraId)
            .setWindowStart(timestamp(start))
            .setWindowEnd(timestamp(end))
            .setPurpose(purpose(purpose))
            .setIdempotencyKey(idempotencyKey)
            .build()));
    FootageRequest request = response.getRequests(0);
    return new FootageRequestSent(request.getId(), request.getOwnerId(), ContractMapping.instant(request.getLinkExpiresAt()));
  }

  private static Purpose purpose(ViewPurpose purpose) {
    return Purpose.newBuilder().setCaseNumber(purpose.caseNumber()).setReason(purpose.reason()).setIncidentId(purpose.incidentId()).build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** The signed-in user with their roles; a 5 s deadline. */
  public UserAccount me() {
    return call(() -> ContractMapping.user(sessions(5).whoAmI(Empty.getDefaultInstance())));
  }

  /**
   * Signs in with user name and password; from then on every call carries the session's token.
   * A 10 s deadline (the broker hashes the password slowly on purpose).
   *
   * @throws BrokerRefusal with the broker's words: wrong credentials, a disabled user, or too many
   *     failed attempts (wait and try again)
   */
  public UserAccount signIn(String username, String password) {
    SignInResponse response = call(() -> SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .signIn(SignInRequest.newBuilder().setUsername(username).setPassword(password).build()));
    credentials.use(response.getSessionToken());
    inSession = true;
    return ContractMapping.user(response.getUser());
  }

  /** Ends the session {@link #signIn} opened (nothing to end for a bearer token); a 3 s deadline. */
  public void signOut() {
    if (inSession) {
      inSession = false;
      call(() -> sessions(3).signOut(Empty.getDefaultInstance()));
    }
  }

  /** Every user, disabled ones too, ordered by user name (all pages). Role: admin. 10 s a page. */
  public List<UserAccount> listUsers() {
    List<UserAccount> users = new ArrayList<>();
    String pageToken = "";
    do {
      String token = pageToken;
      ListUsersResponse page = call(() -> sessions(10).listUsers(
          ListUsersRequest.newBuilder().setIncludeDisabled(true).setPageSize(1000).setPageToken(token).build()));
      page.getUsersList().stream().map(ContractMapping::user).forEach(users::add);
      pageToken = page.getNextPageToken();
    } while (!pageToken.isEmpty());
    return users;
  }

  /**
   * Adds a user who signs in with {@code password}; the broker checks every field and audits the
   * change. Role: admin. A 10 s deadline.
   */
  public UserAccount createUser(String username, String displayName, UserRole role, String organisation, String password) {
    return call(() -> ContractMapping.user(sessions(10).createUser(CreateUserRequest.newBuilder()
        .setUsername(username).setDisplayName(displayName).addRoles(ContractMapping.role(role))
        .setOrganisation(organisation).setPassword(password).build()).getUser()));
  }

  /**
   * Disables a user (their sessions end at once); audited with {@code reason}. Role: admin.
   *
   * @throws BrokerRefusal {@link BrokerRefusal.Reason#CHANGED_SINCE_READ} when {@code user} changed
   *     since it was read (so do the other user changes)
   */
  public UserAccount disableUser(UserAccount user, String reason) {
    return call(() -> ContractMapping.user(sessions(10).disableUser(
        DisableUserRequest.newBuilder().setUserId(user.id()).setReason(reason).setExpectedRevision(user.revision()).build())));
  }

  /** Sets a user's password (their open sessions end); audited, never with the password. Role: admin. */
  public UserAccount resetPassword(UserAccount user, String newPassword) {
    return call(() -> ContractMapping.user(sessions(10).resetPassword(ResetPasswordRequest.newBuilder()
        .setUserId(user.id()).setNewPassword(newPassword).setExpectedRevision(user.revision()).build())));
  }

  /** Changes the given fields of {@code user} as it was read (absent ones stay); audited. Role: admin. */
  public UserAccount updateUser(UserAccount user, Optional<String> displayName, Optional<UserRole> role, Optional<String> organisation) {
    User.Builder changed = User.newBuilder().setId(user.id());
    FieldMask.Builder mask = FieldMask.newBuilder();
    displayName.ifPresent(name -> {
      changed.setDisplayName(name);
      mask.addPaths("display_name");
    });
    role.ifPresent(only -> {
      changed.addRoles(ContractMapping.role(only));
      mask.addPaths("roles");
    });
    organisation.ifPresent(value -> {
      changed.setOrganisation(value);
      mask.addPaths("organisation");
    });
    return call(() -> ContractMapping.user(sessions(10).updateUser(UpdateUserRequest.newBuilder()
        .setUser(changed).setUpdateMask(mask).setExpectedRevision(user.revision()).build())));
  }

  /**
   * The audit rows that match {@code search}, newest first, at most {@code limit} (pages of 1,000,
   * 10 s each). Roles: supervisor, admin.
   */
  public List<AuditRecord> queryAudit(AuditSearch search, int limit) {
    QueryAuditRequest.Builder request = QueryAuditRequest.newBuilder()
        .setUsername(search.username()).setAction(search.action()).setCaseNumber(search.caseNumber())
        .setTarget(search.cameraId().isEmpty() ? "" : "camera:" + search.cameraId())
        .setNewestFirst(true).setPageSize(Math.min(limit, 1000));
    search.from().ifPresent(from -> request.setFrom(timestamp(from)));
    search.to().ifPresent(to -> request.setTo(timestamp(to)));
    List<AuditRecord> rows = new ArrayList<>();
    String pageToken = "";
    do {
      QueryAuditRequest page = request.setPageToken(pageToken).build();
      QueryAuditResponse response = call(() -> AuditServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
          .withDeadlineAfter(10, TimeUnit.SECONDS).queryAudit(page));
      response.getEventsList().stream().limit(limit - rows.size()).map(ContractMapping::auditRecord).forEach(rows::add);
      pageToken = response.getNextPageToken();
    } while (!pageToken.isEmpty() && rows.size() < limit);
    return rows;
  }

  /** Has the broker recompute the whole audit chain; a 60 s deadline (it reads every row). Roles: supervisor, admin. */
  public ChainCheck verifyAudit() {
    AuditVerification check = call(() -> AuditServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(60, TimeUnit.SECONDS).verifyAudit(Empty.getDefaultInstance()));
    return new ChainCheck(check.getIntact(), check.getRowsChecked(), check.getFirstBrokenSequence(), check.getProblem(),
        check.getHeadSequence(), check.getHeadHash(), ContractMapping.instant(check.getVerifiedAt()));
  }

  /** Every map layer, in display order; a 10 s deadline. */
  public List<Layer> listLayers() {
    return call(() -> LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(10, TimeUnit.SECONDS).listLayers(ListLayersRequest.getDefaultInstance())
        .getLayersList().stream().map(ContractMapping::layer).toList());
  }

  /**
   * Imports (or with {@code dryRun} only checks) a camera inventory; the broker reports every
   * record and audits a committed import. Role: admin. A 120 s deadline, as the contract suggests.
   */
  public ImportSummary importCameras(ImportPlan plan, boolean dryRun) {
    ImportReport report = call(() -> LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(120, TimeUnit.SECONDS).withMaxOutboundMessageSize(40 * 1024 * 1024)
        .importCameras(ImportCamerasRequest.newBuilder()
            .setFormat(ImportFormat.valueOf("IMPORT_FORMAT_" + plan.format().name()))
            .setContent(ByteString.copyFrom(plan.content()))
            .setSourceName(plan.sourceName())
            .putAllFieldMapping(plan.fieldMapping())
            .setDefaultKind(ContractMapping.kind(plan.defaultKind()))
            .setTargetLayerId(plan.layerId())
            .setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE)
            .setDryRun(dryRun)
            .build()));
    return ContractMapping.importSummary(report);
  }

  /**
   * Prepares an evidence export (supervisors): the broker checks every window and clip, holds them
   * and answers where to download each; 60 s (it opens a ticket per window).
   */
  public EvidenceExportPlan prepareEvidenceExport(EvidenceExportPlan.Order order) {
    PrepareEvidenceExportRequest.Builder request = PrepareEvidenceExportRequest.newBuilder().setIncidentId(order.incidentId())
        .setPurpose(Purpose.newBuilder().setCaseNumber(order.caseNumber()).setReason(order.reason()).setIncidentId(order.incidentId()))
        .setWorkstation(order.workstation());
    order.windows().forEach(window -> request.addWindows(ExportWindow.newBuilder().setCameraId(window.cameraId())
        .setStart(timestamp(window.start())).setEnd(timestamp(window.end()))));
    order.clips().forEach(clip -> request.addClips(ExportClip.newBuilder().setRequestId(clip.footageRequestId()).setClipId(clip.clipId())));
    org.watchfloor.proto.v1.EvidenceExportPlan plan = call(() -> evidence(60).prepareEvidenceExport(request.build()));
    return new EvidenceExportPlan(plan.getExportId(), plan.getItemsList().stream().map(item -> new EvidenceExportPlan.Item(
        item.getKind() == ExportItemKind.EXPORT_ITEM_KIND_OWNER_SHARED_CLIP, item.getCameraId(), item.getCameraName(),
        ContractMapping.instant(item.getRequestedStart()), ContractMapping.instant(item.getRequestedEnd()), item.getDownloadUrl(),
        item.getClipId(), item.getClipSha256(), item.getClipFileName())).toList(), plan.getTimelinePath(), plan.getTimeline().toByteArray());
  }

  /** Seals a prepared export with its payload's hashes; answers the signed tag files to write. 30 s. */
  public List<EvidenceExportPlan.TagFile> sealEvidenceExport(String exportId, List<EvidenceExportPlan.WrittenFile> files) {
    SealEvidenceExportRequest.Builder request = SealEvidenceExportRequest.newBuilder().setExportId(exportId);
    files.forEach(file -> request.addFiles(ExportedFile.newBuilder().setItemIndex(file.itemIndex()).setPath(file.path())
        .setSha256(file.sha256()).setSize(file.size()).setActualStart(timestamp(file.actualStart())).setActualEnd(timestamp(file.actualEnd()))));
    SealedEvidenceExport sealed = call(() -> evidence(30).sealEvidenceExport(request.build()));
    return sealed.getTagFilesList().stream().map(tag -> new EvidenceExportPlan.TagFile(tag.getPath(), tag.getContent().toByteArray())).toList();
  }

  /** The recorded cameras, camera bookmarks and shared clips of an incident's timeline, for an export's defaults. */
  public ExportSuggestions exportSuggestions(String incidentId) {
    return ExportSuggestions.of(timeline(incidentId));
  }

  /** A fresh stub per call: a deadline counts from its creation. */
  private EvidenceExportServiceGrpc.EvidenceExportServiceBlockingStub evidence(int deadlineSeconds) {
    return EvidenceExportServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  /** A fresh stub per call: a deadline counts from its creation. */
  private SessionServiceGrpc.SessionServiceBlockingStub sessions(int deadlineSeconds) {
    return SessionServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials)
        .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    closed = true;
    for (AutoCloseable feed : feeds) {
      try {
        feed.close();
      } catch (Exception e) {
        // closing: nothing left to tell anyone
      }
    }
    retries.shutdownNow();
    channel.shutdownNow();
  }
}
