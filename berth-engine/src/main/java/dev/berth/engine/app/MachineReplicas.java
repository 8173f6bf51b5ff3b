package dev.berth.engine.app;

import dev.berth.core.spec.SpecLimits;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.util.Optional;

/**
 * The limit on replicas per machine ({@link SpecLimits#MAX_REPLICAS_PER_MACHINE}): all projects and
 * environments together, counting what should run ({@link ServiceRecord#desiredReplicas()}: a
 * stopped service counts none, a cron service none). Apply, scale and start check it in the
 * transaction that would raise the count.
 *
 * <p>A change that does not raise the count is always allowed, even above the limit (a machine can
 * be above it after the limit was lowered): refusing it would also refuse the change that scales
 * down.
 */
public final class MachineReplicas {
  private MachineReplicas() {}

  /** Replicas that should run on the machine now, as {@code tx} sees it. */
  public static int count(StoreTx tx) {
    int n = 0;
    for (EnvironmentRecord e : tx.environments().list()) {
      for (ServiceRecord s : tx.services().list(e.key())) {
        n += s.desiredReplicas();
      }
    }
    return n;
  }

  /**
   * Pure: why a change from {@code before} to {@code after} replicas on the machine is refused, or
   * empty when it is allowed.
   */
  public static Optional<String> problem(int before, int after, int limit) {
    if (after <= limit || after <= before) {
      return Optional.empty();
    }
    return Optional.of(
        "this would run "
            + after
            + " replicas on this machine, more than the limit of "
            + limit
            + " (all projects and environments together; "
            + before
            + " now): scale down, stop or destroy what you no longer need, or run fewer replicas"
            + " with more resources each");
  }

  /** Throws the refusal of {@link #problem}, if any, as a {@code replica_limit} conflict. */
  static void check(int before, int after) {
    problem(before, after, SpecLimits.MAX_REPLICAS_PER_MACHINE)
        .ifPresent(
            why -> {
              throw new AppException(AppException.Kind.CONFLICT, "replica_limit", why);
            });
  }
}
