package org.watchfloor.server.retention;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.LiftEvidenceHoldRequest;
import org.watchfloor.proto.v1.ListEvidenceHoldsRequest;
import org.watchfloor.proto.v1.ListEvidenceHoldsResponse;
import org.watchfloor.proto.v1.PlaceEvidenceHoldRequest;
import org.watchfloor.proto.v1.RetentionClassPreview;
import org.watchfloor.proto.v1.RetentionPreview;
import org.watchfloor.proto.v1.RetentionServiceGrpc;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.ProtoTime;

/** gRPC edge of evidence holds and the retention preview. */
public final class RetentionService extends RetentionServiceGrpc.RetentionServiceImplBase {

  private final EvidenceHolds holds;
  private final RetentionPurge purge;

  public RetentionService(EvidenceHolds holds, RetentionPurge purge) {
    this.holds = holds;
    this.purge = purge;
  }

  @Override
  public void placeEvidenceHold(PlaceEvidenceHoldRequest request, StreamObserver<EvidenceHold> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_SUPERVISOR);
      return holds.place(caller.actor(), request);
    });
  }

  @Override
  public void liftEvidenceHold(LiftEvidenceHoldRequest request, StreamObserver<EvidenceHold> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_SUPERVISOR);
      return holds.lift(caller.actor(), request.getHoldId(), request.getReason());
    });
  }

  @Override
  public void listEvidenceHolds(ListEvidenceHoldsRequest request, StreamObserver<ListEvidenceHoldsResponse> observer) {
    Rpc.unary(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
      return ListEvidenceHoldsResponse.newBuilder().addAllHolds(holds.list(request.getIncludeLifted())).build();
    });
  }

  @Override
  public void previewRetention(Empty request, StreamObserver<RetentionPreview> observer) {
    Rpc.unary(observer, () -> {
      AuthInterceptor.caller().requireAnyRole(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
      Instant next = purge.nextRunAt();
      RetentionPreview.Builder preview = RetentionPreview.newBuilder()
          .setEvaluatedAt(ProtoTime.toTimestamp(next))
          .setNextRunAt(ProtoTime.toTimestamp(next))
          .setActiveHolds(holds.list(false).size());
      for (RetentionPurge.ClassOutcome outcome : purge.preview(next)) {
        preview.addClasses(RetentionClassPreview.newBuilder()
            .setDataClass(outcome.dataClass().key())
            .setDays(outcome.days())
            .setCutoff(ProtoTime.toTimestamp(outcome.cutoff()))
            .setWouldRemove(outcome.removed())
            .setHeld(outcome.held())
            .setNote(outcome.note()));
      }
      return preview.build();
    });
  }
}
