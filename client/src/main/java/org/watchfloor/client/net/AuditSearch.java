package org.watchfloor.client.net;

import java.time.Instant;
import java.util.Optional;

/**
 * What to look for in the audit log; empty text and absent times match everything. A camera id
 * looks for rows whose target is that camera.
 */
public record AuditSearch(
    String username, String action, String cameraId, String caseNumber, Optional<Instant> from, Optional<Instant> to) {}
