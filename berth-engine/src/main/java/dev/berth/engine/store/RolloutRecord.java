package dev.berth.engine.store;

import dev.berth.core.rollout.RolloutState;
import java.util.Objects;

/**
 * The rollout in progress of one service: what {@link dev.berth.core.rollout.RolloutDecision}
 * remembers between steps, stored so that a restarted control plane resumes it with the same
 * deadline instead of starting the clock again.
 *
 * @param key the service
 * @param templateHash the template being rolled out (a record for another template is stale: the
 *     service changed again, and a new rollout starts)
 * @param state when it started, when it last made progress
 * @param rollback whether it restores an earlier release (rolled out with {@link
 *     dev.berth.core.model.DeploySpec#rollbackSettings()}: every restored replica at once)
 */
public record RolloutRecord(
    ServiceKey key, String templateHash, RolloutState state, boolean rollback) {
  public RolloutRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(templateHash, "templateHash");
    Objects.requireNonNull(state, "state");
  }
}
