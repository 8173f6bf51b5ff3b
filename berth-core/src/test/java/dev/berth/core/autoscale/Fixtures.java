package dev.berth.core.autoscale;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.AutoscaleSpec.Policy;
import dev.berth.core.model.AutoscaleSpec.PolicyType;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.AutoscaleSpec.SelectPolicy;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for decision tests, and a driver that carries the state between decisions. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private Fixtures() {}

  static TriggerSpec queue(String name, double target, double activation) {
    return new TriggerSpec(
        name, TriggerType.REDIS_LIST, MetricType.AverageValue, target, activation, Map.of());
  }

  static TriggerSpec value(String name, double target) {
    return new TriggerSpec(name, TriggerType.PROMETHEUS, MetricType.Value, target, 0, Map.of());
  }

  static TriggerSpec cpu(MetricType type, double target) {
    return new TriggerSpec("cpu", TriggerType.CPU, type, target, 0, Map.of());
  }

  static TriggerSpec memory(MetricType type, double target) {
    return new TriggerSpec("memory", TriggerType.MEMORY, type, target, 0, Map.of());
  }

  static AutoscaleSpec spec(int min, int max, TriggerSpec... triggers) {
    return new AutoscaleSpec(min, max, null, null, null, List.of(triggers), null, null, null, null);
  }

  static AutoscaleSpec withRules(AutoscaleSpec s, Rules up, Rules down) {
    return new AutoscaleSpec(
        s.min(),
        s.max(),
        s.pollingInterval(),
        s.cooldown(),
        s.initialCooldown(),
        s.triggers(),
        up == null ? s.scaleUp() : up,
        down == null ? s.scaleDown() : down,
        s.fallback(),
        s.formula());
  }

  static Rules rules(Duration window, SelectPolicy select, Policy... policies) {
    return new Rules(window, select, List.of(policies), 0.1);
  }

  static Policy pods(int n, int seconds) {
    return new Policy(PolicyType.Pods, n, Duration.ofSeconds(seconds));
  }

  static Policy percent(int n, int seconds) {
    return new Policy(PolicyType.Percent, n, Duration.ofSeconds(seconds));
  }

  /** {@code n} started, ready replicas {@code r0..}. */
  static List<ReplicaView> ready(int n) {
    List<ReplicaView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ReplicaView("r" + i, false, true));
    }
    return out;
  }

  /** A reading per replica: {@code r0=v0, r1=v1, ...}. */
  static Reading perReplica(double... values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put("r" + i, values[i]);
    }
    return Reading.perReplica(m);
  }

  /**
   * Runs decisions one after another as a controller would: the count it sets is the next
   * decision's current count (replicas all ready at once), the state carries over.
   */
  static final class Driver {
    final AutoscaleSpec spec;
    Instant now;
    int current;
    AutoscaleState state;
    AutoscaleOutcome last;

    Driver(AutoscaleSpec spec, int current) {
      this.spec = spec;
      this.current = current;
      this.now = T0;
      this.state = AutoscaleState.start(T0);
    }

    Driver at(long secondsAfterStart) {
      now = T0.plusSeconds(secondsAfterStart);
      return this;
    }

    AutoscaleOutcome decide(Map<String, Reading> readings) {
      return decide(readings, ready(current));
    }

    AutoscaleOutcome decide(Map<String, Reading> readings, List<ReplicaView> replicas) {
      last = AutoscaleDecision.decide(now, spec, current, replicas, readings, state);
      state = last.next();
      current = last.desired();
      return last;
    }

    /** One trigger named {@code q}. */
    int queue(double value) {
      return decide(Map.of("q", Reading.of(value))).desired();
    }
  }
}
