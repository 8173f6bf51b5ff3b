package dev.berth.engine.app;

import java.util.List;

/**
 * The outcome of an apply.
 *
 * @param project project name
 * @param environment environment name
 * @param release the environment's release label after the apply ({@code v3})
 * @param generation the environment's generation after the apply
 * @param changed whether anything changed (an identical re-apply changes nothing)
 * @param changes per service, in spec order, then removed services
 * @param warnings things the user should know that did not stop the apply
 */
public record ApplyResult(
    String project,
    String environment,
    String release,
    long generation,
    boolean changed,
    List<Change> changes,
    List<String> warnings) {
  public ApplyResult {
    changes = List.copyOf(changes);
    warnings = List.copyOf(warnings);
  }
}
