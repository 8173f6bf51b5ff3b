package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.model.AutoscaleSpec.Policy;
import dev.berth.core.model.AutoscaleSpec.PolicyType;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.AutoscaleSpec.SelectPolicy;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code behavior.scaleUp} or {@code behavior.scaleDown}: the Kubernetes HPA's {@code
 * HPAScalingRules} with Berth durations ({@code stabilizationWindow: 5m}, {@code period: 15s})
 * where the HPA counts seconds. A key left out keeps the HPA's default for that direction, as in
 * Kubernetes; bounds are the HPA's (a window of at most an hour, a period of at most 30 minutes).
 *
 * <p>Invariant: returns {@code null} exactly when it reported a problem.
 */
final class RulesReader {

  static final Duration MAX_WINDOW = Duration.ofHours(1);
  static final Duration MAX_PERIOD = Duration.ofMinutes(30);

  private final MappingReader maps;
  private final Problems p;

  RulesReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
  }

  Rules read(Node v, String path, boolean up, Rules defaults) {
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          path,
          "expected scaling rules, got " + Scalars.describe(v),
          "write e.g. {stabilizationWindow: 1m, policies: [{type: Pods, value: 2, period: 15s}]}");
      return null;
    }
    int before = p.count();
    Map<String, Entry> f = maps.fields(m, path, Keys.SCALING_RULES);
    Duration window = defaults.stabilizationWindow();
    SelectPolicy select = defaults.selectPolicy();
    List<Policy> policies = defaults.policies();
    double tolerance = defaults.tolerance();
    for (Entry e : f.values()) {
      String kp = join(path, e.key());
      Node n = e.valueNode();
      switch (e.key()) {
        case "stabilizationWindow" ->
            window = Scalars.duration(n, kp, e.key(), true, MAX_WINDOW, "5m", p);
        case "selectPolicy" -> select = choice(n, kp, SelectPolicy.class, "a select policy");
        case "policies" -> policies = policies(n, kp, up);
        case "tolerance" -> {
          Double t = fraction(n, kp);
          tolerance = t == null ? tolerance : t;
        }
        default -> throw new IllegalStateException(e.key());
      }
    }
    if (p.count() > before || window == null || select == null || policies == null) {
      return null;
    }
    if (policies.isEmpty() && select != SelectPolicy.Disabled) {
      p.at(
          f.get("policies").valueNode(),
          join(path, "policies"),
          "no policy: scaling " + (up ? "up" : "down") + " could never change the count",
          "add a policy, e.g. {type: Percent, value: 100, period: 15s}, or write selectPolicy:"
              + " Disabled");
      return null;
    }
    return new Rules(window, select, policies, tolerance);
  }

  private List<Policy> policies(Node v, String path, boolean up) {
    if (!(v instanceof SequenceNode seq)) {
      p.at(
          v,
          path,
          "expected a list of policies, got " + Scalars.describe(v),
          "write e.g. policies: [{type: Pods, value: 4, period: 15s}]");
      return null;
    }
    List<Policy> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < seq.getValue().size(); i++) {
      Policy policy = policy(seq.getValue().get(i), path + "[" + i + "]", up);
      ok &= policy != null;
      if (policy != null) {
        out.add(policy);
      }
    }
    return ok ? out : null;
  }

  private Policy policy(Node v, String path, boolean up) {
    if (!(v instanceof MappingNode m)) {
      p.at(
          v,
          path,
          "expected a policy, got " + Scalars.describe(v),
          "write e.g. {type: Percent, value: 100, period: 15s}");
      return null;
    }
    int before = p.count();
    Map<String, Entry> f = maps.fields(m, path, Keys.POLICY);
    for (String key : Keys.POLICY) {
      if (!f.containsKey(key)) {
        p.at(m, path, "the policy has no " + key, "write e.g. {type: Pods, value: 4, period: 15s}");
      }
    }
    if (p.count() > before) {
      return null;
    }
    PolicyType type =
        choice(f.get("type").valueNode(), join(path, "type"), PolicyType.class, "a policy type");
    int most = type == PolicyType.Percent && !up ? 100 : 1000;
    Integer value =
        Scalars.integer(f.get("value").valueNode(), join(path, "value"), "value", 1, most, p);
    Duration period =
        Scalars.duration(
            f.get("period").valueNode(),
            join(path, "period"),
            "period",
            false,
            MAX_PERIOD,
            "15s",
            p);
    return type == null || value == null || period == null ? null : new Policy(type, value, period);
  }

  private <E extends Enum<E>> E choice(Node n, String kp, Class<E> type, String what) {
    String text = Scalars.text(n, kp, what, p);
    if (text == null) {
      return null;
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    if (!allowed.contains(text)) {
      p.at(
          n,
          kp,
          Scalars.quote(text) + " is not " + what,
          Suggestions.didYouMean(text, allowed, "use " + Suggestions.quotedList(allowed, "or")));
      return null;
    }
    return Enum.valueOf(type, text);
  }

  private Double fraction(Node n, String kp) {
    if (n instanceof ScalarNode s
        && s.isPlain()
        && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
      try {
        double d = Double.parseDouble(s.getValue());
        if (d >= 0 && d < 1) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    p.at(
        n,
        kp,
        "tolerance must be a fraction from 0 up to (not including) 1, got " + Scalars.describe(n),
        "write e.g. tolerance: 0.1 (a metric within 10% of its target changes nothing)");
    return null;
  }
}
