package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome;
import dev.berth.engine.autoscale.AutoscaleExplanation.Decision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest distinct decisions of one service, for {@code berth autoscale explain}: a decision
 * that repeats the previous one (same counts and reason) updates it in place instead of pushing an
 * older one out, so the log shows the last {@value #KEPT} changes of mind, not the last {@value
 * #KEPT} seconds. Thread-safe; in memory only.
 */
final class DecisionLog {
  static final int KEPT = 20;

  private final Deque<Decision> decisions = new ArrayDeque<>();

  synchronized void record(Instant at, int from, AutoscaleOutcome o) {
    Decision d = AutoscaleExplanation.decision(at, from, o);
    Decision last = decisions.peekLast();
    if (last != null
        && last.from() == d.from()
        && last.to() == d.to()
        && last.reason() == d.reason()) {
      decisions.pollLast();
      d = new Decision(last.at(), at, d.from(), d.to(), d.reason(), d.message(), d.readings());
    }
    decisions.addLast(d);
    while (decisions.size() > KEPT) {
      decisions.pollFirst();
    }
  }

  synchronized List<Decision> recent() {
    return List.copyOf(decisions);
  }
}
