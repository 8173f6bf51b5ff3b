package dev.berth.engine.release;

import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.Change;
import dev.berth.engine.app.EnvironmentQueue;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.app.Wake;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code berth rollback}: deploys an earlier release's code and spec again, as a new release
 * ({@code v7: rollback to v4}) that rolls out with the same safety as any other (the live release
 * serves until the restored replicas are ready; if they never get ready, the rollback itself is
 * rolled back).
 *
 * <p>Invariants: only a release that once went live can be rolled back to (a release that failed or
 * never went live is no known good state); a refused rollback changes nothing; replica counts set
 * with {@code berth scale} stay; rollbacks queue with the applies of the same environment.
 */
public final class RollbackService {
  private final Store store;
  private final EventBus bus;
  private final Wake wake;
  private final Clock clock;
  private final EnvironmentQueue queue;
  private final AppCode code;

  /**
   * @param queue the queue the environment's applies wait in (shared with the apply use case, so a
   *     rollback never interleaves with an apply)
   */
  public RollbackService(
      Store store, EventBus bus, Wake wake, Clock clock, EnvironmentQueue queue, AppCode code) {
    this.store = store;
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
    this.queue = queue;
    this.code = code;
  }

  /**
   * What {@link #rollback} would do now, stored nowhere: the live release and the one it would go
   * back to, or the same refusal.
   *
   * @param live the live release's label, or empty if none is live
   * @param target the label of the release that would be deployed again
   */
  public record Plan(String live, String target) {}

  /** The rollback's target, for {@code berth rollback} to show and confirm before it acts. */
  public Plan plan(EnvironmentKey env, OptionalLong to) {
    return store.read(
        tx -> {
          tx.environments().get(env).orElseThrow(() -> Lookups.noEnvironment(tx, env));
          Optional<ReleaseRecord> live = Releases.live(tx, env);
          ReleaseRecord target = target(env, tx.releases().list(env, 0), live, to);
          return new Plan(live.map(ReleaseRecord::label).orElse(""), target.label());
        });
  }

  /**
   * Rolls {@code env} back.
   *
   * @param to the release to go back to, or empty for the newest good release before the live one
   * @param message the user's reason, or empty
   */
  public ApplyResult rollback(Actor actor, EnvironmentKey env, OptionalLong to, String message) {
    return queue.run(env, () -> rollbackNow(actor, env, to, message));
  }

  private ApplyResult rollbackNow(
      Actor actor, EnvironmentKey env, OptionalLong to, String message) {
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    List<ServiceKey> touched = new ArrayList<>();
    ApplyResult result =
        store.write(tx -> rollback(tx, actor, env, to, message, now, events, touched));
    bus.publish(events);
    touched.forEach(wake::service);
    wake.environment(env);
    return result;
  }

  private ApplyResult rollback(
      StoreTx tx,
      Actor actor,
      EnvironmentKey env,
      OptionalLong to,
      String message,
      Instant now,
      List<Event> events,
      List<ServiceKey> touched) {
    EnvironmentRecord current =
        tx.environments().get(env).orElseThrow(() -> Lookups.noEnvironment(tx, env));
    List<ReleaseRecord> releases = tx.releases().list(env, 0);
    Optional<ReleaseRecord> live = Releases.live(tx, env);
    ReleaseRecord target = target(env, releases, live, to);
    long version = Math.max(current.generation(), tx.releases().latestVersion(env)) + 1;
    String label = "v" + version;
    Map<String, ServiceRecord> before = new LinkedHashMap<>();
    tx.services().list(env).forEach(s -> before.put(s.key().service(), s));

    Set<ServiceKey> changed =
        ReleaseRestore.restore(tx, target, releases, now, events, label, code);
    touched.addAll(changed);
    tx.environments().put(tx.environments().get(env).orElseThrow().withGeneration(version, now));
    List<Change> changes = new ArrayList<>();
    Map<String, String> templates = new LinkedHashMap<>();
    for (ServiceRecord s : tx.services().list(env)) {
      templates.put(s.key().service(), s.templateHash());
      ServiceRecord b = before.remove(s.key().service());
      if (b == null) {
        changes.add(new Change(s.key().service(), "created", "as in " + target.label()));
      } else if (!b.templateHash().equals(s.templateHash())) {
        changes.add(
            new Change(
                s.key().service(),
                "updated",
                "back to " + target.label() + ": replicas will be replaced once ready"));
      } else {
        changes.add(new Change(s.key().service(), "unchanged", ""));
      }
    }
    before
        .keySet()
        .forEach(n -> changes.add(new Change(n, "removed", "not in " + target.label(), true)));

    for (ReleaseRecord d : tx.releases().withStatus(env, ReleaseStatus.DEPLOYING)) {
      String why = "superseded by " + label + " (rollback to " + target.label() + ")";
      tx.releases().finish(d.finished(ReleaseStatus.SUPERSEDED, why, now));
      events.add(
          tx.events().append(Event.of(now, env, "ReleaseSuperseded", d.label() + " is " + why)));
    }
    String description = "rollback to " + target.label();
    ReleaseSource source =
        new ReleaseSource(
            ReleaseSource.Kind.ROLLBACK,
            target.source().location(),
            target.source().ref(),
            target.source().commit(),
            target.source().artifact(),
            target.version());
    tx.releases()
        .insert(
            new ReleaseRecord(
                env,
                version,
                ReleaseStatus.DEPLOYING,
                now,
                null,
                null,
                actor.display(),
                message.isBlank() ? description : description + ": " + message.strip(),
                "",
                source,
                changes,
                templates,
                ReleaseCommandStatus.NONE,
                target.specFile(),
                target.specYaml(),
                target.procfile()));
    String summary = label + ": " + description;
    events.add(tx.events().append(Event.of(now, env, "RollbackStarted", summary)));
    tx.audit().append(AuditEntry.of(now, actor.display(), "rollback", env, summary));
    return new ApplyResult(
        env.project(), env.environment(), label, version, true, changes, List.of());
  }

  /** The release to go back to, or a clear refusal. */
  private static ReleaseRecord target(
      EnvironmentKey env,
      List<ReleaseRecord> newestFirst,
      Optional<ReleaseRecord> live,
      OptionalLong to) {
    if (to.isPresent()) {
      ReleaseRecord r =
          newestFirst.stream()
              .filter(x -> x.version() == to.getAsLong())
              .findFirst()
              .orElseThrow(
                  () ->
                      new AppException(
                          AppException.Kind.NOT_FOUND,
                          "no_release",
                          "no release v"
                              + to.getAsLong()
                              + " in "
                              + env
                              + "; berth releases lists them"));
      if (live.isPresent() && live.get().version() == r.version()) {
        throw new AppException(
            AppException.Kind.CONFLICT,
            "already_live",
            r.label() + " is the live release of " + env + ": there is nothing to roll back");
      }
      if (r.liveAt() == null) {
        throw new AppException(
            AppException.Kind.CONFLICT,
            "not_a_good_release",
            r.label()
                + " never went live ("
                + r.status().wireName()
                + (r.reason().isEmpty() ? "" : ": " + r.reason())
                + "); roll back to a release that did: berth releases shows them");
      }
      return r;
    }
    long below = live.map(ReleaseRecord::version).orElse(Long.MAX_VALUE);
    return Releases.lastGoodBefore(newestFirst, below)
        .orElseThrow(
            () ->
                new AppException(
                    AppException.Kind.CONFLICT,
                    "no_good_release",
                    "no earlier release of "
                        + env
                        + " ever went live, so there is nothing to roll back to; the running"
                        + " release is untouched"));
  }
}
