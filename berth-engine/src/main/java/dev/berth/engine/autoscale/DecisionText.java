package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome;
import dev.berth.core.autoscale.AutoscaleOutcome.TriggerVerdict;
import java.util.ArrayList;
import java.util.List;

/** A decision as the one line an event carries: the counts, the reason, every trigger's reading. */
final class DecisionText {
  private DecisionText() {}

  /** {@code replicas 1 -> 4 (SCALE_UP): <sentence>; triggers: jobs=40 -> 4, mails: error}. */
  static String describe(int from, AutoscaleOutcome o) {
    StringBuilder b =
        new StringBuilder()
            .append("replicas ")
            .append(from)
            .append(" -> ")
            .append(o.desired())
            .append(" (")
            .append(o.reason())
            .append("): ")
            .append(o.message())
            .append("; triggers: ");
    List<String> parts = new ArrayList<>();
    for (TriggerVerdict v : o.triggers()) {
      if (v.error() != null) {
        parts.add(
            v.name()
                + " failed ("
                + v.error()
                + ", "
                + v.failures()
                + " in a row"
                + (v.fallback() ? ", fallback " + v.recommendation() : "")
                + ")");
      } else {
        parts.add(
            v.name()
                + "="
                + number(v.value())
                + (v.recommendation() >= 0 ? " recommends " + v.recommendation() : "")
                + (v.active() ? " active" : ""));
      }
    }
    return b.append(String.join(", ", parts)).toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
