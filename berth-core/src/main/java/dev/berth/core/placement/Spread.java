package dev.berth.core.placement;

/** How a service's replicas are spread across nodes. */
public enum Spread {
  /** At most one replica of the service per node; a replica that cannot get its own node waits. */
  REQUIRED,
  /** Nodes with fewer replicas of the service score higher; never blocks a placement. */
  PREFERRED,
  /** Where the replicas land relative to each other does not matter. */
  NONE
}
