package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a cron service's run settings ({@link #KEYS}) into a {@link CronDraft}, each value on its
 * own. Whether the service may have them (only cron services) is decided when it is resolved.
 *
 * <p>Ranges: {@code startingDeadline} and {@code timeout} above zero and at most {@link #MAX_WAIT};
 * {@code retries} 0 to {@link #MAX_RETRIES}, {@code backoff} at most {@link #MAX_BACKOFF}; history
 * limits 0 to {@link #MAX_HISTORY}.
 */
final class CronReader {

  /** The service-level keys this reader owns. */
  static final List<String> KEYS =
      List.of("startingDeadline", "missedRuns", "timeout", "retries", "suspend", "history");

  /** The longest starting deadline and run timeout: a week (a weekly job may run for days). */
  static final Duration MAX_WAIT = Duration.ofDays(7);

  static final int MAX_RETRIES = 100;
  static final Duration MAX_BACKOFF = Duration.ofHours(24);
  static final int MAX_HISTORY = 1000;

  private static final String RETRIES_FORMS =
      "write retries: 3, or retries: {limit: 3, backoff: 10s, maxBackoff: 6m}";
  private static final String HISTORY_FORMS = "write e.g. history: {successful: 3, failed: 1}";

  private final MappingReader maps;
  private final Problems p;

  CronReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
  }

  /** Reads the value {@code v} of {@code key} (one of {@link #KEYS}) into {@code d}. */
  void read(CronDraft d, String key, Node v, String kp) {
    switch (key) {
      case "startingDeadline" -> d.startingDeadline = duration(v, kp, key, MAX_WAIT, "5m");
      case "timeout" -> d.timeout = duration(v, kp, key, MAX_WAIT, "1h");
      case "missedRuns" -> d.missedRuns = missedRuns(v, kp);
      case "suspend" -> {
        Boolean b = Scalars.bool(v, kp, key, p);
        d.suspend = b == null ? null : new Located<>(b, v, kp);
      }
      case "retries" -> retries(d, v, kp);
      case "history" -> history(d, v, kp);
      default -> throw new IllegalStateException(key);
    }
  }

  private Located<CronSchedule.MissedRuns> missedRuns(Node v, String kp) {
    String text = Scalars.text(v, kp, "a missed-runs policy", p);
    if (text == null) {
      return null;
    }
    CronSchedule.MissedRuns m = CronSchedule.MissedRuns.fromWire(text);
    if (m == null) {
      List<String> allowed = List.of("run-latest", "skip");
      p.at(
          v,
          kp,
          Scalars.quote(text) + " is not a missed-runs policy",
          Suggestions.didYouMean(
              text,
              allowed,
              "use 'run-latest' (one run for the latest missed time) or 'skip' (none)"));
      return null;
    }
    return new Located<>(m, v, kp);
  }

  private void retries(CronDraft d, Node v, String kp) {
    if (v instanceof ScalarNode) {
      d.retryLimit = integer(v, kp, "retries", MAX_RETRIES);
      return;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(v, kp, "expected a number of retries, got " + Scalars.describe(v), RETRIES_FORMS);
      return;
    }
    for (Entry e : maps.fields(m, kp, Keys.RETRIES).values()) {
      String rp = join(kp, e.key());
      Node n = e.valueNode();
      switch (e.key()) {
        case "limit" -> d.retryLimit = integer(n, rp, "limit", MAX_RETRIES);
        case "backoff" -> d.backoff = duration(n, rp, "backoff", MAX_BACKOFF, "10s");
        case "maxBackoff" -> d.maxBackoff = duration(n, rp, "maxBackoff", MAX_BACKOFF, "6m");
        default -> throw new IllegalStateException(e.key());
      }
    }
  }

  private void history(CronDraft d, Node v, String kp) {
    if (!(v instanceof MappingNode m)) {
      p.at(v, kp, "expected the history limits, got " + Scalars.describe(v), HISTORY_FORMS);
      return;
    }
    for (Entry e : maps.fields(m, kp, Keys.HISTORY).values()) {
      String hp = join(kp, e.key());
      Located<Integer> n = integer(e.valueNode(), hp, e.key(), MAX_HISTORY);
      if (e.key().equals("successful")) {
        d.successfulHistory = n;
      } else {
        d.failedHistory = n;
      }
    }
  }

  private Located<Integer> integer(Node n, String path, String key, int max) {
    Integer i = Scalars.integer(n, path, key, 0, max, p);
    return i == null ? null : new Located<>(i, n, path);
  }

  private Located<Duration> duration(Node n, String kp, String key, Duration max, String example) {
    Duration d = Scalars.duration(n, kp, key, false, max, example, p);
    return d == null ? null : new Located<>(d, n, kp);
  }
}
