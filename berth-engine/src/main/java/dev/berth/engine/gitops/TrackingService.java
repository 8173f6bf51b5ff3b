package dev.berth.engine.gitops;

import dev.berth.core.spec.SpecParser;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.artifact.GitUrls;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code berth env track|untrack} and what webhooks ask for: which environments track which branch,
 * and the preview environments of pull requests.
 *
 * <p>Invariants: a URL carrying a password is refused (credentials go in the control plane's netrc,
 * never in the store); a push wakes exactly the sources tracking that repository and branch; a pull
 * request's preview is named {@code preview-N}, cloned from the source that enabled previews,
 * tracks the pull request's branch with autoSync, and closing the pull request deletes it.
 */
public final class TrackingService {
  /** The shortest interval accepted: a look costs a round trip to the git server. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final Store store;
  private final EventBus bus;
  private final Clock clock;
  private final Consumer<EnvironmentKey> wake;
  private final EnvironmentService environments;

  /**
   * @param wake asks the sync controller to look at an environment now
   */
  public TrackingService(
      Store store,
      EventBus bus,
      Clock clock,
      Consumer<EnvironmentKey> wake,
      EnvironmentService environments) {
    this.store = store;
    this.bus = bus;
    this.clock = clock;
    this.wake = wake;
    this.environments = environments;
  }

  /** Starts (or changes) tracking; the first look happens at once. */
  public GitSourceRecord track(
      Actor actor,
      EnvironmentKey key,
      String url,
      String branch,
      String path,
      boolean autoSync,
      Duration interval,
      boolean previews) {
    GitSourceRecord r =
        GitSourceRecord.tracking(
            key,
            check(url),
            checkBranch(branch),
            checkPath(path),
            autoSync,
            checkInterval(interval),
            "",
            previews);
    checkName(key.project(), "project");
    checkName(key.environment(), "environment");
    save(
        actor,
        r,
        "track",
        "tracking "
            + GitUrls.redacted(r.url())
            + " "
            + r.branch()
            + ":"
            + r.path()
            + (autoSync ? " (autoSync)" : " (autoSync off)"));
    return r;
  }

  /** Stops tracking; the environment keeps running what it runs. */
  public void untrack(Actor actor, EnvironmentKey key) {
    Instant now = clock.instant();
    Event e =
        store.write(
            tx -> {
              if (tx.gitSources().get(key).isEmpty()) {
                throw new AppException(
                    AppException.Kind.NOT_FOUND,
                    "not_tracked",
                    key + " does not track a git branch; berth env list shows what does");
              }
              tx.gitSources().delete(key);
              tx.audit()
                  .append(
                      AuditEntry.of(now, actor.display(), "untrack", key, "stopped tracking git"));
              return tx.events()
                  .append(Event.of(now, key, "Untracked", "stopped tracking git; what runs stays"));
            });
    bus.publish(List.of(e));
  }

  /** Asks for a look at {@code key} now (a generic webhook naming it). */
  public void wake(EnvironmentKey key) {
    wake.accept(key);
  }

  /** A push: wakes every source tracking {@code ref} of the repository; returns their keys. */
  public List<EnvironmentKey> pushed(Collection<String> repoUrls, String ref) {
    String branch = RepoUrls.branchOf(ref);
    List<EnvironmentKey> woken = new ArrayList<>();
    for (GitSourceRecord s : store.read(tx -> tx.gitSources().list())) {
      if (RepoUrls.matches(s.url(), repoUrls)
          && (s.branch().equals(branch) || s.branch().equals(ref))) {
        woken.add(s.key());
        wake.accept(s.key());
      }
    }
    return woken;
  }

  /** Every environment tracking the repository whether or not its branch moved (generic hooks). */
  public List<EnvironmentKey> wakeAll(Collection<String> repoUrls) {
    List<EnvironmentKey> woken = new ArrayList<>();
    for (GitSourceRecord s : store.read(tx -> tx.gitSources().list())) {
      if (RepoUrls.matches(s.url(), repoUrls)) {
        woken.add(s.key());
        wake.accept(s.key());
      }
    }
    return woken;
  }

