package dev.berth.kubernetes.deploy;

import java.util.List;

/**
 * How a deploy (or a rollback) ended.
 *
 * @param release the release deployed
 * @param state {@link ReleaseState#LIVE} or {@link ReleaseState#FAILED}
 * @param message why, for a person
 * @param rolledBackTo the release the environment was rolled back to after a failure, or {@code
 *     null} (success, or nothing to roll back to)
 * @param warnings what the rendering or the preflight found that does not stop the deploy
 * @param writes the create, update and delete calls made (an unchanged re-apply makes none)
 */
public record DeployResult(
    String release,
    ReleaseState state,
    String message,
    String rolledBackTo,
    List<String> warnings,
    int writes) {
  public DeployResult {
    warnings = List.copyOf(warnings);
  }
}
