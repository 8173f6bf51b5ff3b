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

  /**
   * Why an adopted replica's output is not logged, and what to do: it keeps running, but blocks
   * once its pipe is full, so the person reading the status must act before that.
   */
  static String undrained(Exception e) {
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    return "its output is not logged ("
        + why
        + "): it blocks once 64 KiB of output wait in its pipe; stop and start the service"
        + " (berth stop, berth start) to log it again";
  }
}
