package dev.berth.engine.runtime;

import java.util.Optional;

/**
 * Whether a runtime can run a service's replicas as another user (the spec's {@code user}), asked
 * at apply so that a spec it cannot honour is refused with a reason instead of crash-looping.
 * Locally that needs the control plane to run as root and the user to exist on the machine.
 */
@FunctionalInterface
public interface RunAsPolicy {
  /** Refuses every user: the safe default for a runtime that cannot switch users. */
  RunAsPolicy UNSUPPORTED =
      user -> Optional.of("this control plane cannot run replicas as another user");

  /** Why replicas cannot run as {@code user}, in words that say what to do; empty when they can. */
  Optional<String> refusal(String user);
}
