package dev.berth.core.model;

/**
 * A percentage with two decimals ({@code 5%}, {@code 0.5%}, {@code 0.25%}), held exactly as basis
 * points (hundredths of a percent) so that comparing a rate with it never rounds.
 *
 * @param basisPoints hundredths of a percent, from 0 ({@code 0%}) to 10000 ({@code 100%})
 */
public record Percent(int basisPoints) {

  public static final int MAX_BASIS_POINTS = 10_000;

  public Percent {
    if (basisPoints < 0 || basisPoints > MAX_BASIS_POINTS) {
      throw new IllegalArgumentException("a percentage is from 0% to 100%: " + basisPoints + "bp");
    }
  }

  /** A whole percentage. */
  public static Percent of(int percent) {
    return new Percent(percent * 100);
  }

  /**
   * Whether {@code part} out of {@code whole} is strictly more than this percentage, computed
   * exactly ({@code part / whole > basisPoints / 10000}). Nothing exceeds it when {@code whole} is
   * 0.
   */
  public boolean exceededBy(long part, long whole) {
    if (whole <= 0 || part <= 0) {
      return false;
    }
    java.math.BigInteger left =
        java.math.BigInteger.valueOf(part).multiply(java.math.BigInteger.valueOf(MAX_BASIS_POINTS));
    java.math.BigInteger right =
        java.math.BigInteger.valueOf(basisPoints).multiply(java.math.BigInteger.valueOf(whole));
    return left.compareTo(right) > 0;
  }

  /** As written in a spec, shortest form: {@code 5%}, {@code 0.5%}, {@code 12.25%}. */
  @Override
  public String toString() {
    int whole = basisPoints / 100;
    int frac = basisPoints % 100;
    if (frac == 0) {
      return whole + "%";
    }
    return whole
        + "."
        + (frac % 10 == 0 ? Integer.toString(frac / 10) : String.format("%02d", frac))
        + "%";
  }
}
