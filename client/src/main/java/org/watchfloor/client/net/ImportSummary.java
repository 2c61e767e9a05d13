package org.watchfloor.client.net;

import java.util.List;

/** A whole import's report: counts over every record and the records themselves (the first 10,000). */
public record ImportSummary(
    boolean dryRun, int read, int created, int updated, int unchanged, int rejected, int warnings,
    List<ImportedRecord> records, boolean truncated) {}
