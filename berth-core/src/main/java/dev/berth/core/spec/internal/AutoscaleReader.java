package dev.berth.core.spec.internal;

import static dev.berth.core.spec.internal.MappingReader.join;

import dev.berth.core.autoscale.Formula;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.AutoscaleSpec.Fallback;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.spec.internal.MappingReader.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an {@code autoscale} value into an {@link AutoscaleSpec}: bounds, timings, triggers (see
 * {@link TriggerReader}), {@code behavior} (as the HPA's, with durations instead of seconds),
 * {@code fallback} and {@code advanced} (a formula over named triggers). Rules inside the block
 * ({@code min <= max}, a formula naming existing triggers) are checked here; rules with other keys
 * (not on cron services, {@code replicas} within {@code [min, max]}) when the service is resolved.
 *
 * <p>Invariant: returns {@code null} exactly when it reported a problem, so a half-read block never
 * reaches the model.
 */
final class AutoscaleReader {

  static final String FORMS =
      "write e.g. autoscale: {min: 0, max: 8, triggers: [{type: redis-list, address:"
          + " localhost:6379, listName: jobs, listLength: 5}]}";

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofHours(24);

  private final MappingReader maps;
  private final Problems p;
  private final TriggerReader triggers;

  AutoscaleReader(MappingReader maps, Problems problems) {
    this.maps = maps;
    this.p = problems;
    this.triggers = new TriggerReader(maps, problems);
  }

  AutoscaleSpec read(Node v, String path) {
    if (!(v instanceof MappingNode m)) {
      p.at(v, path, "expected the autoscale settings, got " + Scalars.describe(v), FORMS);
      return null;
    }
    int before = p.count();
    Map<String, Entry> f = maps.fields(m, path, Keys.AUTOSCALE);
    Integer min = f.containsKey("min") ? whole(f.get("min"), path, 0) : null;
    Integer max = f.containsKey("max") ? whole(f.get("max"), path, 1) : null;
    Duration polling = duration(f, path, "pollingInterval", false, HOUR, "1s");
    Duration cooldown = duration(f, path, "cooldown", true, DAY, "5m");
    Duration initial = duration(f, path, "initialCooldown", true, DAY, "1m");
    List<TriggerSpec> list = f.containsKey("triggers") ? triggers(f.get("triggers"), path) : null;
    Rules up = null;
    Rules down = null;
    if (f.containsKey("behavior")) {
      Rules[] both = behavior(f.get("behavior"), join(path, "behavior"));
      up = both[0];
      down = both[1];
    }
    Fallback fallback = f.containsKey("fallback") ? fallback(f.get("fallback"), path) : null;
    AutoscaleSpec.Formula formula =
        f.containsKey("advanced") ? advanced(f.get("advanced"), path, list) : null;
    AutoscaleSpec.Hold hold = f.containsKey("hold") ? hold(f.get("hold"), path) : null;
    if (max == null) {
      p.at(m, path, "autoscale has no max", "add max: the most replicas to run, e.g. max: 8");
    }
    if (!f.containsKey("triggers")) {
      p.at(
          m,
          path,
          "autoscale has no triggers",
          "add triggers: [...], e.g. - {type: cpu, value: 70} to keep CPU use near 70%");
    }
    int low = min == null ? 0 : min;
    if (max != null && min != null && min > max) {
      p.at(
          f.get("min").valueNode(),
          join(path, "min"),
          "min " + min + " is above max " + max,
          "make min at most max, e.g. min: " + max + " or max: " + min);
    }
    if (list != null
        && low == 0
        && formula == null
        && list.stream().allMatch(t -> t.type().resource())) {
      p.at(
          f.containsKey("min") ? f.get("min").valueNode() : m,
          f.containsKey("min") ? join(path, "min") : path,
          "min 0 needs a trigger that can wake the service, and cpu and memory cannot (with no"
              + " replica there is nothing to measure)",
          "set min: 1, or add a trigger that measures the work waiting, such as redis-list or"
              + " http");
    }
    if (p.count() > before || max == null || list == null) {
      return null;
    }
    return new AutoscaleSpec(
        low, max, polling, cooldown, initial, list, up, down, fallback, formula, hold);
  }

  /** {@code hold: {requests, timeout}}: how the router holds requests at zero replicas. */
  private AutoscaleSpec.Hold hold(Entry e, String path) {
    String kp = join(path, "hold");
    if (!(e.valueNode() instanceof MappingNode m)) {
      p.at(
          e.valueNode(),
          kp,
          "expected the hold settings, got " + Scalars.describe(e.valueNode()),
          "write e.g. hold: {requests: 1000, timeout: 30s}");
      return null;
    }
    Map<String, Entry> f = maps.fields(m, kp, Keys.HOLD);
    AutoscaleSpec.Hold d = AutoscaleSpec.Hold.DEFAULT;
    Integer requests =
        f.containsKey("requests")
            ? Scalars.integer(
                f.get("requests").valueNode(), join(kp, "requests"), "requests", 1, 100_000, p)
            : Integer.valueOf(d.requests());
    Duration timeout =
        f.containsKey("timeout")
            ? duration(f, kp, "timeout", false, Duration.ofMinutes(10), "30s")
            : d.timeout();
    return requests == null || timeout == null ? null : new AutoscaleSpec.Hold(requests, timeout);
  }

  private Integer whole(Entry e, String path, int min) {
    return Scalars.integer(
        e.valueNode(), join(path, e.key()), e.key(), min, ServiceSpec.MAX_REPLICAS, p);
  }

  private Duration duration(
      Map<String, Entry> f, String path, String key, boolean zero, Duration max, String example) {
    Entry e = f.get(key);
    return e == null
        ? null
        : Scalars.duration(e.valueNode(), join(path, key), key, zero, max, example, p);
  }

  private List<TriggerSpec> triggers(Entry e, String path) {
    String kp = join(path, "triggers");
    if (!(e.valueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      p.at(
          e.valueNode(),
          kp,
          "expected a list of triggers, got " + Scalars.describe(e.valueNode()),
          "write e.g. triggers: [{type: cpu, value: 70}]");
      return null;
    }
    Map<String, Integer> perType = new HashMap<>();
    for (Node item : seq.getValue()) {
      perType.merge(typeName(item, kp), 1, Integer::sum);
    }
    List<TriggerSpec> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Set<String> names = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String ip = kp + "[" + i + "]";
      String typeName = typeName(item, kp);
      int n = seen.merge(typeName, 1, Integer::sum);
      String fallbackName = perType.get(typeName) > 1 ? typeName + "-" + n : typeName;
      TriggerSpec t = triggers.read(item, ip, fallbackName);
      if (t == null) {
        ok = false;
        continue;
      }
      if (!names.add(t.name())) {
        p.at(
            item,
            ip,
            "two triggers are named '" + t.name() + "'",
            "give each trigger its own name, e.g. name: " + t.name().replace('-', '_') + "_2");
        ok = false;
        continue;
      }
      out.add(t);
    }
    return ok ? out : null;
  }

  private String typeName(Node item, String kp) {
    if (item instanceof MappingNode im) {
      Entry t = maps.entries(im, kp).get("type");
      if (t != null && t.valueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
        return s.getValue();
      }
    }
    return "trigger";
  }

  private Rules[] behavior(Entry e, String path) {
    Rules[] out = new Rules[2];
    if (!(e.valueNode() instanceof MappingNode m)) {
      p.at(
          e.valueNode(),
          path,
          "expected the behavior settings, got " + Scalars.describe(e.valueNode()),
          "write e.g. behavior: {scaleDown: {stabilizationWindow: 1m}}");
      return out;
    }
    for (Entry d : maps.fields(m, path, Keys.BEHAVIOR).values()) {
      boolean up = d.key().equals("scaleUp");
      Rules defaults = up ? AutoscaleSpec.DEFAULT_SCALE_UP : AutoscaleSpec.DEFAULT_SCALE_DOWN;
      out[up ? 0 : 1] =
          new RulesReader(maps, p).read(d.valueNode(), join(path, d.key()), up, defaults);
    }
    return out;
  }

  private Fallback fallback(Entry e, String path) {
    String kp = join(path, "fallback");
    if (!(e.valueNode() instanceof MappingNode m)) {
      p.at(
          e.valueNode(),
          kp,
          "expected the fallback settings, got " + Scalars.describe(e.valueNode()),
          "write e.g. fallback: {failureThreshold: 3, replicas: 2}");
      return null;
    }
    Map<String, Entry> f = maps.fields(m, kp, Keys.FALLBACK);
    Integer threshold = null;
    Integer replicas = null;
    if (f.containsKey("failureThreshold")) {
      threshold =
          Scalars.integer(
              f.get("failureThreshold").valueNode(),
              join(kp, "failureThreshold"),
              "failureThreshold",
              1,
              1000,
              p);
    }
    if (f.containsKey("replicas")) {
      replicas = whole(f.get("replicas"), kp, 0);
    }
    AutoscaleSpec.FallbackBehavior behavior = AutoscaleSpec.FallbackBehavior.STATIC;
    if (f.containsKey("behavior")) {
      Node n = f.get("behavior").valueNode();
      String text = Scalars.text(n, join(kp, "behavior"), "a fallback behavior", p);
      behavior = text == null ? null : AutoscaleSpec.FallbackBehavior.fromWire(text);
      if (text != null && behavior == null) {
        List<String> allowed =
            java.util.Arrays.stream(AutoscaleSpec.FallbackBehavior.values())
                .map(AutoscaleSpec.FallbackBehavior::wireName)
                .toList();
        p.at(
            n,
            join(kp, "behavior"),
            Scalars.quote(text) + " is not a fallback behavior",
            Suggestions.didYouMean(text, allowed, "use " + Suggestions.quotedList(allowed, "or")));
      }
    }
    if (!f.containsKey("failureThreshold") || !f.containsKey("replicas")) {
      p.at(
          m,
          kp,
          "fallback needs both failureThreshold and replicas",
          "write e.g. fallback: {failureThreshold: 3, replicas: 2}");
      return null;
    }
    return threshold == null || replicas == null || behavior == null
        ? null
        : new Fallback(threshold, replicas, behavior);
  }

  private AutoscaleSpec.Formula advanced(Entry e, String path, List<TriggerSpec> list) {
    String kp = join(path, "advanced");
    if (!(e.valueNode() instanceof MappingNode m)) {
      p.at(
          e.valueNode(),
          kp,
          "expected the advanced settings, got " + Scalars.describe(e.valueNode()),
          "write e.g. advanced: {formula: \"queue + backlog / 2\", target: 10}");
      return null;
    }
    int before = p.count();
    Map<String, Entry> f = maps.fields(m, kp, Keys.ADVANCED);
    if (!f.containsKey("formula")) {
      if (!f.isEmpty()) {
        p.at(m, kp, "advanced settings without a formula", "add formula: \"a + b\"");
      }
      return null;
    }
    Entry fe = f.get("formula");
    String text = Scalars.nonBlank(fe.valueNode(), join(kp, "formula"), "a formula", p);
    Formula formula = null;
    if (text != null) {
      try {
        formula = Formula.parse(text);
      } catch (IllegalArgumentException ex) {
        p.at(
            fe.valueNode(),
            join(kp, "formula"),
            "the formula " + Scalars.quote(text) + " cannot be read: " + ex.getMessage(),
            "use trigger names, numbers, + - * /, parentheses, min(...) and max(...)");
      }
    }
    if (formula != null && list != null) {
      List<String> known = list.stream().map(TriggerSpec::name).toList();
      for (String name : formula.names()) {
        if (!known.contains(name)) {
          p.at(
              fe.valueNode(),
              join(kp, "formula"),
              "the formula uses '" + name + "', which is no trigger's name",
              Suggestions.didYouMean(
                  name,
                  known,
                  "name the trigger: add name: "
                      + name
                      + " to it (triggers: "
                      + String.join(", ", known)
                      + ")"));
        }
      }
    }
    Double target = number(f.get("target"), kp);
    Double activation = number(f.get("activationTarget"), kp);
    MetricType type = MetricType.AverageValue;
    if (f.containsKey("metricType")) {
      Entry t = f.get("metricType");
      String mt = Scalars.text(t.valueNode(), join(kp, "metricType"), "a metric type", p);
      type = mt == null ? null : MetricType.fromWire(mt);
      if (mt != null && (type == null || type == MetricType.Utilization)) {
        p.at(
            t.valueNode(),
            join(kp, "metricType"),
            Scalars.quote(mt) + " is not a metric type of a formula",
            "use 'AverageValue' or 'Value'");
      }
    }
    if (!f.containsKey("target")) {
      p.at(
          m,
          kp,
          "the formula has no target",
          "add target: the formula's value one replica should handle, e.g. target: 10");
    } else if (target != null && !(target > 0)) {
      p.at(
          f.get("target").valueNode(),
          join(kp, "target"),
          "target must be above zero",
          "use e.g. target: 10");
    }
    if (p.count() > before || formula == null || target == null) {
      return null;
    }
    return new AutoscaleSpec.Formula(text, target, activation == null ? 0 : activation, type);
  }

  private Double number(Entry e, String kp) {
    if (e == null) {
      return null;
    }
    if (e.valueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode s
        && s.isPlain()
        && (org.yaml.snakeyaml.nodes.Tag.INT.equals(s.getTag())
            || org.yaml.snakeyaml.nodes.Tag.FLOAT.equals(s.getTag()))) {
      try {
        double d = Double.parseDouble(s.getValue());
        if (Double.isFinite(d) && d >= 0) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    p.at(
        e.valueNode(),
        join(kp, e.key()),
        "expected a number of at least 0, got " + Scalars.describe(e.valueNode()),
        "write e.g. " + e.key() + ": 10");
    return null;
  }
}
