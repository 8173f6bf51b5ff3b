package dev.berth.engine.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An environment that tracks a git branch (GitOps), and where its sync stands.
 *
 * <p>Invariants: {@code syncedCommit} is only ever a commit whose spec was applied (a failed sync
 * never moves it); {@code observedCommit} is the branch head seen last, which may differ from it
 * ({@link SyncState#OUT_OF_SYNC} or {@link SyncState#FAILED}).
 *
 * @param key project and environment
 * @param url the repository URL as given (credentials are never stored in it: see GitUrls)
 * @param branch the branch tracked
 * @param path the spec's path in the repository ({@code deploy/berth.yaml})
 * @param autoSync apply a new commit at once; else mark the environment out of sync
 * @param interval how often the branch is looked at (a webhook looks at once)
 * @param cloneOf for a preview environment, the environment whose overrides it uses; else empty
 * @param previews whether pull requests against this branch create preview environments cloned from
 *     this one
 * @param state where the sync stands
 * @param observedCommit the branch head seen last, or empty
 * @param syncedCommit the commit applied last, or empty
 * @param syncedMessage that commit's message (first line), or empty
 * @param plan for an environment out of sync, the changes applying the head would make, one per
 *     line; else empty
 * @param error why the last sync failed, or empty
 * @param checkedAt when the branch was last looked at, or null
 */
public record GitSourceRecord(
    EnvironmentKey key,
    String url,
    String branch,
    String path,
    boolean autoSync,
    Duration interval,
    String cloneOf,
    boolean previews,
    SyncState state,
    String observedCommit,
    String syncedCommit,
    String syncedMessage,
    String plan,
    String error,
    Instant checkedAt) {

  /** How often a branch is looked at when nothing else is said (as Argo CD: a few minutes). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  public GitSourceRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(url, "url");
    branch = branch == null || branch.isBlank() ? "main" : branch;
    path = path == null || path.isBlank() ? "berth.yaml" : path;
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    cloneOf = cloneOf == null ? "" : cloneOf;
    state = state == null ? SyncState.PENDING : state;
    observedCommit = observedCommit == null ? "" : observedCommit;
    syncedCommit = syncedCommit == null ? "" : syncedCommit;
    syncedMessage = syncedMessage == null ? "" : syncedMessage;
    plan = plan == null ? "" : plan;
    error = error == null ? "" : error;
  }

  /** A newly tracked source: nothing seen, nothing synced. */
  public static GitSourceRecord tracking(
      EnvironmentKey key,
      String url,
      String branch,
      String path,
      boolean autoSync,
      Duration interval,
      String cloneOf,
      boolean previews) {
    return new GitSourceRecord(
        key,
        url,
        branch,
        path,
        autoSync,
        interval,
        cloneOf,
        previews,
        SyncState.PENDING,
        "",
        "",
        "",
        "",
        "",
        null);
  }

  /** The same source after a look at {@code at}. */
  public GitSourceRecord looked(
      SyncState s,
      String observed,
      String synced,
      String message,
      String plan,
      String error,
      Instant at) {
    return new GitSourceRecord(
        key, url, branch, path, autoSync, interval, cloneOf, previews, s, observed, synced, message,
        plan, error, at);
  }
}
