package dev.berth.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decision's invariants over random specs and random sequences of readings (including failures)
 * at random intervals, carried from decision to decision as a controller would.
 */
class AutoscaleDecisionProperties {

  /** One poll: seconds since the previous one, and each trigger's reading (null: an error). */
  record Poll(int seconds, Double a, Double b) {
    Map<String, Reading> readings() {
      Map<String, Reading> m = new HashMap<>();
      m.put("a", a == null ? Reading.error("down") : Reading.of(a));
      m.put("b", b == null ? Reading.error("down") : Reading.of(b));
      return m;
    }
  }

  record Run(AutoscaleSpec spec, int start, List<Poll> polls) {}

  /** The reasons whose change went through stabilization and the rate policies. */
  static final Set<Reason> THROUGH_POLICIES =
      EnumSet.of(
          Reason.SCALE_UP,
          Reason.SCALE_DOWN,
          Reason.SCALE_UP_LIMITED,
          Reason.SCALE_DOWN_LIMITED,
          Reason.SCALE_UP_STABILIZED,
          Reason.SCALE_DOWN_STABILIZED,
          Reason.COOLING_DOWN,
          Reason.FALLBACK,
          Reason.STEADY);

  @Property(tries = 400)
  void theCountStaysWithinBoundsAndRatesAndFailuresNeverScaleDown(@ForAll("runs") Run run) {
    AutoscaleSpec spec = run.spec();
    Instant now = Fixtures.T0;
    int current = run.start();
    AutoscaleState state = AutoscaleState.start(now);
    List<Instant> times = new ArrayList<>(List.of(now.minusSeconds(100_000)));
    List<Integer> counts = new ArrayList<>(List.of(current));
    for (Poll poll : run.polls()) {
      now = now.plusSeconds(poll.seconds());
      List<ReplicaView> replicas = Fixtures.ready(current);
      AutoscaleOutcome o =
          AutoscaleDecision.decide(now, spec, current, replicas, poll.readings(), state);
      AutoscaleOutcome again =
          AutoscaleDecision.decide(now, spec, current, replicas, poll.readings(), state);
      int d = o.desired();
      String where =
          "at +"
              + (now.getEpochSecond() - Fixtures.T0.getEpochSecond())
              + "s from "
              + current
              + ": "
              + o;

      assertThat(again).as("deterministic").isEqualTo(o);
      assertThat(d).as(where).isBetween(spec.min(), spec.max());
      boolean failing = (poll.a() == null || poll.b() == null) && spec.fallback() == null;
      if (failing) {
        assertThat(d)
            .as("a failure alone never scales down: " + where)
            .isGreaterThanOrEqualTo(current);
      }
      if (THROUGH_POLICIES.contains(o.reason()) || o.reason() == Reason.ACTIVATED) {
        if (d > current) {
          int start = countAt(times, counts, now.minus(period(spec.scaleUp())));
          int bound = upBound(spec.scaleUp(), start);
          int floor = o.reason() == Reason.ACTIVATED ? Math.max(1, spec.min()) : 0;
          assertThat(d)
              .as("scale-up within the policies (period start " + start + "): " + where)
              .isLessThanOrEqualTo(Math.max(bound, Math.max(floor, current)));
        } else if (d < current) {
          int start = countAt(times, counts, now.minus(period(spec.scaleDown())));
          int bound = downBound(spec.scaleDown(), start);
          assertThat(d)
              .as("scale-down within the policies (period start " + start + "): " + where)
              .isGreaterThanOrEqualTo(Math.min(current, Math.max(bound, Math.max(1, spec.min()))));
        }
      }
      times.add(now);
      counts.add(d);
      state = o.next();
      current = d;
    }
  }

  @Property(tries = 300)
  void readingsAtTheTargetChangeNothing(
      @ForAll @IntRange(min = 1, max = 30) int current,
      @ForAll @IntRange(min = 1, max = 50) int target,
      @ForAll boolean value,
      @ForAll @IntRange(min = 0, max = 10_000) int secondsLater) {
    TriggerSpec t =
        new TriggerSpec(
            "a",
            TriggerType.REDIS_LIST,
            value ? MetricType.Value : MetricType.AverageValue,
            target,
            0,
            Map.of());
    AutoscaleSpec spec = Fixtures.spec(1, 30, t);
    double reading = value ? target : (double) target * current;

    AutoscaleOutcome o =
        AutoscaleDecision.decide(
            Fixtures.T0.plusSeconds(secondsLater),
            spec,
            current,
            Fixtures.ready(current),
            Map.of("a", Reading.of(reading)),
            AutoscaleState.start(Fixtures.T0));

    assertThat(o.desired()).isEqualTo(current);
    assertThat(o.reason()).isEqualTo(Reason.STEADY);
  }

