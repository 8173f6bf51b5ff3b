package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.spec.Durations;
import dev.berth.core.spec.Quantities;
import java.time.Duration;
import java.util.List;

/** Wording of status messages: durations and sizes as a person reads them. */
final class Describe {
  static final int MESSAGE_MAX = 600;

  private Describe() {}

  /** The message of a replica waiting in BACKOFF. */
  static String backoff(Duration delay, dev.berth.engine.runtime.ExitInfo exit) {
    String what =
        exit.reason().equals("StartFailed")
            ? "could not start"
            : exit.reason() + " (exit code " + exit.code() + ")";
    String detail = exit.message().isEmpty() ? "" : ": " + exit.message();
    return "back-off " + Durations.format(delay) + " restarting: " + what + detail;
  }

  /** Why the RSS watcher (no cgroups) killed a replica. */
  static String overLimit(long used, long limit) {
    return "memory "
        + Quantities.describeMemory(used)
        + " over the limit of "
        + Quantities.describeMemory(limit)
        + " (RSS watch: no cgroups)";
  }

  /** The output lines joined, keeping the end if too long (the last words matter most). */
  static String output(List<String> lines) {
    String text = String.join("\n", lines).strip();
    return text.length() <= MESSAGE_MAX
        ? text
        : "..." + text.substring(text.length() - MESSAGE_MAX);
  }
}
