package org.watchfloor.client.net;

import java.time.Instant;

/** One row of the broker's audit log, as a supervisor reads it. */
public record AuditRecord(
    long sequence,
    Instant at,
    String userId,
    String username,
    String action,
    String target,
    String caseNumber,
    String reason,
    String detail,
    String hash) {}