  @Property(tries = 300)
  void aHigherMetricNeverGivesFewerReplicas(
      @ForAll("runs") Run run,
      @ForAll @IntRange(min = 0, max = 400) int low,
      @ForAll @IntRange(min = 0, max = 400) int extra) {
    AutoscaleSpec spec = run.spec();
    Instant now = Fixtures.T0;
    int current = run.start();
    AutoscaleState state = AutoscaleState.start(now);
    for (Poll poll : run.polls()) { // some history first
      now = now.plusSeconds(poll.seconds());
      AutoscaleOutcome o =
          AutoscaleDecision.decide(
              now, spec, current, Fixtures.ready(current), poll.readings(), state);
      state = o.next();
      current = o.desired();
    }
    now = now.plusSeconds(1);
    int lower =
        AutoscaleDecision.decide(
                now,
                spec,
                current,
                Fixtures.ready(current),
                Map.of("a", Reading.of(low), "b", Reading.of(0)),
                state)
            .desired();
    int higher =
        AutoscaleDecision.decide(
                now,
                spec,
                current,
                Fixtures.ready(current),
                Map.of("a", Reading.of(low + extra), "b", Reading.of(0)),
                state)
            .desired();
    assertThat(higher).isGreaterThanOrEqualTo(lower);
  }

  /** The count in effect at {@code t}: after every decision at or before it. */
  static int countAt(List<Instant> times, List<Integer> counts, Instant t) {
    int c = counts.get(0);
    for (int i = 0; i < times.size(); i++) {
      if (!times.get(i).isAfter(t)) {
        c = counts.get(i);
      }
    }
    return c;
  }

  static Duration period(Rules rules) {
    return rules.policies().isEmpty() ? Duration.ZERO : rules.policies().get(0).period();
  }

  static int upBound(Rules r, int start) {
    if (r.selectPolicy() == SelectPolicy.Disabled) {
      return 0;
    }
    int out = r.selectPolicy() == SelectPolicy.Max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (Policy p : r.policies()) {
      int b =
          p.type() == PolicyType.Pods
              ? start + p.value()
              : (int) Math.floorDiv((long) start * (100 + p.value()) + 99, 100);
      out = r.selectPolicy() == SelectPolicy.Max ? Math.max(out, b) : Math.min(out, b);
    }
    return out;
  }

  static int downBound(Rules r, int start) {
    if (r.selectPolicy() == SelectPolicy.Disabled) {
      return Integer.MAX_VALUE;
    }
    int out = r.selectPolicy() == SelectPolicy.Max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (Policy p : r.policies()) {
      int b =
          p.type() == PolicyType.Pods
              ? start - p.value()
              : (int) Math.floorDiv((long) start * (100 - p.value()), 100);
      out = r.selectPolicy() == SelectPolicy.Max ? Math.min(out, b) : Math.max(out, b);
    }
    return out;
  }

  @Provide
  Arbitrary<Run> runs() {
    return Combinators.combine(specs(), Arbitraries.integers().between(0, 40), polls())
        .as(
            (spec, start, polls) ->
                new Run(spec, Math.max(spec.min(), Math.min(spec.max(), start)), polls));
  }

  Arbitrary<List<Poll>> polls() {
    Arbitrary<Double> reading =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just((Double) null)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0.0)),
            net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 600).map(i -> (double) i)));
    return Combinators.combine(Arbitraries.integers().between(1, 40), reading, reading)
        .as(Poll::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  Arbitrary<AutoscaleSpec> specs() {
    Arbitrary<Integer> min = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> span = Arbitraries.integers().between(0, 30);
    Arbitrary<TriggerSpec> a = trigger("a");
    Arbitrary<TriggerSpec> b = trigger("b");
    Arbitrary<AutoscaleSpec.Fallback> fallback =
        Arbitraries.integers()
            .between(1, 3)
            .flatMap(
                n ->
                    Arbitraries.integers()
                        .between(0, 10)
                        .map(r -> new AutoscaleSpec.Fallback(n, r)))
            .injectNull(0.5);
    return Combinators.combine(
            min,
            span,
            a,
            b,
            rules(true),
            rules(false),
            fallback,
            Arbitraries.integers().between(0, 120))
        .as(
            (lo, sp, ta, tb, up, down, fb, cooldown) ->
                new AutoscaleSpec(
                    lo,
                    Math.max(1, lo + sp),
                    null,
                    Duration.ofSeconds(cooldown),
                    null,
                    List.of(ta, tb),
                    up,
                    down,
                    fb,
                    null));
  }

  Arbitrary<TriggerSpec> trigger(String name) {
    return Combinators.combine(
            Arbitraries.of(MetricType.AverageValue, MetricType.Value),
            Arbitraries.integers().between(1, 50),
            Arbitraries.integers().between(0, 20))
        .as(
            (type, target, activation) ->
                new TriggerSpec(name, TriggerType.REDIS_LIST, type, target, activation, Map.of()));
  }

  /** One period for all of a direction's policies, so the property can state the bound exactly. */
  Arbitrary<Rules> rules(boolean up) {
    return Combinators.combine(
            Arbitraries.integers().between(0, 120),
            Arbitraries.of(SelectPolicy.values()),
            Arbitraries.integers().between(1, 60),
            Arbitraries.integers().between(1, 6),
            Arbitraries.integers().between(1, up ? 300 : 100),
            Arbitraries.integers().between(0, 2))
        .as(
            (window, select, period, pods, percent, which) -> {
              List<Policy> ps = new ArrayList<>();
              if (which != 1) {
                ps.add(new Policy(PolicyType.Pods, pods, Duration.ofSeconds(period)));
              }
              if (which != 0) {
                ps.add(new Policy(PolicyType.Percent, percent, Duration.ofSeconds(period)));
              }
              return new Rules(Duration.ofSeconds(window), select, ps, 0.1);
            });
  }
}
