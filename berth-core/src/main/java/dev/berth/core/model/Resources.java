package dev.berth.core.model;

/**
 * CPU and memory for one replica.
 *
 * <p>Requests are what admission counts against a node's allocatable capacity; they are always set
 * (defaults apply when the spec is silent). Limits are enforced by the runtime; {@code 0} means "no
 * limit". When the spec gives {@code cpu} or {@code memory}, that value is both the request and the
 * limit, as a Heroku dyno size is: what you ask for is what you get and no more.
 *
 * @param cpuMillis CPU request in millicores (1000 = one core), {@code > 0}
 * @param memoryBytes memory request in bytes, {@code > 0}
 * @param cpuLimitMillis CPU limit in millicores, {@code 0} = unlimited
 * @param memoryLimitBytes memory limit in bytes, {@code 0} = unlimited
 */
public record Resources(
    long cpuMillis, long memoryBytes, long cpuLimitMillis, long memoryLimitBytes) {

  /** Request used when the spec gives no {@code cpu}: a tenth of a core, no limit. */
  public static final long DEFAULT_CPU_MILLIS = 100;

  /** Request used when the spec gives no {@code memory}: 256 MiB, no limit. */
  public static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;

  /** What a service gets when its spec has no {@code resources} block. */
  public static final Resources DEFAULT =
      new Resources(DEFAULT_CPU_MILLIS, DEFAULT_MEMORY_BYTES, 0, 0);

  public Resources {
    if (cpuMillis <= 0 || memoryBytes <= 0 || cpuLimitMillis < 0 || memoryLimitBytes < 0) {
      throw new IllegalArgumentException(
          "resources must be positive: cpu=" + cpuMillis + "m memory=" + memoryBytes);
    }
  }

  /**
   * Resources as the spec states them: a given value is request and limit; an absent one ({@code
   * null}) takes the default request and no limit.
   */
  public static Resources of(Long cpuMillis, Long memoryBytes) {
    return new Resources(
        cpuMillis == null ? DEFAULT_CPU_MILLIS : cpuMillis,
        memoryBytes == null ? DEFAULT_MEMORY_BYTES : memoryBytes,
        cpuMillis == null ? 0 : cpuMillis,
        memoryBytes == null ? 0 : memoryBytes);
  }
}
