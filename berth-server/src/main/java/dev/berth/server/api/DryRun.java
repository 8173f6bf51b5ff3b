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
}
