package org.watchfloor.server.audit;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.AuditAnchor;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.AuditVerification;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.QueryAuditResponse;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.rpc.Paging;
import org.watchfloor.server.rpc.Rpc;
import org.watchfloor.server.store.AnchorStore;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;
import org.watchfloor.server.store.ProtoTime;

/** gRPC edge of {@link AuditLog}: query and verify, for supervisors and admins. */
public final class AuditService extends AuditServiceGrpc.AuditServiceImplBase {

  private final AuditLog audit;
  private final AuditAnchors anchors;

  public AuditService(AuditLog audit, AuditAnchors anchors) {
    this.audit = audit;
    this.anchors = anchors;
  }

  @Override
  public void publishAuditAnchor(Empty request, StreamObserver<AuditAnchor> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
          AnchorStore.StoredAnchor anchor = anchors.publish(AuditAnchors.Occasion.ON_DEMAND);
          return AuditAnchor.newBuilder()
              .setSequence(anchor.sequence())
              .setHeadHash(anchor.headHash())
              .setAnchoredAt(ProtoTime.toTimestamp(anchor.anchoredAt()))
              .setOccasion(anchor.occasion())
              .setSignature(anchor.signature())
              .build();
        });
  }

  @Override
  public void queryAudit(QueryAuditRequest request, StreamObserver<QueryAuditResponse> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
          int size = Paging.pageSize("page_size", request.getPageSize(), 100, 1000);
          long after =
              Paging.decodeLong(
                  "page_token", request.getPageToken(), request.getNewestFirst() ? Long.MAX_VALUE : 0);
          Optional<java.time.Instant> from =
              request.hasFrom() ? Optional.of(ProtoTime.toInstant(request.getFrom())) : Optional.empty();
          Optional<java.time.Instant> to =
              request.hasTo() ? Optional.of(ProtoTime.toInstant(request.getTo())) : Optional.empty();
          if (request.getUsername().length() > 200) {
            throw Rejection.invalid("username", "at most 200 characters");
          }
          if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw Rejection.invalid("to", "must be after from");
          }
          List<AuditRow> rows =
              audit.query(
                  new AuditFilter(
                      request.getUserId(),
                      request.getUsername(),
                      request.getAction(),
                      request.getTarget(),
                      request.getCaseNumber(),
                      from,
                      to),
                  after,
                  request.getNewestFirst(),
                  size + 1);
          QueryAuditResponse.Builder response = QueryAuditResponse.newBuilder();
          rows.stream().limit(size).map(AuditService::toProto).forEach(response::addEvents);
          if (rows.size() > size) {
            response.setNextPageToken(Paging.encode(Long.toString(rows.get(size - 1).sequence())));
          }
          return response.build();
        });
  }

  @Override
  public void verifyAudit(Empty request, StreamObserver<AuditVerification> observer) {
    Rpc.unary(
        observer,
        () -> {
          AuthInterceptor.caller().requireAnyRole(Role.ROLE_SUPERVISOR, Role.ROLE_ADMIN);
          AuditLog.Verification verification = audit.verify();
          return AuditVerification.newBuilder()
              .setIntact(verification.intact())
              .setRowsChecked(verification.rowsChecked())
              .setFirstBrokenSequence(verification.firstBrokenSequence())
              .setProblem(verification.problem())
              .setHeadSequence(verification.headSequence())
              .setHeadHash(verification.headHash())
              .setVerifiedAt(ProtoTime.toTimestamp(verification.verifiedAt()))
              .build();
        });
  }

  /** The row an AuditEvent carries, as the chain hashes it (what verify-audit reads back). */
  static AuditRow fromProto(AuditEvent event) {
    return new AuditRow(
        event.getSequence(),
        ProtoTime.toInstant(event.getAt()),
        event.getUserId(),
        event.getUsername(),
        event.getAction(),
        event.getTarget(),
        event.getPurpose().getCaseNumber(),
        event.getPurpose().getReason(),
        event.getPurpose().getIncidentId(),
        event.getDetail(),
        event.getPreviousHash(),
        event.getHash());
  }

  static AuditEvent toProto(AuditRow row) {
    return AuditEvent.newBuilder()
        .setSequence(row.sequence())
        .setAt(ProtoTime.toTimestamp(row.at()))
        .setUserId(row.userId())
        .setUsername(row.username())
        .setAction(row.action())
        .setTarget(row.target())
        .setPurpose(
            Purpose.newBuilder()
                .setCaseNumber(row.caseNumber())
                .setReason(row.reason())
                .setIncidentId(row.incidentId()))
        .setDetail(row.detail())
        .setPreviousHash(row.previousHash())
        .setHash(row.hash())
        .build();
  }
}
