package dev.berth.core.model;

/**
 * A number of replicas given either as a count ({@code 2}) or as a whole percentage of the desired
 * count ({@code 25%}), as Kubernetes' {@code IntOrString} for a Deployment's {@code maxSurge} and
 * {@code maxUnavailable}.
 *
 * <p>Invariant: {@code value >= 0}, and a percentage is at most 100. Percentages resolve against
 * the desired count the way Kubernetes does: {@link #roundUp} for a surge (so a small service still
 * gets at least one extra replica), {@link #roundDown} for unavailability (so a small service never
 * loses more than it allows).
 *
 * @param value the count, or the percentage when {@code percent}
 * @param percent whether {@code value} is a percentage of the desired count
 */
public record CountOrPercent(int value, boolean percent) {

  public CountOrPercent {
    if (value < 0) {
      throw new IllegalArgumentException("must be >= 0: " + value);
    }
    if (percent && value > 100) {
      throw new IllegalArgumentException("a percentage must be at most 100%: " + value + "%");
    }
  }

  public static CountOrPercent count(int n) {
    return new CountOrPercent(n, false);
  }

  public static CountOrPercent percentOf(int p) {
    return new CountOrPercent(p, true);
  }

  /** The count for {@code desired} replicas, a percentage rounded up. */
  public int roundUp(int desired) {
    return percent ? (int) (((long) value * desired + 99) / 100) : value;
  }

  /** The count for {@code desired} replicas, a percentage rounded down. */
  public int roundDown(int desired) {
    return percent ? (int) ((long) value * desired / 100L) : value;
  }

  /** {@code 0} or {@code 0%}: resolves to no replica whatever the desired count. */
  public boolean zero() {
    return value == 0;
  }

  /** As written in a spec: {@code 3} or {@code 25%}. */
  @Override
  public String toString() {
    return percent ? value + "%" : Integer.toString(value);
  }
}
