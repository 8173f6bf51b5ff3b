package dev.berth.engine.gitops;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecClones;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.Change;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.GitUrls;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.SyncState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One look at a tracked branch (GitOps): read its head; when it moved, check the spec out at that
 * commit, validate it and apply it through {@link ApplyService} (autoSync, or asked for), else plan
 * it and mark the environment {@link SyncState#OUT_OF_SYNC}.
 *
 * <p>Invariants: a failure at any step (repository unreachable, branch gone, spec invalid, apply
 * refused) is an event ({@code SyncFailed}) and the state {@link SyncState#FAILED}, never an
 * exception out of {@link #sync}, and it changes nothing that runs: the apply either did not start
 * or was refused whole. A commit that failed is not tried again until the branch moves or a sync is
 * asked for (no event every minute for the same broken commit). Looks at one environment never
 * overlap. The release records the commit id and message ({@link ReleaseSource.Kind#GIT}).
 */
public final class SyncService {
  /** Who syncs, as releases and the audit log record it. */
  public static final Actor GITOPS = new Actor("gitops", "");

  private final Store store;
  private final GitRepository git;
  private final ApplyService apply;
  private final EventBus bus;
  private final Clock clock;
  private final Map<EnvironmentKey, Object> locks = new ConcurrentHashMap<>();

  public SyncService(
      Store store, GitRepository git, ApplyService apply, EventBus bus, Clock clock) {
    this.store = store;
    this.git = git;
    this.apply = apply;
    this.bus = bus;
    this.clock = clock;
  }

  /**
   * Looks at the branch of {@code key} now.
   *
   * @param force apply the head even without autoSync, and retry a commit that failed
   * @return the source as stored after the look, or empty when {@code key} is not tracked
   */
  public java.util.Optional<SyncOutcome> sync(EnvironmentKey key, boolean force) {
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      return store.read(tx -> tx.gitSources().get(key)).map(src -> look(src, force));
    }
  }

  private SyncOutcome look(GitSourceRecord src, boolean force) {
    Instant now = clock.instant();
    GitRepository.Head head;
    try {
      head = git.head(src.url(), src.branch());
    } catch (RuntimeException e) {
      return failed(
          src,
          src.observedCommit(),
          "cannot read branch " + src.branch() + ": " + e.getMessage(),
          now);
    }
    String commit = head.commit();
    if (commit.equals(src.syncedCommit()) && !force) {
      return store(
          src,
          SyncState.SYNCED,
          commit,
          src.syncedCommit(),
          src.syncedMessage(),
          "",
          "",
          now,
          null);
    }
    boolean retry = force || !commit.equals(src.observedCommit());
    if (!retry && (src.state() == SyncState.FAILED || src.state() == SyncState.OUT_OF_SYNC)) {
      return store(
          src,
          src.state(),
          commit,
          src.syncedCommit(),
          src.syncedMessage(),
          src.plan(),
          src.error(),
          now,
          null);
    }
    String at = "commit " + shortId(commit) + " of " + src.branch();
    try {
      ApplyRequest request = request(src, head);
      if (src.autoSync() || force) {
        ApplyResult r = apply.apply(request);
        String what =
            r.changed() ? "applied as " + r.release() : "no changes, " + r.release() + " stays";
        emit(src.key(), "Synced", at + " (" + head.message() + "): " + what, now);
        return store(
            src,
            SyncState.SYNCED,
            commit,
            commit,
            head.message(),
            "",
            "",
            now,
            r.changed() ? r.release() : "");
      }
      ApplyResult plan = apply.plan(request);
      String changes = Change.summary(plan.changes());
      emit(
          src.key(),
          "OutOfSync",
          at
              + " ("
              + head.message()
              + ") is not applied (autoSync is off): "
              + (changes.isEmpty() ? "no service changes" : changes)
              + "; berth env sync "
              + src.key().environment()
              + " applies it",
          now);
      return store(
          src,
          SyncState.OUT_OF_SYNC,
          commit,
          src.syncedCommit(),
          src.syncedMessage(),
          changes,
          "",
          now,
          null);
    } catch (AppException e) {
      return failed(src, commit, at + ": " + describe(e), now);
    } catch (RuntimeException e) {
      return failed(src, commit, at + ": " + GitUrls.redacted(String.valueOf(e.getMessage())), now);
    }
  }

  /** The apply request of a commit: its spec validated first, so problems name file:line in it. */
  private ApplyRequest request(GitSourceRecord src, GitRepository.Head head) {
    AppCode.GitCode code = git.checkout(src.url(), head.commit(), src.path());
    ProjectSpec spec;
    try {
      spec = SpecParser.parse(new SpecSource(src.path(), code.spec(), code.procfile()));
    } catch (SpecException e) {
      throw new AppException(
          AppException.Kind.INVALID, "invalid_spec", e.getMessage(), e.problems());
    }
    if (!spec.project().equals(src.key().project())) {
      throw new AppException(
          AppException.Kind.INVALID,
          "wrong_project",
          src.path()
              + " declares project '"
              + spec.project()
              + "', but the environment tracking it belongs to project '"
              + src.key().project()
              + "': track it under --project "
              + spec.project());
    }
    String yaml = code.spec();
    if (!src.cloneOf().isEmpty()) {
      try {
        yaml = SpecClones.withEnvironment(yaml, src.cloneOf(), src.key().environment());
      } catch (IllegalArgumentException e) {
        throw new AppException(
            AppException.Kind.INVALID, "invalid_clone", src.path() + ": " + e.getMessage());
      }
    }
    String url = GitUrls.redacted(src.url());
    return new ApplyRequest(
        src.path(),
        yaml,
        code.procfile(),
        url,
        src.key().environment(),
        GITOPS,
        head.message(),
        code.artifact().digest(),
        new ReleaseSource(
            ReleaseSource.Kind.GIT, url, src.branch(), head.commit(), code.artifact().digest(), 0));
  }

  private SyncOutcome failed(GitSourceRecord src, String observed, String why, Instant now) {
    emit(src.key(), "SyncFailed", why + "; the running release is unchanged", now);
    return store(
        src,
        SyncState.FAILED,
        observed,
        src.syncedCommit(),
        src.syncedMessage(),
        "",
        why,
        now,
        null);
  }

  private SyncOutcome store(
      GitSourceRecord src,
      SyncState s,
      String observed,
      String synced,
      String message,
      String plan,
      String error,
      Instant now,
      String release) {
    GitSourceRecord next = src.looked(s, observed, synced, message, plan, error, now);
    // written only if still tracked: an untrack racing this look wins
    store.write(
        tx -> {
          if (tx.gitSources().get(src.key()).isPresent()) {
            tx.gitSources().put(next);
          }
          return null;
        });
    return new SyncOutcome(next, release == null ? "" : release);
  }

  private void emit(EnvironmentKey key, String type, String message, Instant now) {
    Event e = store.write(tx -> tx.events().append(Event.of(now, key, type, message)));
    bus.publish(List.of(e));
  }

  /** The message of a refusal with its problems, each {@code file:line:column: ...}. */
  static String describe(AppException e) {
    StringBuilder b = new StringBuilder(e.getMessage());
    for (Object d : e.details()) {
      String line = String.valueOf(d);
      if (!b.toString().contains(line)) {
        b.append("; ").append(line);
      }
    }
    return b.toString();
  }

  static String shortId(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
