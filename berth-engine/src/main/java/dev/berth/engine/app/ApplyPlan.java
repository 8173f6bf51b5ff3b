package dev.berth.engine.app;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.engine.config.ConfigHash;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an apply changes, read from {@code tx} and written nowhere: the apply stores exactly this,
 * and its dry run ({@link ApplyService#plan}) shows exactly this, so {@code berth apply} asks
 * before the destructive changes the real apply will make, never before a guess.
 *
 * @param result the apply's outcome as the user sees it
 * @param environment the environment record to store, null when nothing changed
 * @param writes service records to store
 * @param removed services the spec no longer has
 */
record ApplyPlan(
    ApplyResult result,
    EnvironmentRecord environment,
    List<ServiceRecord> writes,
    List<ServiceRecord> removed) {

  static ApplyPlan compute(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code c,
      Instant now,
      List<String> warnings) {
    String sourceDir = c.workingDir();
    Optional<EnvironmentRecord> previous = tx.environments().get(key);
    checkMachineReplicas(tx, key, env);
    long generation =
        Math.max(
                previous.map(EnvironmentRecord::generation).orElse(0L),
                tx.releases().latestVersion(key))
            + 1;
    String release = "v" + generation;
    List<Change> changes = new ArrayList<>();
    boolean changed = previous.isEmpty() || !sameSource(previous.get(), request, sourceDir);
    List<ServiceRecord> writes = new ArrayList<>();

    Set<String> inSpec = new HashSet<>();
    for (ServiceSpec s : env.serviceList()) {
      inSpec.add(s.name());
      ServiceKey sk = key.service(s.name());
      String hash = ConfigHash.of(tx, key, s, sourceDir); // the spec's template and config vars
      Optional<ServiceRecord> old = tx.services().get(sk);
      if (old.isEmpty()) {
        writes.add(new ServiceRecord(sk, s, hash, release, s.replicas(), s.replicas(), false, now));
        changes.add(new Change(s.name(), "created", describeNew(s)));
        changed = true;
        continue;
      }
      ServiceRecord o = old.get();
      boolean newTemplate = !o.templateHash().equals(hash);
      boolean specCountChanged = o.specReplicas() != s.replicas();
      int replicas = o.replicasAfter(s); // the autoscaler's count, berth scale's, or the spec's
      boolean specChanged = !o.spec().equals(s);
      if (!newTemplate && !specCountChanged && !specChanged) {
        changes.add(
            new Change(
                s.name(),
                "unchanged",
                s.autoscale() != null && o.replicas() != s.replicas()
                    ? "keeping " + o.replicas() + " replicas set by the autoscaler"
                    : o.replicas() != s.replicas()
                        ? "keeping "
                            + o.replicas()
                            + " replicas set by berth scale (spec says "
                            + s.replicas()
                            + ")"
                        : ""));
        continue;
      }
      changed = true;
      writes.add(
          new ServiceRecord(
              sk,
              s,
              hash,
              newTemplate ? release : o.release(),
              s.replicas(),
              replicas,
              o.stopped(),
              now));
      // fewer replicas of a service that runs: some running ones stop
      boolean lowered = replicas < o.replicas() && !o.stopped();
      String count = "replicas " + o.replicas() + " -> " + replicas;
      if (newTemplate) {
        changes.add(
            new Change(
                s.name(),
                "updated",
                "new version: replicas will be replaced once the new ones are ready"
                    + (replicas != o.replicas() ? " (" + count + ")" : ""),
                lowered));
      } else if (replicas != o.replicas()) {
        changes.add(new Change(s.name(), "scaled", count, lowered));
      } else {
        changes.add(new Change(s.name(), "updated", "settings changed (no replica replaced)"));
      }
    }
    List<ServiceRecord> removed = new ArrayList<>();
    for (ServiceRecord o : tx.services().list(key)) {
      if (!inSpec.contains(o.key().service())) {
        removed.add(o);
        changes.add(new Change(o.key().service(), "removed", "its replicas will be stopped", true));
        changed = true;
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
          List.of());
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
        removed);
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
