package dev.berth.engine.app;

import dev.berth.core.decide.TemplateHash;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.plan.Plan;
import dev.berth.core.plan.PlanAction;
import dev.berth.core.plan.Planner;
import dev.berth.core.plan.Sensitivity;
import dev.berth.core.plan.ServicePlan;
import dev.berth.core.plan.StoredService;
import dev.berth.engine.config.ConfigHash;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an apply changes, read from {@code tx} and written nowhere: the apply stores exactly this,
 * and its dry run ({@link ApplyService#plan}) shows exactly this, so {@code berth apply} asks
 * before the destructive changes the real apply will make, never before a guess.
 *
 * @param result the apply's outcome as the user sees it
 * @param environment the environment record to store, null when nothing changed
 * @param writes service records to store
 * @param removed services the spec no longer has
 * @param plan the field-by-field plan ({@link Planner}) the rest is derived from
 */
record ApplyPlan(
    ApplyResult result,
    EnvironmentRecord environment,
    List<ServiceRecord> writes,
    List<ServiceRecord> removed,
    Plan plan) {

  static ApplyPlan compute(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code c,
      Instant now,
      List<String> warnings) {
    return compute(tx, key, env, request, c, now, warnings, Sensitivity.NONE, false);
  }

  /**
   * @param sensitivity which env values the plan hides
   * @param withRunning whether to read the replicas that run, for drift (a plan shown to a person);
   *     an apply does not need them
   */
  static ApplyPlan compute(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code c,
      Instant now,
      List<String> warnings,
      Sensitivity sensitivity,
      boolean withRunning) {
    String sourceDir = c.workingDir();
    Optional<EnvironmentRecord> previous = tx.environments().get(key);
    checkMachineReplicas(tx, key, env);
    long generation =
        Math.max(
                previous.map(EnvironmentRecord::generation).orElse(0L),
                tx.releases().latestVersion(key))
            + 1;
    String release = "v" + generation;
    List<ServiceRecord> storedRecords = tx.services().list(key);
    Map<String, Integer> running = withRunning ? running(tx, key) : Map.of();
    List<StoredService> stored = new ArrayList<>(storedRecords.size());
    Map<String, ServiceRecord> byName = new HashMap<>();
    for (ServiceRecord r : storedRecords) {
      byName.put(r.key().service(), r);
      stored.add(
          new StoredService(
              r.spec(),
              r.templateHash(),
              r.specReplicas(),
              r.replicas(),
              r.stopped(),
              withRunning ? running.getOrDefault(r.key().service(), 0) : -1));
    }
    List<ConfigRecord> vars = tx.config().list(key); // config vars are part of every template
    java.util.Set<String> secretVars = new java.util.HashSet<>();
    vars.stream().filter(ConfigRecord::secret).forEach(v -> secretVars.add(v.name()));
    Sensitivity hidden = // a spec env var named like a secret config var is shown masked too
        (service, envKey) -> secretVars.contains(envKey) || sensitivity.secret(service, envKey);
    Plan plan =
        Planner.plan(
            env.serviceList(),
            sourceDir,
            stored,
            previous.map(EnvironmentRecord::sourceDir).orElse(null),
            hidden,
            template -> ConfigHash.of(template, vars));
    boolean changed =
        previous.isEmpty() || !sameSource(previous.get(), request, sourceDir) || plan.hasChanges();
    List<Change> changes = new ArrayList<>();
    List<ServiceRecord> writes = new ArrayList<>();
    List<ServiceRecord> removed = new ArrayList<>();
    for (ServicePlan p : plan.services()) {
      ServiceSpec s = env.services().get(p.service());
      ServiceRecord o = byName.get(p.service());
      switch (p.action()) {
        case CREATE -> {
          writes.add(
              new ServiceRecord(
                  key.service(s.name()),
                  s,
                  ConfigHash.of(TemplateHash.of(s, sourceDir), vars),
                  release,
                  s.replicas(),
                  s.replicas(),
                  false,
                  now));
          changes.add(new Change(s.name(), "created", describeNew(s)));
        }
        case DESTROY -> {
          removed.add(o);
          changes.add(new Change(p.service(), "removed", "its replicas will be stopped", true));
        }
        case NO_OP -> changes.add(new Change(s.name(), "unchanged", p.note()));
        case REPLACE, UPDATE -> {
          boolean newTemplate = p.action() == PlanAction.REPLACE;
          int replicas = p.replicasAfter();
          writes.add(
              new ServiceRecord(
                  o.key(),
                  s,
                  ConfigHash.of(TemplateHash.of(s, sourceDir), vars),
                  newTemplate ? release : o.release(),
                  s.replicas(),
                  replicas,
                  o.stopped(),
                  now));
          String count = "replicas " + o.replicas() + " -> " + replicas;
          if (newTemplate) {
            changes.add(
                new Change(
                    s.name(),
                    "updated",
                    "new version: replicas will be replaced once the new ones are ready"
                        + (replicas != o.replicas() ? " (" + count + ")" : ""),
                    p.destructive()));
          } else if (replicas != o.replicas()) {
            changes.add(new Change(s.name(), "scaled", count, p.destructive()));
          } else {
            changes.add(new Change(s.name(), "updated", "settings changed (no replica replaced)"));
          }
        }
      }
    }
    if (!changed) {
      EnvironmentRecord p = previous.get();
      return new ApplyPlan(
          new ApplyResult(
              key.project(),
              key.environment(),
              "v" + p.generation(),
              p.generation(),
              false,
              changes,
              warnings),
          null,
          List.of(),
          List.of(),
          plan);
    }
    EnvironmentRecord record =
        new EnvironmentRecord(
            key,
            env.target(),
            request.specFile(),
            request.specYaml(),
            request.procfile(),
            sourceDir,
            generation,
            now);
    return new ApplyPlan(
        new ApplyResult(
            key.project(), key.environment(), release, generation, true, changes, warnings),
        record,
        writes,
        removed,
        plan);
  }

  /** Replicas that run now, per service: running and not asked to stop. */
  private static Map<String, Integer> running(StoreTx tx, EnvironmentKey key) {
    Map<String, Integer> out = new HashMap<>();
    for (ReplicaRecord r : tx.replicas().list(key)) {
      if (r.state() == ReplicaState.RUNNING && !r.stopRequested()) {
        out.merge(r.key().service(), 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * Refuses the apply when it would raise the replicas on the machine above the limit. Counts what
   * {@link #store} will write: a new service runs its spec's replicas, a changed spec count
   * replaces a count set by {@code berth scale}, a stopped service stays stopped.
   */
  static void checkMachineReplicas(StoreTx tx, EnvironmentKey key, EnvironmentSpec env) {
    int now = 0;
    for (ServiceRecord o : tx.services().list(key)) {
      now += o.desiredReplicas();
    }
    int after = 0;
    for (ServiceSpec s : env.serviceList()) {
      Optional<ServiceRecord> old = tx.services().get(key.service(s.name()));
      if (old.isEmpty()) {
        after += s.replicas();
      } else if (!old.get().stopped()) {
        ServiceRecord o = old.get();
        after += o.replicasAfter(s);
      }
    }
    if (after > now) {
      int before = MachineReplicas.count(tx);
      MachineReplicas.check(before, before - now + after);
    }
  }

  private static boolean sameSource(EnvironmentRecord p, ApplyRequest r, String sourceDir) {
    return p.specYaml().equals(r.specYaml())
        && java.util.Objects.equals(p.procfile(), r.procfile())
        && p.sourceDir().equals(sourceDir)
        && p.specFile().equals(r.specFile());
  }

  private static String describeNew(ServiceSpec s) {
    return switch (s.type()) {
      case CRON -> "cron '" + s.cron().expression() + "' (" + s.cron().timezone() + ")";
      default -> s.replicas() + (s.replicas() == 1 ? " replica" : " replicas");
    };
  }
}
