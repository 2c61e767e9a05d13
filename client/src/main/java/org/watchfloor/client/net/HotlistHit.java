package org.watchfloor.client.net;

import java.time.Instant;

/**
 * A plate read that matched a hotlist: which reader (camera id) read which plate when, the vehicle
 * as the reader describes it, the hotlist, and the case its entry was filed under (may be empty).
 */
public record HotlistHit(
    String id, String plate, String plateRegion, String readerId, Instant at, String vehicleDescription, String hotlist, String caseNumber) {}
