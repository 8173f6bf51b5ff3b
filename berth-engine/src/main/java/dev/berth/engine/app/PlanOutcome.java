package dev.berth.engine.app;

import dev.berth.core.plan.Plan;

/**
 * {@code berth plan}: what applying a spec would change, with what a saved plan pins.
 *
 * @param project the project
 * @param environment the environment
 * @param serial the environment's state serial the plan was made against
 * @param specDigest the digest of the spec, Procfile and code planned
 * @param planDigest the plan's own digest
 * @param plan field by field, with drift
 * @param result the same changes as an apply reports them, with warnings
 */
public record PlanOutcome(
    String project,
    String environment,
    long serial,
    String specDigest,
    String planDigest,
    Plan plan,
    ApplyResult result) {

  /** What applying this plan must match. */
  public SavedPlan pinned() {
    return new SavedPlan(serial, specDigest, planDigest);
  }
}
