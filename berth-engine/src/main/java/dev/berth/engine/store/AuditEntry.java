package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One change made through the API, for {@code berth audit}: who did what to which environment, and
 * what it was before and after. Written in the same transaction as the change itself, so the log
 * never misses a change nor records one that did not happen.
 *
 * @param id store-assigned, increasing; {@code 0} before it is stored
 * @param at when
 * @param actor who: the CLI user and the API token's name ({@code alice (token admin)})
 * @param action a stable lower-case verb: {@code apply}, {@code scale}, {@code stop}, {@code
 *     start}, {@code destroy}, {@code rollback}, {@code promote}
 * @param project the project, or empty for platform-wide changes
 * @param environment the environment, or empty
 * @param summary what changed, before and after, for a person ({@code web: replicas 2 -> 4})
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String project,
    String environment,
    String summary) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    actor = actor == null ? "" : actor;
    Objects.requireNonNull(action, "action");
    project = project == null ? "" : project;
    environment = environment == null ? "" : environment;
    summary = summary == null ? "" : summary;
  }

  /** An entry about one environment, before it is stored. */
  public static AuditEntry of(
      Instant at, String actor, String action, EnvironmentKey env, String summary) {
    return new AuditEntry(0, at, actor, action, env.project(), env.environment(), summary);
  }
}
