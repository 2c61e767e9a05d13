package org.watchfloor.server.evidence;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import org.watchfloor.proto.v1.EvidenceExportPlan;
import org.watchfloor.proto.v1.EvidenceExportServiceGrpc;
import org.watchfloor.proto.v1.ExportPublicKey;
import org.watchfloor.proto.v1.PrepareEvidenceExportRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.SealEvidenceExportRequest;
import org.watchfloor.proto.v1.SealedEvidenceExport;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.Caller;
import org.watchfloor.server.rpc.Rpc;

/** gRPC edge of evidence export: supervisors only, the public key for anyone signed in. */
public final class EvidenceExportService extends EvidenceExportServiceGrpc.EvidenceExportServiceImplBase {

  private final EvidenceExports exports;

  public EvidenceExportService(EvidenceExports exports) {
    this.exports = exports;
  }

  @Override
  public void prepareEvidenceExport(PrepareEvidenceExportRequest request, StreamObserver<EvidenceExportPlan> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_SUPERVISOR);
      return exports.prepare(caller.actor(), request);
    });
  }

  @Override
  public void sealEvidenceExport(SealEvidenceExportRequest request, StreamObserver<SealedEvidenceExport> observer) {
    Rpc.unary(observer, () -> {
      Caller caller = AuthInterceptor.caller();
      caller.requireAnyRole(Role.ROLE_SUPERVISOR);
      return exports.seal(caller.actor(), request.getExportId(), request.getFilesList());
    });
  }

  @Override
  public void getExportPublicKey(Empty request, StreamObserver<ExportPublicKey> observer) {
    Rpc.unary(observer, () -> {
      AuthInterceptor.caller();
      return ExportPublicKey.newBuilder().setAlgorithm(BagLayout.SIGNATURE_ALGORITHM).setPublicKey(exports.key().publicKey())
          .setFingerprint(exports.key().fingerprint()).setPem(exports.key().pem()).build();
    });
  }
}
