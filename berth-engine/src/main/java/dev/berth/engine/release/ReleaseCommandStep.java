package dev.berth.engine.release;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.rollout.RolloutState;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The release phase of a deploying release: its {@code release.command} runs once, from the
 * release's code, before any of its replicas start (the replica controller holds them while the
 * command is pending, running or failed: {@link dev.berth.engine.controller.Rollouts#held}).
 *
 * <p>Invariants: a command is started at most once per release by this control plane, and its
 * status is {@code running} in the store before it starts, so a control plane that dies while it
 * runs finds it {@code running} but not its own after the restart: that run is reported as
 * interrupted and the release fails, rather than running a migration twice. On success every
 * service of the release starts its rollout then (its deadline counts from there, not from the
 * apply).
 */
final class ReleaseCommandStep {
  /** Releases whose command this control plane started and that have not finished. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  private static String id(EnvironmentKey env, long version) {
    return env + "/v" + version;
  }

  /** Whether this control plane runs the release's command right now. */
  boolean runs(ReleaseRecord r) {
    return running.contains(id(r.key(), r.version()));
  }

  /** Marks the command running in {@code tx} and returns what to start once it commits. */
  ReleaseCommands.Run begin(StoreTx tx, ReleaseRecord r, Instant now, List<Event> events) {
    ProjectSpec spec = parse(r);
    EnvironmentSpec env = spec.environment(r.key().environment());
    Map<String, String> variables = new LinkedHashMap<>();
    List<ServiceSpec> services = env.serviceList();
    if (!services.isEmpty()) {
      variables.putAll(services.get(0).env());
    }
    variables.put("BERTH_RELEASE", r.label());
    variables.put("BERTH_PROJECT", r.key().project());
    variables.put("BERTH_ENVIRONMENT", r.key().environment());
    Path dir = Path.of(tx.environments().get(r.key()).orElseThrow().sourceDir());
    tx.releases().finish(r.withPhase(ReleaseCommandStatus.RUNNING));
    events.add(
        tx.events()
            .append(
                Event.of(
                    now,
                    r.key(),
                    "ReleaseCommandStarted",
                    r.label() + ": running the release command: " + spec.releaseCommand())));
    running.add(id(r.key(), r.version()));
    return new ReleaseCommands.Run(
        r.key(),
        r.version(),
        spec.releaseCommand(),
        dir,
        variables,
        spec.release() == null
            ? dev.berth.core.model.ReleasePhase.DEFAULT_TIMEOUT
            : spec.release().timeout());
  }

  /**
   * Records how the command ended, if the release still waits for it. Returns the services to wake
   * (they start their rollout on success).
   */
  List<ServiceKey> finish(
      StoreTx tx,
      EnvironmentKey env,
      long version,
      ReleaseCommands.Outcome outcome,
      Instant now,
      List<Event> events) {
    running.remove(id(env, version));
    ReleaseRecord r = tx.releases().get(env, version).orElse(null);
    if (r == null
        || r.status() != ReleaseStatus.DEPLOYING
        || r.phase() != ReleaseCommandStatus.RUNNING) {
      return List.of(); // superseded meanwhile: its outcome changes nothing
    }
    if (!outcome.succeeded()) {
      String why =
          "release command "
              + outcome.reason()
              + (outcome.lastLines().isEmpty()
                  ? ""
                  : "; last lines: " + String.join(" | ", tail(outcome.lastLines(), 5)));
      tx.releases()
          .finish(
              r.withPhase(ReleaseCommandStatus.FAILED)
                  .finished(ReleaseStatus.DEPLOYING, why, null));
      events.add(
          tx.events().append(Event.of(now, env, "ReleaseCommandFailed", r.label() + ": " + why)));
      return List.of();
    }
    tx.releases().finish(r.withPhase(ReleaseCommandStatus.SUCCEEDED));
    events.add(
        tx.events()
            .append(
                Event.of(
                    now, env, "ReleaseCommandSucceeded", r.label() + ": release command done")));
    List<ServiceKey> wake = new java.util.ArrayList<>();
    for (ServiceRecord s : tx.services().list(env)) {
      if (s.release().equals(r.label())) {
        tx.rollouts()
            .put(new RolloutRecord(s.key(), s.templateHash(), RolloutState.start(now), false));
        wake.add(s.key());
      }
    }
    return wake;
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  private static ProjectSpec parse(ReleaseRecord r) {
    try {
      return SpecParser.parse(new SpecSource(r.specFile(), r.specYaml(), r.procfile()));
    } catch (SpecException e) {
      throw new IllegalStateException(r.label() + "'s spec no longer parses: " + e, e);
    }
  }
}
