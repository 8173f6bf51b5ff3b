package dev.berth.engine.store;

import dev.berth.core.model.Target;
import java.time.Instant;
import java.util.Objects;

/**
 * An applied environment: the spec text exactly as applied (so it can be shown, diffed and parsed
 * again) and where the app's source lives.
 *
 * @param key project and environment
 * @param target where it runs
 * @param specFile the spec's file name as the user gave it
 * @param specYaml the spec text as applied
 * @param procfile the Procfile text beside it, or {@code null}
 * @param sourceDir absolute path of the app's source directory (working directory of replicas)
 * @param generation incremented by every apply, starting at 1
 * @param appliedAt when the last apply happened
 */
public record EnvironmentRecord(
    EnvironmentKey key,
    Target target,
    String specFile,
    String specYaml,
    String procfile,
    String sourceDir,
    long generation,
    Instant appliedAt) {
  public EnvironmentRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(specFile, "specFile");
    Objects.requireNonNull(specYaml, "specYaml");
    Objects.requireNonNull(sourceDir, "sourceDir");
    Objects.requireNonNull(appliedAt, "appliedAt");
  }

  /** The same environment at another generation (a rollback is a new release too). */
  public EnvironmentRecord withGeneration(long g, Instant at) {
    return new EnvironmentRecord(key, target, specFile, specYaml, procfile, sourceDir, g, at);
  }
}