  /**
   * A pull request opened (or reopened) against {@code base}: for every source of the repository
   * and base branch that enables previews, a preview environment {@code preview-N} tracking {@code
   * headBranch}, cloned from it. Returns the previews' keys.
   */
  public List<EnvironmentKey> previewOpened(
      Collection<String> repoUrls, int number, String base, String headBranch) {
    List<EnvironmentKey> made = new ArrayList<>();
    for (GitSourceRecord s : store.read(tx -> tx.gitSources().list())) {
      if (!s.previews() || !RepoUrls.matches(s.url(), repoUrls) || !s.branch().equals(base)) {
        continue;
      }
      EnvironmentKey key = new EnvironmentKey(s.key().project(), "preview-" + number);
      GitSourceRecord preview =
          GitSourceRecord.tracking(
              key,
              s.url(),
              checkBranch(headBranch),
              s.path(),
              true,
              s.interval(),
              s.key().environment(),
              false);
      save(
          SyncService.GITOPS,
          preview,
          "preview",
          "preview of pull request #"
              + number
              + " ("
              + headBranch
              + "), cloned from "
              + s.key().environment());
      made.add(key);
    }
    return made;
  }

  /** A pull request closed or merged: its preview environments are deleted. */
  public List<EnvironmentKey> previewClosed(Collection<String> repoUrls, int number) {
    List<EnvironmentKey> deleted = new ArrayList<>();
    String name = "preview-" + number;
    for (GitSourceRecord s : store.read(tx -> tx.gitSources().list())) {
      if (s.key().environment().equals(name)
          && !s.cloneOf().isEmpty()
          && RepoUrls.matches(s.url(), repoUrls)) {
        environments.delete(SyncService.GITOPS, s.key());
        deleted.add(s.key());
      }
    }
    return deleted;
  }

  private void save(Actor actor, GitSourceRecord r, String action, String summary) {
    Instant now = clock.instant();
    Event e =
        store.write(
            tx -> {
              tx.gitSources().put(r);
              tx.audit().append(AuditEntry.of(now, actor.display(), action, r.key(), summary));
              return tx.events().append(Event.of(now, r.key(), "Tracking", summary));
            });
    bus.publish(List.of(e));
    wake.accept(r.key());
  }

  private static String check(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("invalid_git", "a git URL is required (--git https://github.com/you/app.git)");
    }
    String u = url.strip();
    if (!GitUrls.redacted(u).equals(u)) {
      throw invalid(
          "invalid_git",
          "the git URL carries a password or token; give the URL without it and put the"
              + " credentials in the control plane's netrc file ($NETRC or ~/.netrc), so they are"
              + " never stored");
    }
    return u;
  }

  private static String checkBranch(String branch) {
    String b = branch == null || branch.isBlank() ? "main" : branch.strip();
    if (b.startsWith("-")
        || b.contains("..")
        || b.chars().anyMatch(c -> c <= ' ' || c == '~' || c == '^' || c == ':')) {
      throw invalid("invalid_branch", "'" + b + "' is not a git branch name");
    }
    return b;
  }

  private static String checkPath(String path) {
    String p = path == null || path.isBlank() ? "berth.yaml" : path.strip();
    if (p.startsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
      throw invalid(
          "invalid_path",
          "the spec path must be relative to the repository root, inside it: '" + p + "'");
    }
    return p;
  }

  private static Duration checkInterval(Duration d) {
    if (d == null) {
      return GitSourceRecord.DEFAULT_INTERVAL;
    }
    if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
      throw invalid(
          "invalid_interval",
          "the sync interval must be between 1s and 24h, got " + d.toSeconds() + "s");
    }
    return d;
  }

  private static void checkName(String name, String what) {
    SpecParser.nameProblem(name)
        .ifPresent(
            why -> {
              throw invalid(
                  "invalid_" + what,
                  what
                      + " name '"
                      + name
                      + "' "
                      + why
                      + "; use lower-case letters, digits and dashes, starting with a letter");
            });
  }

  private static AppException invalid(String code, String message) {
    return new AppException(AppException.Kind.INVALID, code, message);
  }
}
