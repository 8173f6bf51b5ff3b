package dev.berth.cli.commands;

import dev.berth.cli.term.Term;
import dev.berth.runtime.local.StopProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The live line {@code berth up} shows while it stops its replicas: "stopping replicas: 734 of 1000
 * still running". On a terminal one line is rewritten in place at each change; elsewhere (a log
 * file, a pipe) a line is printed at most once a second, and always the last one, so a thousand
 * replicas never make a thousand lines.
 */
final class StopStatusLine implements StopProgress {
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final Term t;
  private final Clock clock;
  private Instant printedAt;
  private boolean open;

  StopStatusLine(Term t, Clock clock) {
    this.t = t;
    this.clock = clock;
  }

  /** The text of the line for {@code left} of {@code total} replicas still running. */
  static String text(int left, int total) {
    return left == 0
        ? "  all " + total + (total == 1 ? " replica" : " replicas") + " stopped"
        : "  stopping replicas: " + left + " of " + total + " still running";
  }

  /** Whether a line without a terminal is due: the first, the last, or a second after the last. */
  static boolean due(Instant printedAt, int left, Instant now) {
    return printedAt == null || left == 0 || !now.isBefore(printedAt.plus(EVERY));
  }

  @Override
  public synchronized void left(int left, int total) {
    if (total == 0) {
      return;
    }
    if (t.tty()) {
      t.err().print("\r\033[K" + text(left, total) + (left == 0 ? "\n" : ""));
      t.err().flush();
      open = left != 0;
      return;
    }
    Instant now = clock.instant();
    if (due(printedAt, left, now)) {
      printedAt = now;
      t.say(text(left, total));
    }
  }

  /** Ends a line left open on the terminal (when stopping gave up with replicas left). */
  synchronized void finish() {
    if (open) {
      t.err().println();
      open = false;
    }
  }
}
