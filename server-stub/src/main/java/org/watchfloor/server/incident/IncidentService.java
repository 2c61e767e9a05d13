package org.watchfloor.server.incident;

import io.grpc.stub.StreamObserver;
import com.google.protobuf.Empty;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.AddBookmarkRequest;
import org.watchfloor.proto.v1.DeleteTrackRequest;
import org.watchfloor.proto.v1.GetIncidentRequest;
import org.watchfloor.proto.v1.GetTimelineRequest;
import org.watchfloor.proto.v1.HotlistHitEvent;
import org.watchfloor.proto.v1.HotlistHitRemoved;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentEvent;
import org.watchfloor.proto.v1.IncidentRemoved;
import org.watchfloor.proto.v1.IncidentServiceGrpc;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.ListIncidentsRequest;
import org.watchfloor.proto.v1.ListIncidentsResponse;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SaveTrackRequest;
import org.watchfloor.proto.v1.SearchLprHitsRequest;
import org.watchfloor.proto.v1.SearchLprHitsResponse;
import org.watchfloor.proto.v1.Timeline;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.Track;
import org.watchfloor.proto.v1.WatchHotlistHitsRequest;
import org.watchfloor.proto.v1.WatchIncidentsRequest;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.camera.CameraValidation;
import org.watchfloor.server.change.WatchStream;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;

/** gRPC edge of {@link IncidentBoard}: incidents, timelines and plate searches for analysts and supervisors. */
public final class IncidentService extends IncidentServiceGrpc.IncidentServiceImplBase {

  private static final Role[] INVESTIGATORS = {Role.ROLE_ANALYST, Role.ROLE_SUPERVISOR};
  private static final Duration DEFAULT_ROLL = Duration.ofSeconds(10);

  static final WatchStream.Events<Incident, IncidentEvent> EVENTS =
      WatchStream.events(
          (revision, item) -> IncidentEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> IncidentEvent.newBuilder().setRevision(revision).setRemoved(IncidentRemoved.newBuilder().setIncidentId(id)).build(),
          (revision, synced) -> IncidentEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> IncidentEvent.newBuilder().setRevision(revision).setReset(reset).build());

  static final WatchStream.Events<LprHit, HotlistHitEvent> HIT_EVENTS =
      WatchStream.events(
          (revision, item) -> HotlistHitEvent.newBuilder().setRevision(revision).setUpserted(item).build(),
          (revision, id) -> HotlistHitEvent.newBuilder().setRevision(revision).setRemoved(HotlistHitRemoved.newBuilder().setHitId(id)).build(),
          (revision, synced) -> HotlistHitEvent.newBuilder().setRevision(revision).setSynced(synced).build(),
          (revision, reset) -> HotlistHitEvent.newBuilder().setRevision(revision).setReset(reset).build());

  private final IncidentBoard incidents;

  public IncidentService(IncidentBoard incidents) {
    this.incidents = incidents;
  }

