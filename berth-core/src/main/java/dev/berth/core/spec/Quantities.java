package dev.berth.core.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory quantities in the Kubernetes syntax, so one {@code berth.yaml} means the same on
 * this machine and on a cluster.
 *
 * <p>Invariants: parsing yields exact whole millicores and whole bytes (a value that does not land
 * on a whole unit is rejected rather than rounded); {@code parseX(formatX(v)) == v} for every value
 * in range; values outside a sane range (more than {@value #MAX_CPU_MILLIS} millicores, less than
 * 4Mi or more than 1Ti of memory per replica) are rejected as mistakes.
 */
public final class Quantities {

  /** 256 cores: larger than any machine a replica will land on. */
  public static final long MAX_CPU_MILLIS = 256_000;

  /** 4 MiB: below this no runtime starts. */
  public static final long MIN_MEMORY_BYTES = 4L << 20;

  /** 1 TiB per replica. */
  public static final long MAX_MEMORY_BYTES = 1L << 40;

  static final String CPU_FORMS = "use millicores like 250m, or cores like 0.5 or 2";
  static final String MEMORY_FORMS =
      "use a number of bytes with a suffix: Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T"
          + " (powers of 1000), e.g. 512Mi or 1.5Gi";

  private static final Pattern NUMBER = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)");
  private static final Pattern CPU = Pattern.compile(NUMBER.pattern() + "(m?)");
  private static final Pattern MEMORY =
      Pattern.compile(NUMBER.pattern() + "(Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final Pattern MEMORY_LOOSE = Pattern.compile(NUMBER.pattern() + "\\s*([A-Za-z]+)");
  private static final int MAX_LENGTH = 40;

  private static final String[] SUFFIXES = {"Ti", "Gi", "Mi", "Ki", "T", "G", "M", "k"};
  private static final long[] MULTIPLIERS = {
    1L << 40, 1L << 30, 1L << 20, 1L << 10, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L
  };

  private Quantities() {}

  /**
   * Parses a CPU quantity: {@code 250m} (millicores), {@code 0.5}, {@code 2}, {@code 1.5} (cores).
   *
   * @return whole millicores, from 1 to {@value #MAX_CPU_MILLIS}
   * @throws InvalidValueException naming the value and listing the accepted forms
   */
  public static long parseCpuMillis(String text) {
    String t = text.strip();
    Matcher m = CPU.matcher(t);
    if (t.length() > MAX_LENGTH || !m.matches()) {
      if (t.startsWith("-") && CPU.matcher(t.substring(1)).matches()) {
        throw new InvalidValueException("CPU '" + text + "' is negative", CPU_FORMS);
      }
      throw new InvalidValueException("'" + text + "' is not a CPU quantity", CPU_FORMS);
    }
    BigDecimal millis = new BigDecimal(m.group(1));
    if (m.group(2).isEmpty()) {
      millis = millis.movePointRight(3);
    }
    if (millis.signum() == 0) {
      throw new InvalidValueException("CPU '" + text + "' is zero", CPU_FORMS);
    }
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new InvalidValueException(
          "'" + text + "' is not a whole number of millicores",
          "CPU is counted in millicores (1000m = 1 core); the smallest amount is 1m");
    }
    if (millis.compareTo(BigDecimal.valueOf(MAX_CPU_MILLIS)) > 0) {
      throw new InvalidValueException(
          "CPU '" + text + "' is absurd: more than 256 cores", "use at most 256, e.g. 2 or 500m");
    }
    return millis.longValueExact();
  }

  /**
   * Parses a memory quantity: plain bytes, or a number with a binary ({@code Ki Mi Gi Ti}) or
   * decimal ({@code k M G T}) suffix; decimals such as {@code 1.5Gi} are fine when they come to
   * whole bytes. Exponents ({@code 1e9}) are not accepted.
   *
   * @return whole bytes, from 4Mi to 1Ti
   * @throws InvalidValueException naming the value and listing the accepted forms
   */
  public static long parseMemoryBytes(String text) {
    String t = text.strip();
    Matcher m = MEMORY.matcher(t);
    if (t.length() > MAX_LENGTH || !m.matches()) {
      throw memoryFormError(text, t);
    }
    BigDecimal bytes = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    if (suffix != null) {
      bytes = bytes.multiply(BigDecimal.valueOf(multiplier(suffix)));
    }
    if (bytes.signum() == 0) {
      throw new InvalidValueException("memory '" + text + "' is zero", MEMORY_FORMS);
    }
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw new InvalidValueException(
          "'" + text + "' is not a whole number of bytes",
          "use a value that comes to whole bytes, e.g. 1.5Gi or 300Mi");
    }
    if (bytes.compareTo(BigDecimal.valueOf(MIN_MEMORY_BYTES)) < 0) {
      throw new InvalidValueException(
          "memory '" + text + "' is too small: a replica needs at least 4Mi",
          "use at least 4Mi, e.g. 256Mi");
    }
    if (bytes.compareTo(BigDecimal.valueOf(MAX_MEMORY_BYTES)) > 0) {
      throw new InvalidValueException(
          "memory '" + text + "' is absurd: more than 1Ti per replica",
          "use at most 1Ti, e.g. 512Mi or 4Gi");
    }
    return bytes.longValueExact();
  }

  private static InvalidValueException memoryFormError(String text, String t) {
    if (t.startsWith("-") && t.length() <= MAX_LENGTH && MEMORY.matcher(t.substring(1)).matches()) {
      return new InvalidValueException("memory '" + text + "' is negative", MEMORY_FORMS);
    }
    Matcher loose = MEMORY_LOOSE.matcher(t);
    if (t.length() <= MAX_LENGTH && loose.matches()) {
      String n = loose.group(1);
      String unit = loose.group(2);
      if (unit.equals("m")) {
        return new InvalidValueException(
            "'" + text + "' means " + n + " thousandths of a byte ('m' is milli)",
            "use " + n + "Mi (mebibytes) or " + n + "M (megabytes)");
      }
      String u = unit.toLowerCase(Locale.ROOT);
      String[][] families = {
        {"k", "Ki", "k", "kibibytes", "kilobytes"},
        {"m", "Mi", "M", "mebibytes", "megabytes"},
        {"g", "Gi", "G", "gibibytes", "gigabytes"},
        {"t", "Ti", "T", "tebibytes", "terabytes"},
      };
      for (String[] f : families) {
        if (u.equals(f[0])
            || u.equals(f[0] + "b")
            || u.equals(f[0] + "i")
            || u.equals(f[0] + "ib")) {
          return new InvalidValueException(
              "'" + text + "' is not a memory quantity",
              "use " + n + f[1] + " (" + f[3] + ") or " + n + f[2] + " (" + f[4] + ")");
        }
      }
      if (u.startsWith("p") || u.startsWith("e")) {
        return new InvalidValueException(
            "memory '" + text + "' is absurd: more than 1Ti per replica",
            "use at most 1Ti, e.g. 512Mi or 4Gi");
      }
    }
    return new InvalidValueException("'" + text + "' is not a memory quantity", MEMORY_FORMS);
  }

  private static long multiplier(String suffix) {
    for (int i = 0; i < SUFFIXES.length; i++) {
      if (SUFFIXES[i].equals(suffix)) {
        return MULTIPLIERS[i];
      }
    }
    throw new IllegalStateException(suffix);
  }

  /**
   * The canonical Kubernetes spelling: whole cores as a plain number ({@code 2}), anything else in
   * millicores ({@code 250m}, {@code 1500m}).
   */
  public static String formatCpu(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("negative CPU: " + millis);
    }
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /**
   * Memory for a message to a person, to one decimal in the largest binary unit that fits: {@code
   * 224Mi}, {@code 21.6Gi}. Unlike {@link #formatMemory} it may round; it never depends on the
   * locale.
   */
  public static String describeMemory(long bytes) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
    double v = bytes;
    int u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    String n =
        v == Math.rint(v)
            ? Long.toString((long) v)
            : String.format(java.util.Locale.ROOT, "%.1f", v);
    return n + units[u];
  }

  /**
   * The shortest exact spelling, preferring binary suffixes on a tie: {@code 512Mi}, {@code 1Gi},
   * {@code 1G}, {@code 4096k}, {@code 123456789}.
   */
  public static String formatMemory(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative memory: " + bytes);
    }
    String best = Long.toString(bytes);
    if (bytes == 0) {
      return best;
    }
    for (int i = 0; i < SUFFIXES.length; i++) {
      if (bytes % MULTIPLIERS[i] == 0) {
        String candidate = (bytes / MULTIPLIERS[i]) + SUFFIXES[i];
        if (candidate.length() < best.length()) {
          best = candidate;
        }
      }
    }
    return best;
  }
}
