package org.watchfloor.server.rpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.watchfloor.proto.v1.AuditEvent;
import org.watchfloor.proto.v1.AuditServiceGrpc;
import org.watchfloor.proto.v1.QueryAuditRequest;
import org.watchfloor.proto.v1.QueryAuditResponse;

/**
 * Reads a broker's audit rows from the outside, as a supervisor would: QueryAudit over a channel of
 * its own, signed in with a bearer token, oldest row first (what verify-audit recomputes the chain from).
 */
public final class AuditRowReader {

  /** Rows per QueryAudit call (the most it gives). */
  private static final int PAGE = 1000;

  private AuditRowReader() {}

  /** Hands every row from 1 to at least {@code through} (or the log's end) to {@code sink}, in sequence order. */
  public static void readThrough(String target, boolean tls, String token, long through, Consumer<AuditEvent> sink) {
    ManagedChannel channel = Grpc.newChannelBuilder(target, tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create()).build();
    try {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      AuditServiceGrpc.AuditServiceBlockingStub audit =
          AuditServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      String pageToken = "";
      long last = 0;
      do {
        QueryAuditResponse page = audit.withDeadlineAfter(60, TimeUnit.SECONDS)
            .queryAudit(QueryAuditRequest.newBuilder().setPageSize(PAGE).setPageToken(pageToken).build());
        for (AuditEvent event : page.getEventsList()) {
          sink.accept(event);
          last = event.getSequence();
        }
        pageToken = page.getNextPageToken();
      } while (!pageToken.isEmpty() && last < through);
    } finally {
      channel.shutdownNow();
    }
  }
}
