package dev.berth.core.plan;

import dev.berth.core.decide.TemplateHash;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code berth plan}: what applying a resolved environment's services would change, decided from
 * the stored desired state alone. Pure: no IO, no clock; the same inputs give the same plan (and
 * the same {@link Plan#digest()}), which is what lets a saved plan be checked at apply time.
 *
 * <p>Rules, shared with the apply that executes the plan:
 *
 * <ul>
 *   <li>a service of the spec that is not stored is {@link PlanAction#CREATE}d; a stored one the
 *       spec no longer has is {@link PlanAction#DESTROY}ed;
 *   <li>a service whose replica template ({@link TemplateHash}: command, env, resources, health,
 *       code...) changes is {@link PlanAction#REPLACE}d: a new release, replicas replaced;
 *   <li>any other difference (count, schedule, deploy, autoscale) is an {@link PlanAction#UPDATE};
 *   <li>the count after the apply follows {@link ReplicaCount#after}: a count set by {@code berth
 *       scale} survives unless the spec's own count changes, the autoscaler's always does.
 * </ul>
 *
 * <p>Invariants (property-tested): planning a state against the spec it was applied from gives no
 * change; applying a plan's outcome and planning again gives no change.
 */
public final class Planner {
  private Planner() {}

  /**
   * @param desired the environment's resolved services, in spec order
   * @param workingDir where the code to apply runs (part of the replica template)
   * @param stored the services stored now, in their stored order
   * @param storedWorkingDir where the stored services' code runs, or {@code null} when none is
   *     stored
   * @param sensitivity which env values are secret
   */
  public static Plan plan(
      List<ServiceSpec> desired,
      String workingDir,
      List<StoredService> stored,
      String storedWorkingDir,
      Sensitivity sensitivity) {
    return plan(desired, workingDir, stored, storedWorkingDir, sensitivity, t -> t);
  }

  /**
   * As {@link #plan(List, String, List, String, Sensitivity)}, for stored template hashes that mix
   * in more than the spec and the code (the environment's config vars): {@code template} maps a
   * service's {@link TemplateHash} to the hash it is stored with, so a config change alone replaces
   * replicas and shows as a {@code config} change, never as new code.
   */
  public static Plan plan(
      List<ServiceSpec> desired,
      String workingDir,
      List<StoredService> stored,
      String storedWorkingDir,
      Sensitivity sensitivity,
      UnaryOperator<String> template) {
    Map<String, StoredService> byName = new HashMap<>(stored.size() * 2);
    for (StoredService s : stored) {
      byName.put(s.spec().name(), s);
    }
    List<ServicePlan> out = new ArrayList<>(desired.size() + 1);
    List<Drift> drift = new ArrayList<>();
    Set<String> inSpec = new HashSet<>(desired.size() * 2);
    for (ServiceSpec next : desired) {
      inSpec.add(next.name());
      StoredService old = byName.get(next.name());
      if (old == null) {
        out.add(create(next, sensitivity));
        continue;
      }
      drift(old, drift);
      out.add(change(old, next, workingDir, storedWorkingDir, sensitivity, template));
    }
    for (StoredService old : stored) {
      if (!inSpec.contains(old.spec().name())) {
        drift(old, drift);
        out.add(
            new ServicePlan(
                old.spec().name(),
                PlanAction.DESTROY,
                List.of(
                    new FieldChange(
                        "replicas", Integer.toString(old.replicas()), null, false, false)),
                old.replicas(),
                0,
                old.desired() > 0 || old.running() > 0,
                "its replicas will be stopped"));
      }
    }
    return new Plan(out, drift);
  }

  private static ServicePlan create(ServiceSpec s, Sensitivity sensitivity) {
    List<FieldChange> f = new ArrayList<>();
    f.add(new FieldChange("type", null, s.type().wireName(), false, true));
    if (!s.command().isEmpty()) {
      f.add(new FieldChange("command", null, s.command(), false, true));
    }
    if (s.image() != null) {
      f.add(new FieldChange("image", null, s.image(), false, true));
    }
    if (s.type() == ServiceType.CRON) {
      f.add(new FieldChange("schedule.cron", null, s.cron().expression(), false, false));
      f.add(new FieldChange("schedule.timezone", null, s.cron().timezone(), false, false));
    } else {
      f.add(new FieldChange("replicas", null, Integer.toString(s.replicas()), false, false));
    }
    for (Map.Entry<String, String> e : s.env().entrySet()) {
      boolean secret = sensitivity.secret(s.name(), e.getKey());
      f.add(
          new FieldChange(
              "env." + e.getKey(),
              null,
              secret ? FieldChange.SENSITIVE : e.getValue(),
              secret,
              true));
    }
    return new ServicePlan(s.name(), PlanAction.CREATE, f, 0, s.replicas(), false, "");
  }

  private static ServicePlan change(
      StoredService old,
      ServiceSpec next,
      String workingDir,
      String storedWorkingDir,
      Sensitivity sensitivity,
      UnaryOperator<String> template) {
    List<FieldChange> fields = new ArrayList<>(ServiceDiff.of(old.spec(), next, sensitivity));
    boolean replace = !old.templateHash().equals(template.apply(TemplateHash.of(next, workingDir)));
    if (replace && fields.stream().noneMatch(FieldChange::replaces)) {
      fields.add(
          0,
          Objects.equals(workingDir, storedWorkingDir)
              ? new FieldChange("config", null, "changed", false, true)
              : new FieldChange(
                  "code", codeName(storedWorkingDir), codeName(workingDir), false, true));
    }
    int before = old.replicas();
    int after = old.replicasAfter(next);
    if (before != after) {
      fields.add(
          0,
          new FieldChange(
              "replicas", Integer.toString(before), Integer.toString(after), false, false));
    } else if (old.specReplicas() != next.replicas()) { // the spec's own count, not what runs
      fields.add(
          0,
          new FieldChange(
              "spec.replicas",
              Integer.toString(old.specReplicas()),
              Integer.toString(next.replicas()),
              false,
              false));
    }
    PlanAction action =
        replace ? PlanAction.REPLACE : fields.isEmpty() ? PlanAction.NO_OP : PlanAction.UPDATE;
    String note = "";
    if (before == after && before != next.replicas()) {
      note =
          next.autoscale() != null
              ? "keeping " + before + " replicas set by the autoscaler"
              : "keeping "
                  + before
                  + " replicas set by berth scale (spec says "
                  + next.replicas()
                  + ")";
    }
    return new ServicePlan(
        next.name(), action, fields, before, after, after < before && !old.stopped(), note);
  }

  private static void drift(StoredService s, List<Drift> out) {
    String name = s.spec().name();
    if (s.stopped()) {
      out.add(
          new Drift(
              name,
              Drift.Kind.STOPPED,
              "stopped with berth stop; berth start runs its " + s.replicas() + " replicas"));
    }
    if (s.replicas() != s.specReplicas()) {
      out.add(
          s.spec().autoscale() != null
              ? new Drift(
                  name,
                  Drift.Kind.AUTOSCALED,
                  "the autoscaler runs "
                      + s.replicas()
                      + " replicas (the spec starts at "
                      + s.specReplicas()
                      + ")")
              : new Drift(
                  name,
                  Drift.Kind.SCALED,
                  "replicas "
                      + s.replicas()
                      + " set by berth scale, the spec says "
                      + s.specReplicas()));
    }
    if (s.running() >= 0 && s.running() < s.desired()) {
      out.add(
          new Drift(
              name,
              Drift.Kind.MISSING_REPLICAS,
              s.running() + " of " + s.desired() + " replicas run"));
    } else if (s.running() > s.desired()) {
      out.add(
          new Drift(
              name,
              Drift.Kind.EXTRA_REPLICAS,
              s.running() + " replicas run, " + s.desired() + " desired"));
    }
  }

  /** The last part of a code directory: its artifact, shortened. */
  static String codeName(String dir) {
    if (dir == null || dir.isEmpty()) {
      return null;
    }
    String n = dir.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    return n.length() > 19 ? n.substring(0, 19) : n;
  }
}
