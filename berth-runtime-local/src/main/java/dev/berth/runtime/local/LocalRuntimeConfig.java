package dev.berth.runtime.local;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.runtime.local.internal.proc.MachineFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link LocalRuntime}. Immutable; validated on construction so a bad value fails
 * when the control plane starts, not when the first replica does.
 *
 * @param dataDir Berth's data directory; logs go to {@code <dataDir>/logs}
 * @param backoff CrashLoopBackOff delays between restarts of a crashing replica
 * @param terminatedRetention how long a terminated replica stays in {@link LocalRuntime#list()}
 * @param logMaxBytes size at which a replica's live log file is rotated (renamed to {@code .1})
 * @param logMaxFiles rotated files kept per replica ({@code .1} .. {@code .N}); 0 keeps none
 * @param logRetention how long the logs of a replica that no longer runs are kept after their last
 *     write
 * @param reservedCpuMillis CPU kept back from replicas for the system and the control plane
 * @param reservedMemoryBytes memory kept back from replicas for the system and the control plane
 * @param useCgroups whether to enforce limits with cgroups when the machine allows it; when false
 *     (or cgroups are not writable) memory limits are enforced by watching RSS and CPU limits are
 *     not enforced
 */
public record LocalRuntimeConfig(
    Path dataDir,
    CrashLoopBackoff backoff,
    Duration terminatedRetention,
    long logMaxBytes,
    int logMaxFiles,
    Duration logRetention,
    long reservedCpuMillis,
    long reservedMemoryBytes,
    boolean useCgroups) {

  /** Live log files rotate at 10 MiB. */
  public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;

  /**
   * Five rotated files are kept: at most 60 MiB of output per replica at any instant (six files of
   * 10 MiB), plus a time index of at most 640 KiB.
   */
  public static final int DEFAULT_LOG_MAX_FILES = 5;

  /** Logs of replicas that are gone are kept for a week after their last write. */
  public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(7);

  /** Terminated replicas stay listed for ten minutes, so a person can see how they ended. */
  public static final Duration DEFAULT_TERMINATED_RETENTION = Duration.ofMinutes(10);

  /** The smallest CPU reserve: a quarter of a core. */
  public static final long MIN_RESERVED_CPU_MILLIS = 250;

  /** The smallest memory reserve: 512 MiB. */
  public static final long MIN_RESERVED_MEMORY_BYTES = 512L * 1024 * 1024;

  public LocalRuntimeConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(terminatedRetention, "terminatedRetention");
    Objects.requireNonNull(logRetention, "logRetention");
    if (logMaxBytes < 1024) {
      throw new IllegalArgumentException("logMaxBytes must be at least 1024, got " + logMaxBytes);
    }
    if (logMaxFiles < 0) {
      throw new IllegalArgumentException("logMaxFiles must be >= 0, got " + logMaxFiles);
    }
    if (terminatedRetention.isNegative() || logRetention.isNegative()) {
      throw new IllegalArgumentException("retention periods must not be negative");
    }
    if (reservedCpuMillis < 0 || reservedMemoryBytes < 0) {
      throw new IllegalArgumentException("reserves must not be negative");
    }
  }

  /**
   * The defaults for this machine: {@link CrashLoopBackoff#DEFAULT} (1 s doubling to 2 min, reset
   * after 5 min of clean running), terminated replicas listed for 10 minutes, logs rotated at 10
   * MiB keeping 5 files, logs of gone replicas retained 7 days, a reserve of max(250m, 10% of the
   * CPU) and max(512 MiB, 10% of the memory), cgroups used when writable.
   */
  public static LocalRuntimeConfig defaults(Path dataDir) {
    MachineFacts machine = MachineFacts.read();
    return new LocalRuntimeConfig(
        dataDir,
        CrashLoopBackoff.DEFAULT,
        DEFAULT_TERMINATED_RETENTION,
        DEFAULT_LOG_MAX_BYTES,
        DEFAULT_LOG_MAX_FILES,
        DEFAULT_LOG_RETENTION,
        reserveCpu(machine.cpuMillis()),
        reserveMemory(machine.memoryBytes()),
        true);
  }

  /** The default CPU reserve for a machine of {@code totalMillis}: max(250m, 10%). */
  public static long reserveCpu(long totalMillis) {
    return Math.max(MIN_RESERVED_CPU_MILLIS, totalMillis / 10);
  }

  /** The default memory reserve for a machine of {@code totalBytes}: max(512 MiB, 10%). */
  public static long reserveMemory(long totalBytes) {
    return Math.max(MIN_RESERVED_MEMORY_BYTES, totalBytes / 10);
  }

  /** The same settings with another backoff (tests use short delays). */
  public LocalRuntimeConfig withBackoff(CrashLoopBackoff b) {
    return new LocalRuntimeConfig(
        dataDir,
        b,
        terminatedRetention,
        logMaxBytes,
        logMaxFiles,
        logRetention,
        reservedCpuMillis,
        reservedMemoryBytes,
        useCgroups);
  }

  /** The same settings with other log rotation limits. */
  public LocalRuntimeConfig withLogLimits(long maxBytes, int maxFiles) {
    return new LocalRuntimeConfig(
        dataDir,
        backoff,
        terminatedRetention,
        maxBytes,
        maxFiles,
        logRetention,
        reservedCpuMillis,
        reservedMemoryBytes,
        useCgroups);
  }

  /** The same settings with cgroups on or off. */
  public LocalRuntimeConfig withCgroups(boolean use) {
    return new LocalRuntimeConfig(
        dataDir,
        backoff,
        terminatedRetention,
        logMaxBytes,
        logMaxFiles,
        logRetention,
        reservedCpuMillis,
        reservedMemoryBytes,
        use);
  }
}
