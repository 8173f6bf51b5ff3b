package dev.berth.engine.app;

/**
 * What a saved plan ({@code berth plan --out plan.json}) pins, checked when it is applied: the
 * apply is refused ({@code plan_stale}) unless the environment's state serial is still {@code
 * serial}, the spec and code are those planned ({@code specDigest}) and planning again gives the
 * same changes ({@code planDigest}).
 *
 * @param serial the environment's state serial when the plan was made
 * @param specDigest the digest of the spec, Procfile and code planned
 * @param planDigest {@link dev.berth.core.plan.Plan#digest()} of the plan
 */
public record SavedPlan(long serial, String specDigest, String planDigest) {}
