package dev.berth.core.autoscale;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the autoscaler remembers between decisions: what the HPA keeps in memory (recent
 * recommendations for the stabilization windows, recent scale events for the rate policies) and
 * what KEDA keeps in a ScaledObject's status (when a trigger was last active, consecutive failures
 * per trigger). The decision returns the next state; the caller keeps it for the next decision
 * (Berth's AutoscaleController keeps it in memory, so a restarted control plane starts the windows
 * afresh, as the HPA does).
 *
 * <p>Invariants: lists are ordered oldest first and hold nothing older than the longest window or
 * policy period at the last decision; failure counts are positive (a trigger that read fine is
 * absent). Immutable.
 *
 * @param startedAt when autoscaling of the service began (for {@code initialCooldown})
 * @param lastActive when a trigger was last active, or {@code null} if never
 * @param lastScaleAt when the decision last changed the count, or {@code null}
 * @param recommendations the recent unstabilized recommendations
 * @param scaleUps recent increases: when, and by how many replicas
 * @param scaleDowns recent decreases: when, and by how many replicas
 * @param failures consecutive failed readings by trigger name
 */
public record AutoscaleState(
    Instant startedAt,
    Instant lastActive,
    Instant lastScaleAt,
    List<Timed> recommendations,
    List<Timed> scaleUps,
    List<Timed> scaleDowns,
    Map<String, Integer> failures) {

  /** A count at a time: a recommendation, or the size of a scale event. */
  public record Timed(Instant at, int replicas) {
    public Timed {
      Objects.requireNonNull(at, "at");
    }
  }

  public AutoscaleState {
    Objects.requireNonNull(startedAt, "startedAt");
    recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    scaleUps = scaleUps == null ? List.of() : List.copyOf(scaleUps);
    scaleDowns = scaleDowns == null ? List.of() : List.copyOf(scaleDowns);
    failures = failures == null ? Map.of() : Map.copyOf(failures);
  }

  /** The state of a service whose autoscaling starts at {@code now}. */
  public static AutoscaleState start(Instant now) {
    return new AutoscaleState(now, null, null, List.of(), List.of(), List.of(), Map.of());
  }

  /** Consecutive failed readings of {@code trigger}. */
  public int failuresOf(String trigger) {
    return failures.getOrDefault(trigger, 0);
  }
}
