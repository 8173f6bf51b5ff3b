package dev.berth.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * When a cron service runs.
 *
 * @param expression a five-field Unix cron expression or a macro ({@code @hourly}, {@code @daily},
 *     {@code @midnight}, {@code @weekly}, {@code @monthly}, {@code @yearly}, {@code @annually}), as
 *     Kubernetes CronJob accepts
 * @param timezone an IANA zone id such as {@code Europe/Paris}; {@code UTC} when the spec is silent
 * @param concurrency what to do when a run is due while the previous one still runs
 */
public record CronSchedule(String expression, String timezone, Concurrency concurrency) {

  /** Kubernetes CronJob's concurrencyPolicy, spelled in lower case in the spec. */
  public enum Concurrency {
    ALLOW,
    FORBID,
    REPLACE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Concurrency fromWire(String text) {
      for (Concurrency c : values()) {
        if (c.wireName().equals(text)) {
          return c;
        }
      }
      return null;
    }
  }

  public CronSchedule {
    Objects.requireNonNull(expression, "expression");
    timezone = timezone == null ? "UTC" : timezone;
    concurrency = concurrency == null ? Concurrency.FORBID : concurrency;
  }
}
