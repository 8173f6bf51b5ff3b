package dev.berth.engine.store;

import dev.berth.engine.app.Change;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One release of an environment: {@code vN}, the code (its {@link ReleaseSource}), the spec text
 * and Procfile it was applied with, who made it and why, and how its deploy went.
 *
 * <p>Invariant: everything but {@code status}, {@code reason} and {@code finishedAt} is fixed once
 * stored (a release is immutable; only its outcome is written later), and versions of one
 * environment increase by one with every release, from 1.
 *
 * @param key project and environment
 * @param version {@code N} of {@code vN}
 * @param status where its deploy stands
 * @param createdAt when it was made
 * @param finishedAt when it reached a status other than {@code deploying}, or null
 * @param liveAt when it went live, or null if it never did (kept once set: a superseded release
 *     that was live is a known good state to roll back to)
 * @param createdBy who made it: the CLI user and the API token's name ({@code alice (token admin)})
 * @param message the user's {@code --message}, or a description Berth wrote ({@code rollback to
 *     v4})
 * @param reason why it failed or was rolled back or superseded; empty while all is well
 * @param source where its code came from
 * @param changes what it changed, per service, as {@code berth apply} showed it
 * @param templates per service of the release, its replica template hash: which replicas run this
 *     release (status names the release a replica runs by it)
 * @param phase where its release command stands ({@link ReleaseCommandStatus#NONE} without one)
 * @param specFile the spec's file name
 * @param specYaml the spec text, exactly as applied
 * @param procfile the Procfile text beside it, or null
 */
public record ReleaseRecord(
    EnvironmentKey key,
    long version,
    ReleaseStatus status,
    Instant createdAt,
    Instant finishedAt,
    Instant liveAt,
    String createdBy,
    String message,
    String reason,
    ReleaseSource source,
    List<Change> changes,
    Map<String, String> templates,
    ReleaseCommandStatus phase,
    String specFile,
    String specYaml,
    String procfile) {

  public ReleaseRecord {
    Objects.requireNonNull(key, "key");
    if (version < 1) {
      throw new IllegalArgumentException("release versions start at 1");
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    createdBy = createdBy == null ? "" : createdBy;
    message = message == null ? "" : message;
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(source, "source");
    changes = List.copyOf(changes);
    templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(specFile, "specFile");
    Objects.requireNonNull(specYaml, "specYaml");
  }

  /** {@code v3}. */
  public String label() {
    return "v" + version;
  }

  /** The same release with its outcome written; going live also sets {@code liveAt}. */
  public ReleaseRecord finished(ReleaseStatus to, String why, Instant at) {
    return new ReleaseRecord(
        key,
        version,
        to,
        createdAt,
        at,
        to == ReleaseStatus.LIVE && liveAt == null ? at : liveAt,
        createdBy,
        message,
        why,
        source,
        changes,
        templates,
        phase,
        specFile,
        specYaml,
        procfile);
  }

  /** The same release with its release command at another stage. */
  public ReleaseRecord withPhase(ReleaseCommandStatus p) {
    return new ReleaseRecord(
        key,
        version,
        status,
        createdAt,
        finishedAt,
        liveAt,
        createdBy,
        message,
        reason,
        source,
        changes,
        templates,
        p,
        specFile,
        specYaml,
        procfile);
  }
}
