package dev.berth.server.api;

import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.Change;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code POST /api/v1/apply?dryRun=true}: the spec is valid, and what applying it now
 * would change, from the server's own plan ({@code ApplyService.plan}). Each change says whether it
 * is {@code destructive} (stops running replicas), so {@code berth apply} asks before those.
 */
final class DryRun {
  private DryRun() {}

  static Map<String, Object> of(ApplyResult plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", true);
    out.put("project", plan.project());
    out.put("environment", plan.environment());
    out.put(
        "services",
        plan.changes().stream()
            .filter(c -> !c.action().equals("removed"))
            .map(Change::service)
            .toList());
    out.put("changed", plan.changed());
    out.put("changes", plan.changes());
    out.put("warnings", plan.warnings());
    return out;
  }

  /**
   * The answer to {@code POST /api/v1/plan} (and to a dry run of a spec sent in the body): the dry
   * run's fields, plus the field-by-field plan with drift and what a saved plan pins ({@code
   * serial}, {@code specDigest}, {@code planDigest}: {@code berth plan --out} saves them and {@code
   * berth apply plan.json} sends them back).
   */
  static Map<String, Object> of(dev.berth.engine.app.PlanOutcome o) {
    Map<String, Object> out = of(o.result());
    out.put("serial", o.serial());
    out.put("specDigest", o.specDigest());
    out.put("planDigest", o.planDigest());
    dev.berth.core.plan.Plan p = o.plan();
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("summary", p.summary());
    plan.put("add", p.toAdd());
    plan.put("change", p.toChange());
    plan.put("destroy", p.toDestroy());
    plan.put("changes", p.hasChanges());
    plan.put("destructive", p.destructive());
    plan.put("services", p.services());
    plan.put("drift", p.drift());
    out.put("plan", plan);
    return out;
  }
}
