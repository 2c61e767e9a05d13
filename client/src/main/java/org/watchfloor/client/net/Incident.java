package org.watchfloor.client.net;

import java.time.Instant;

/** An incident from CAD as the map shows it. */
public record Incident(
    String id, String cadNumber, String type, boolean emergency, String priority, double latitude, double longitude,
    String address, String summary, boolean open, Instant openedAt) {}
