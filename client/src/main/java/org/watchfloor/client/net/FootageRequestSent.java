package org.watchfloor.client.net;

import java.time.Instant;

/** A footage request the broker accepted: its id, and until when the owner's link works. */
public record FootageRequestSent(String requestId, String ownerId, Instant linkExpiresAt) {}
