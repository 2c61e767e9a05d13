package org.watchfloor.client.net;

import java.time.Instant;

/**
 * The broker's recomputation of the audit log's hash chain: intact, or the first row that is not
 * what it was, and why.
 */
public record ChainCheck(
    boolean intact, long rowsChecked, long firstBrokenSequence, String problem, long headSequence, String headHash, Instant verifiedAt) {}
