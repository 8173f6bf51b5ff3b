package dev.berth.engine.store;

/**
 * The state serial of each environment: a number that only grows, bumped by every change of its
 * desired state (apply, scale, stop, start, rollback, destroy), as Terraform's state serial. A
 * saved plan records it; applying the plan is refused when it moved. It outlives the environment (a
 * destroyed and re-created environment keeps counting up), so an old plan can never match again.
 */
public interface SerialTable {
  /** The serial now; {@code 0} for an environment never changed. */
  long get(EnvironmentKey key);

  /** Adds one and returns the new serial. */
  long bump(EnvironmentKey key);
}
