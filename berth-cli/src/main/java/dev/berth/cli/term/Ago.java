package dev.berth.cli.term;

import java.time.Duration;
import java.time.Instant;

/**
 * Compact ages and durations as kubectl prints them: {@code 45s}, {@code 3m}, {@code 2h}, {@code
 * 4d}.
 */
public final class Ago {
  private Ago() {}

  public static String between(Instant from, Instant to) {
    if (from == null) {
      return "-";
    }
    return format(Duration.between(from, to));
  }

  public static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86400) {
      long h = s / 3600;
      long m = (s % 3600) / 60;
      return m == 0 || h >= 10 ? h + "h" : h + "h" + m + "m";
    }
    return s / 86400 + "d";
  }
}
