package dev.berth.core.capacity;

import java.util.Arrays;
import java.util.List;

/**
 * Recommends requests from what replicas actually used: a pure function of the usage samples.
 *
 * <p>The rule (after the Kubernetes Vertical Pod Autoscaler's recommender, simplified):
 *
 * <ul>
 *   <li><b>cpu</b>: the {@code cpuPercentile} (default 95th) of the cpu samples, plus {@code
 *       cpuMargin} (default 15%), rounded up to 10m. CPU is compressible: a replica above its
 *       request is slowed down, not killed, so a high percentile is enough.
 *   <li><b>memory</b>: the maximum of the memory samples, plus {@code memoryMargin} (default 20%),
 *       rounded up to 1 MiB. Memory is not compressible: a replica above its limit is killed, so
 *       the peak counts.
 *   <li>Never below 10m cpu and 16 MiB memory.
 *   <li>With fewer than {@code minSamples} samples (default 60, an hour at one a minute) there is
 *       no recommendation: the current requests are kept and the result says why.
 * </ul>
 *
 * <p>Percentiles use the nearest-rank method: the smallest sample with at least p% of the samples
 * at or below it.
 */
public final class RightSizing {
  private RightSizing() {}

  /** One reading of one replica: cpu in millicores, memory in bytes, both {@code >= 0}. */
  public record Sample(long cpuMillis, long memoryBytes) {
    public Sample {
      if (cpuMillis < 0 || memoryBytes < 0) {
        throw new IllegalArgumentException(
            "a usage sample cannot be negative: cpu=" + cpuMillis + "m memory=" + memoryBytes);
      }
    }
  }

  /** The knobs of the rule. */
  public record Policy(
      double cpuPercentile, double cpuMargin, double memoryMargin, int minSamples) {
    public static final Policy DEFAULT = new Policy(95, 0.15, 0.20, 60);

    public Policy {
      if (!(cpuPercentile > 0 && cpuPercentile <= 100)) {
        throw new IllegalArgumentException("the cpu percentile must be in (0, 100]");
      }
      if (!(cpuMargin >= 0) || !(memoryMargin >= 0) || minSamples < 1) {
        throw new IllegalArgumentException("margins must be >= 0 and minSamples >= 1");
      }
    }
  }

  /**
   * A recommendation for one service.
   *
   * @param cpuMillis the recommended cpu request (the current one when {@code !enough})
   * @param memoryBytes the recommended memory request (the current one when {@code !enough})
   * @param enough whether there were enough samples to recommend anything
   * @param why how the numbers came about, for a person
   */
  public record Recommendation(long cpuMillis, long memoryBytes, boolean enough, String why) {}

  public static final long MIN_CPU_MILLIS = 10;
  public static final long MIN_MEMORY_BYTES = 16L << 20;

  /** Recommends requests for a service whose replicas use what {@code samples} say. */
  public static Recommendation recommend(
      List<Sample> samples, long currentCpuMillis, long currentMemoryBytes, Policy policy) {
    if (samples.size() < policy.minSamples()) {
      return new Recommendation(
          currentCpuMillis,
          currentMemoryBytes,
          false,
          "only "
              + samples.size()
              + " usage samples, fewer than "
              + policy.minSamples()
              + ": keeping the current requests");
    }
    long[] cpu = samples.stream().mapToLong(Sample::cpuMillis).toArray();
    Arrays.sort(cpu);
    int rank = (int) Math.ceil(policy.cpuPercentile() / 100.0 * cpu.length);
    long p = cpu[Math.max(0, rank - 1)];
    long maxMem = samples.stream().mapToLong(Sample::memoryBytes).max().orElse(0);
    long c = roundUp((long) Math.ceil(p * (1 + policy.cpuMargin())), 10);
    long mi = 1L << 20;
    long m = roundUp((long) Math.ceil(maxMem * (1 + policy.memoryMargin())), mi);
    c = Math.max(MIN_CPU_MILLIS, c);
    m = Math.max(MIN_MEMORY_BYTES, m);
    return new Recommendation(
        c,
        m,
        true,
        String.format(
            java.util.Locale.ROOT,
            "cpu p%.0f %dm + %.0f%%, memory max %dMi + %.0f%%, over %d samples",
            policy.cpuPercentile(),
            p,
            policy.cpuMargin() * 100,
            maxMem >> 20,
            policy.memoryMargin() * 100,
            samples.size()));
  }

  private static long roundUp(long v, long step) {
    return LowerBound.ceilDiv(v, step) * step;
  }
}
