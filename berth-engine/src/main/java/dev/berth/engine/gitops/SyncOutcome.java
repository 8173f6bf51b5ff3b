package dev.berth.engine.gitops;

import dev.berth.engine.store.GitSourceRecord;

/**
 * What one look at a tracked branch did.
 *
 * @param source the source as stored after the look
 * @param release the release the sync made ({@code v4}), or empty when none was made
 */
public record SyncOutcome(GitSourceRecord source, String release) {}
