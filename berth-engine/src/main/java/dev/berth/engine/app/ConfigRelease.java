package dev.berth.engine.app;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A change of config vars as a release, as Heroku makes one: the change and a re-apply of the
 * environment's current spec and code happen in one transaction, so the vars' new values are in the
 * services' template hashes ({@link dev.berth.engine.config.ConfigHash}) and the replicas roll out
 * with the usual safety (release command first, the live release serving until the new replicas are
 * ready, automatic rollback).
 *
 * <p>Invariants: the change and its release are stored together or not at all (a spec that no
 * longer validates refuses the change); it waits in the environment's apply queue, so it never
 * interleaves with an apply, rollback or promotion; an environment never applied stores the change
 * alone (its first apply uses it); a change that alters no var makes no release.
 */
public final class ConfigRelease {
  private final ApplyService apply;
  private final Store store;
  private final EventBus bus;
  private final Wake wake;
  private final Clock clock;

  public ConfigRelease(ApplyService apply, Store store, EventBus bus, Wake wake, Clock clock) {
    this.apply = apply;
    this.store = store;
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
  }

  /**
   * Runs {@code change} and the release it makes.
   *
   * @param change makes the change in the transaction, appending its events; returns whether it
   *     changed anything
   * @param message the release's description ({@code config: set DATABASE_URL})
   * @return the release's result, or empty when nothing changed or the environment was never
   *     applied
   */
  public Optional<ApplyResult> run(
      EnvironmentKey env,
      Actor actor,
      String message,
      BiFunction<StoreTx, List<Event>, Boolean> change) {
    return apply.queue().run(env, () -> runNow(env, actor, message, change));
  }

  private Optional<ApplyResult> runNow(
      EnvironmentKey env,
      Actor actor,
      String message,
      BiFunction<StoreTx, List<Event>, Boolean> change) {
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    Set<ServiceKey> touched = new LinkedHashSet<>();
    Optional<ApplyResult> result =
        store.write(
            tx -> {
              if (!change.apply(tx, events)) {
                return Optional.<ApplyResult>empty();
              }
              Optional<EnvironmentRecord> current = tx.environments().get(env);
              if (current.isEmpty()) {
                return Optional.<ApplyResult>empty();
              }
              return Optional.of(release(tx, current.get(), actor, message, now, events, touched));
            });
    bus.publish(events);
    touched.forEach(wake::service);
    if (result.map(ApplyResult::changed).orElse(false)) {
      wake.environment(env);
    }
    return result;
  }

  private ApplyResult release(
      StoreTx tx,
      EnvironmentRecord current,
      Actor actor,
      String message,
      Instant now,
      List<Event> events,
      Set<ServiceKey> touched) {
    EnvironmentKey env = current.key();
    ReleaseSource from =
        tx.releases().list(env, 1).stream()
            .findFirst()
            .map(ReleaseRecord::source)
            .orElse(ReleaseSource.directory(current.sourceDir(), "", ""));
    long fromVersion =
        tx.releases().list(env, 1).stream().findFirst().map(ReleaseRecord::version).orElse(0L);
    ApplyRequest request =
        new ApplyRequest(
            current.specFile(),
            current.specYaml(),
            current.procfile(),
            current.sourceDir(), // the code the environment runs now, already on this machine
            env.environment(),
            actor,
            message,
            from.artifact(),
            new ReleaseSource(
                ReleaseSource.Kind.CONFIG,
                from.location(),
                from.ref(),
                from.commit(),
                from.artifact(),
                fromVersion));
    ProjectSpec spec = ApplySpecs.parse(request);
    EnvironmentSpec resolved = apply.resolve(spec, request);
    ApplyCode.Code code = new ApplyCode.Code(from.artifact(), current.sourceDir());
    return apply.store(
        tx,
        env,
        resolved,
        request,
        code,
        now,
        List.of(),
        events,
        touched,
        ApplyService.phase(spec));
  }
}
