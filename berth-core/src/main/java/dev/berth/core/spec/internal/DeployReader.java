package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.spec.InvalidValueException;
import dev.berth.core.spec.Percentages;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a {@code deploy} value: a mapping of rollout and watch settings. Value-level rules only;
 * whether the service may have one (not cron) and whether maxSurge and maxUnavailable are both zero
 * are decided when the service is resolved, after environment overrides are merged.
 */
final class DeployReader {

  static final String FORMS =
      "write e.g. deploy: {strategy: rolling, maxSurge: 25%, maxUnavailable: 0,"
          + " progressDeadline: 5m}";

  /** The longest minReady, as the longest health timing. */
  static final Duration MAX_MIN_READY = Duration.ofHours(1);

  /** The longest progress deadline and watch: a day. */
  static final Duration MAX_WAIT = Duration.ofHours(24);

  /** The longest p95 latency threshold. */
  static final Duration MAX_LATENCY = Duration.ofMinutes(1);

  private final MappingReader maps;
  private final Problems p;

  DeployReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
  }

  DeployDraft read(Node v, String path) {
    if (Scalars.isNull(v)) {
      return null;
    }
    if (!(v instanceof MappingNode m)) {
      p.at(v, path, "expected the deploy settings, got " + Scalars.describe(v), FORMS);
      return null;
    }
    DeployDraft d = new DeployDraft(v);
    for (Entry e : maps.fields(m, path, Keys.DEPLOY).values()) {
      String kp = join(path, e.key());
      Node n = e.valueNode();
      switch (e.key()) {
        case "strategy" -> d.strategy = strategy(n, kp);
        case "maxSurge", "maxUnavailable" -> {
          String text = Scalars.text(n, kp, "a replica count or a percentage such as 25%", p);
          if (text == null) {
            break;
          }
          try {
            var value = new Located<>(Percentages.parseCountOrPercent(text), n, kp);
            if (e.key().equals("maxSurge")) {
              d.maxSurge = value;
            } else {
              d.maxUnavailable = value;
            }
          } catch (InvalidValueException ex) {
            p.at(n, kp, ex.problem(), ex.hint());
          }
        }
        case "minReady" -> d.minReady = duration(n, kp, e.key(), true, MAX_MIN_READY, "10s");
        case "progressDeadline" ->
            d.progressDeadline = duration(n, kp, e.key(), false, MAX_WAIT, "10m");
        case "watch" -> d.watch = duration(n, kp, e.key(), true, MAX_WAIT, "2m");
        case "autoRollback" -> {
          Boolean b = Scalars.bool(n, kp, e.key(), p);
          d.autoRollback = b == null ? null : new Located<>(b, n, kp);
        }
        case "errorRate" -> {
          String text = Scalars.text(n, kp, "a percentage such as 5%", p);
          if (text == null) {
            break;
          }
          try {
            d.errorRate = new Located<>(Percentages.parse(text), n, kp);
          } catch (InvalidValueException ex) {
            p.at(n, kp, ex.problem(), ex.hint());
          }
        }
        case "latencyP95" -> d.latencyP95 = latency(n, kp);
        default -> throw new IllegalStateException(e.key());
      }
    }
    return d;
  }

  private Located<DeploySpec.Strategy> strategy(Node n, String kp) {
    String text = Scalars.text(n, kp, "a deploy strategy", p);
    if (text == null) {
      return null;
    }
    DeploySpec.Strategy s = DeploySpec.Strategy.fromWire(text);
    if (s == null) {
      List<String> allowed = List.of("rolling", "recreate");
      p.at(
          n,
          kp,
          Scalars.quote(text) + " is not a deploy strategy",
          Suggestions.didYouMean(text, allowed, "use " + Suggestions.quotedList(allowed, "or")));
      return null;
    }
    return new Located<>(s, n, kp);
  }

  /** {@code off} (YAML 1.1 reads a plain {@code off} as false) or a duration above zero. */
  private Located<Duration> latency(Node n, String kp) {
    if (n instanceof ScalarNode s) {
      String text = s.getValue().strip().toLowerCase(java.util.Locale.ROOT);
      boolean bool = Tag.BOOL.equals(s.getTag());
      if (bool && List.of("false", "no", "off", "n").contains(text)
          || Tag.STR.equals(s.getTag()) && text.equals("off")) {
        return new Located<>(Duration.ZERO, n, kp);
      }
      if (bool) {
        p.at(
            n,
            kp,
            "latencyP95 cannot be " + Scalars.describe(n),
            "write a duration such as 500ms, or off");
        return null;
      }
    }
    return duration(n, kp, "latencyP95", false, MAX_LATENCY, "500ms");
  }

  private Located<Duration> duration(
      Node n, String kp, String key, boolean zeroAllowed, Duration max, String example) {
    Duration d = Scalars.duration(n, kp, key, zeroAllowed, max, example, p);
    return d == null ? null : new Located<>(d, n, kp);
  }
}
