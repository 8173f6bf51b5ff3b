package dev.berth.runtime.local.internal.supervise;

import java.time.Duration;
import java.util.List;

/** Wording of status messages: durations and sizes as a person reads them. */
final class Describe {
  static final int MESSAGE_MAX = 600;

  private Describe() {}

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 == 0) {
      long s = ms / 1000;
      return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
    return String.format("%.1fs", ms / 1000.0);
  }

  static String bytes(long b) {
    if (b >= 1024L * 1024 * 1024 && b % (1024L * 1024 * 1024) == 0) {
      return b / (1024L * 1024 * 1024) + "Gi";
    }
    if (b >= 1024 * 1024) {
      return b / (1024 * 1024) + "Mi";
    }
    return b + "B";
  }

  /** The message of a replica waiting in BACKOFF. */
  static String backoff(Duration delay, dev.berth.engine.runtime.ExitInfo exit) {
    String what =
        exit.reason().equals("StartFailed")
            ? "could not start"
            : exit.reason() + " (exit code " + exit.code() + ")";
    String detail = exit.message().isEmpty() ? "" : ": " + exit.message();
    return "back-off " + duration(delay) + " restarting: " + what + detail;
  }

  /** Why the RSS watcher (no cgroups) killed a replica. */
  static String overLimit(long used, long limit) {
    return "memory "
        + bytes(used)
        + " over the limit of "
        + bytes(limit)
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
