package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ExitInfo;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a run ended, as a pure function of what the runtime knows about it. Precedence: the runtime's
 * own kill reason (liveness, startup timeout, RSS watch) first, then a kernel OOM kill (only for a
 * non-zero exit: a child killed by OOM while the app went on to exit cleanly is not the app's end),
 * then a requested stop, then the exit code.
 */
final class ExitClassifier {
  private ExitClassifier() {}

  /** What ended the run, beyond its exit code. */
  record Facts(
      int code,
      boolean adopted,
      String killReason,
      String killMessage,
      boolean oomKilledInCgroup,
      long memoryLimitBytes,
      boolean stopping) {}

  /**
   * @param outputTail the run's last lines of output, read only for an {@code Error}
   */
  static ExitInfo classify(Facts f, Supplier<List<String>> outputTail, Instant now) {
    int code = f.adopted() ? -1 : f.code();
    if (f.killReason() != null) {
      return new ExitInfo(code, f.killReason(), f.killMessage(), now);
    }
    if (f.oomKilledInCgroup() && f.code() != 0) {
      String limit = dev.berth.core.spec.Quantities.describeMemory(f.memoryLimitBytes());
      return new ExitInfo(code, "OOMKilled", "memory limit " + limit + " exceeded", now);
    }
    if (f.stopping()) {
      return new ExitInfo(code, code == 0 ? "Completed" : "Killed", "stopped", now);
    }
    if (code == 0) {
      return new ExitInfo(0, "Completed", "", now);
    }
    String head = code < 0 ? "exited (code unknown: adopted process)" : "exited with code " + code;
    List<String> tail = outputTail.get();
    String msg = tail.isEmpty() ? head + " (no output)" : head + ": " + Describe.output(tail);
    return new ExitInfo(code, "Error", msg, now);
  }

  /** Millicores used between two cumulative CPU samples, {@code -1} when not computable. */
  static long millicores(long prevNanos, Instant prevAt, long nanos, Instant now) {
    if (nanos < 0 || prevNanos < 0 || prevAt == null) {
      return -1;
    }
    long dt = java.time.Duration.between(prevAt, now).toNanos();
    return dt <= 0 ? -1 : Math.max(0, nanos - prevNanos) * 1000 / dt;
  }
}
