package dev.berth.core.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A difference between the stored desired state of a service and the spec it was applied from, or
 * between that desired state and what runs: someone ran {@code berth scale} or {@code berth stop},
 * or replicas are missing. Drift is shown by a plan; an apply does not undo it unless the spec's
 * own value changes (a count set by {@code berth scale} survives an unchanged re-apply).
 *
 * @param service the service
 * @param kind what drifted
 * @param detail for a person: {@code replicas 3 (berth scale), spec says 2}
 */
public record Drift(String service, Kind kind, String detail) {

  /** The kinds of drift. */
  public enum Kind {
    /** The replica count was set by {@code berth scale}, not by the spec. */
    SCALED,
    /** The autoscaler set the replica count (expected, shown for information). */
    AUTOSCALED,
    /** {@code berth stop} stopped the service. */
    STOPPED,
    /** Fewer replicas run than desired. */
    MISSING_REPLICAS,
    /** More replicas run than desired (some are stopping, or another copy runs). */
    EXTRA_REPLICAS;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
