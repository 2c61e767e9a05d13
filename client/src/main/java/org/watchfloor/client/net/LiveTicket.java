package org.watchfloor.client.net;

import java.time.Instant;

/** Permission to play one camera live: the signed URL and until when it holds without renewal. */
public record LiveTicket(String sessionId, String cameraId, String url, String profile, Instant expiresAt) {}