  @Override
  public void listIncidents(ListIncidentsRequest request, StreamObserver<ListIncidentsResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          investigator();
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          int offset = (int) Paging.decodeLong("page_token", request.getPageToken(), 0);
          if (request.hasBbox()) {
            CameraValidation.requireValid(request.getBbox(), "bbox");
          }
          long revision = incidents.head();
          List<Incident> all =
              incidents.list(request.getStatus(), request.hasBbox() ? Optional.of(request.getBbox()) : Optional.empty());
          ListIncidentsResponse.Builder response =
              ListIncidentsResponse.newBuilder().setRevision(revision).addAllIncidents(all.stream().skip(offset).limit(size).toList());
          if (all.size() > offset + size) {
            response.setNextPageToken(Paging.encode(Integer.toString(offset + size)));
          }
          return response.build();
        });
  }

  @Override
  public void watchIncidents(WatchIncidentsRequest request, StreamObserver<IncidentEvent> observer) {
    IncidentStatus status = request.getStatus();
    WatchStream.serve(observer, () -> {
      investigator();
      return incident -> status == IncidentStatus.INCIDENT_STATUS_UNSPECIFIED || incident.getStatus() == status;
    }, incidents, EVENTS, request.getResumeAfterRevision());
  }

  @Override
  public void watchHotlistHits(WatchHotlistHitsRequest request, StreamObserver<HotlistHitEvent> observer) {
    WatchStream.serve(observer, () -> {
      investigator();
      return hit -> true;
    }, incidents.hotlistHits(), HIT_EVENTS, request.getResumeAfterRevision());
  }

  @Override
  public void getIncident(GetIncidentRequest request, StreamObserver<Incident> observer) {
    Rpc.unary(
        observer,
        () -> {
          investigator();
          return incidents.get(request.getIncidentId())
              .orElseThrow(() -> Rejection.notFound("no incident with id '" + request.getIncidentId() + "'"));
        });
  }

  @Override
  public void addBookmark(AddBookmarkRequest request, StreamObserver<TimelineEvent> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = investigator();
          if (!request.hasAt()) {
            throw Rejection.invalid("at", "required: the moment bookmarked");
          }
          return incidents.addBookmark(caller.actor(), request.getIncidentId(), ProtoTime.toInstant(request.getAt()), request.getCameraId(),
              request.getNote(), roll(request.hasPreRoll(), request.getPreRoll()), roll(request.hasPostRoll(), request.getPostRoll()));
        });
  }

  /** A bookmark's pre- or post-roll: 10 s when absent. */
  private static Duration roll(boolean given, com.google.protobuf.Duration roll) {
    return given ? Duration.ofSeconds(roll.getSeconds(), roll.getNanos()) : DEFAULT_ROLL;
  }

  @Override
  public void saveTrack(SaveTrackRequest request, StreamObserver<Track> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = investigator();
          if (!request.getTrackId().isEmpty()) {
            Rejection.requireBaseRevision("track", request.getExpectedRevision());
          }
          return incidents.saveTrack(caller.actor(), request.getIncidentId(), request.getTrackId(), request.getName(),
              request.getBookmarkIdsList(), request.getExpectedRevision());
        });
  }

  @Override
  public void deleteTrack(DeleteTrackRequest request, StreamObserver<Empty> observer) {
    Rpc.unary(
        observer,
        () -> {
          investigator();
          Rejection.requireBaseRevision("track", request.getExpectedRevision());
          incidents.deleteTrack(request.getIncidentId(), request.getTrackId(), request.getExpectedRevision());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void getTimeline(GetTimelineRequest request, StreamObserver<Timeline> observer) {
    Rpc.unary(
        observer,
        () -> {
          investigator();
          if (!(request.getRadiusMeters() >= 0 && request.getRadiusMeters() <= 5000)) {
            throw Rejection.invalid("radius_meters", "must be 0 (500 m) or up to 5000, got " + request.getRadiusMeters());
          }
          return incidents.timeline(
              request.getIncidentId(),
              request.getRadiusMeters(),
              request.hasWindowStart() ? Optional.of(ProtoTime.toInstant(request.getWindowStart())) : Optional.empty(),
              request.hasWindowEnd() ? Optional.of(ProtoTime.toInstant(request.getWindowEnd())) : Optional.empty());
        });
  }

  @Override
  public void searchLprHits(SearchLprHitsRequest request, StreamObserver<SearchLprHitsResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          Caller caller = investigator();
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          if (!request.hasWindowStart() || !request.hasWindowEnd()) {
            throw Rejection.invalid("window_start", "a plate search needs a time window (window_start and window_end)");
          }
          if (request.hasBbox()) {
            CameraValidation.requireValid(request.getBbox(), "bbox");
          }
          List<TimelineEvent> reads =
              incidents.searchPlates(
                  caller.actor(),
                  request.getPlate(),
                  ProtoTime.toInstant(request.getWindowStart()),
                  ProtoTime.toInstant(request.getWindowEnd()),
                  request.hasBbox() ? Optional.of(request.getBbox()) : Optional.empty(),
                  new HashSet<>(request.getCameraIdsList()),
                  request.getPurpose().getCaseNumber(),
                  request.getPurpose().getReason(),
                  size);
          SearchLprHitsResponse.Builder response = SearchLprHitsResponse.newBuilder();
          reads.forEach(read -> response.addHits(read.getLprHit()));
          return response.build();
        });
  }

  private static Caller investigator() {
    Caller caller = AuthInterceptor.caller();
    caller.requireAnyRole(INVESTIGATORS);
    return caller;
  }
}
