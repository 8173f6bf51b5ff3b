package dev.berth.kubernetes.deploy;

import java.util.Locale;

/** Where a release on a Kubernetes environment stands; the local target's release states. */
public enum ReleaseState {
  /** Being applied and watched. */
  DEPLOYING,
  /** Rolled out: what the environment runs. */
  LIVE,
  /** Its release Job or rollout failed; the environment was rolled back (or had nothing before). */
  FAILED,
  /** Was live; a later release replaced it. */
  SUPERSEDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
