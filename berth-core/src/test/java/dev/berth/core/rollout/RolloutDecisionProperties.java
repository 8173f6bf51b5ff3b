package dev.berth.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.DeploySpec.Strategy;
import dev.berth.core.rollout.RolloutStatus.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RolloutDecisionProperties {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Provide
  Arbitrary<List<RolloutReplica>> replicas() {
    Arbitrary<RolloutReplica> one =
        Combinators.combine(
                Arbitraries.of("old", "older", "new"),
                Arbitraries.of(true, true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(false, false, false, true),
                Arbitraries.integers().between(0, 120),
                Arbitraries.of(false, false, false, false, true))
            .as(
                (h, placed, ready, stopping, age, looping) ->
                    new RolloutReplica(
                        "x",
                        h,
                        placed,
                        ready,
                        NOW.minusSeconds(age / 2),
                        stopping,
                        NOW.minusSeconds(age),
                        looping && !ready));
    return one.list()
        .ofMaxSize(14)
        .map(
            list -> {
              List<RolloutReplica> out = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                out.add(withId(list.get(i), "r" + i));
              }
              return out;
            });
  }

  static RolloutReplica withId(RolloutReplica r, String id) {
    return new RolloutReplica(
        id,
        r.templateHash(),
        r.placed(),
        r.ready(),
        r.readySince(),
        r.stopRequested(),
        r.createdAt(),
        r.crashLooping());
  }

  @Provide
  Arbitrary<DeploySpec> specs() {
    Arbitrary<CountOrPercent> bound =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 4).map(CountOrPercent::count),
            Arbitraries.integers().between(0, 100).map(CountOrPercent::percentOf));
    return Combinators.combine(
            Arbitraries.of(Strategy.ROLLING, Strategy.ROLLING, Strategy.RECREATE),
            bound,
            bound,
            Arbitraries.of(Duration.ZERO, Duration.ofSeconds(10)))
        .as(
            (strategy, surge, unavailable, minReady) ->
                surge.zero() && unavailable.zero()
                    ? null
                    : new DeploySpec(
                        strategy, surge, unavailable, minReady, null, true, null, null, null))
        .filter(s -> s != null);
  }

  @Provide
  Arbitrary<DeploySpec> rollingSpecs() {
    return specs().map(s -> s.strategy() == Strategy.ROLLING ? s : s.rollbackSettings());
  }

  static List<RolloutReplica> live(List<RolloutReplica> rs) {
    return rs.stream().filter(r -> !r.stopRequested()).toList();
  }

  static int available(List<RolloutReplica> rs, Set<String> except, Duration minReady) {
    return (int)
        rs.stream()
            .filter(r -> !r.stopRequested() && !except.contains(r.id()))
            .filter(r -> r.available(NOW, minReady))
            .count();
  }

  @Property(tries = 2000)
  void stopsOnlyLiveReplicasAndEachOnce(
      @ForAll("replicas") List<RolloutReplica> rs,
      @ForAll("specs") DeploySpec spec,
      @ForAll @IntRange(min = 0, max = 10) int desired) {
    RolloutPlan p = RolloutDecision.decide(NOW, spec, desired, "new", rs, null);

    Set<String> eligible = new HashSet<>();
    live(rs).forEach(r -> eligible.add(r.id()));
    assertThat(eligible).containsAll(p.stop());
    assertThat(new HashSet<>(p.stop())).hasSameSizeAs(p.stop());
    if (p.status().phase() == Phase.FAILED) {
      assertThat(p.idle()).isTrue();
    }
  }

  @Property(tries = 2000)
  void aRollingUpdateNeverCreatesBeyondTheSurgeBound(
      @ForAll("replicas") List<RolloutReplica> rs,
      @ForAll("rollingSpecs") DeploySpec spec,
      @ForAll @IntRange(min = 1, max = 10) int desired) {
    RolloutPlan p = RolloutDecision.decide(NOW, spec, desired, "new", rs, null);

    int after = live(rs).size() - p.stop().size() + p.create();
    if (p.create() > 0) {
      assertThat(after).isLessThanOrEqualTo(desired + spec.maxSurge().roundUp(desired));
    }
  }

  @Property(tries = 2000)
  void aRollingUpdateNeverDropsAvailabilityBelowTheFloor(
      @ForAll("replicas") List<RolloutReplica> rs,
      @ForAll("rollingSpecs") DeploySpec spec,
      @ForAll @IntRange(min = 1, max = 10) int desired) {
    RolloutPlan p = RolloutDecision.decide(NOW, spec, desired, "new", rs, null);

    int unavailable = spec.maxUnavailable().roundDown(desired);
    if (unavailable == 0 && spec.maxSurge().roundUp(desired) == 0) {
      unavailable = 1;
    }
    int floor = Math.max(0, desired - unavailable);
    int before = available(rs, Set.of(), spec.minReady());
    int after = available(rs, new HashSet<>(p.stop()), spec.minReady());
    long stoppedTarget =
        rs.stream()
            .filter(r -> p.stop().contains(r.id()) && r.templateHash().equals("new"))
            .count();
    if (stoppedTarget == 0) { // surplus target replicas are a scale-down, not a rollout step
      assertThat(after).isGreaterThanOrEqualTo(Math.min(floor, before));
    }
  }

  @Property(tries = 1000)
  void aRollbackCreatesEveryMissingReplicaAtOnceAndKeepsCapacity(
      @ForAll("replicas") List<RolloutReplica> rs,
      @ForAll @IntRange(min = 1, max = 10) int desired) {
    DeploySpec back = DeploySpec.DEFAULT.rollbackSettings();
    RolloutPlan p = RolloutDecision.decide(NOW, back, desired, "new", rs, null);
    if (p.status().phase() == Phase.FAILED) {
      return;
    }
    long target = live(rs).stream().filter(r -> r.templateHash().equals("new")).count();
    long old = live(rs).size() - target;
    if (old <= desired) {
      assertThat(p.create()).isEqualTo((int) Math.max(0, desired - target));
    }
    int before = available(rs, Set.of(), Duration.ZERO);
    int after = available(rs, new HashSet<>(p.stop()), Duration.ZERO);
    long stoppedTarget =
        rs.stream()
            .filter(r -> p.stop().contains(r.id()) && r.templateHash().equals("new"))
            .count();
    if (stoppedTarget == 0) {
      assertThat(after).isGreaterThanOrEqualTo(Math.min(desired, before));
    }
  }

  /**
   * Carrying out every plan, with stopped replicas gone by the next step and every target replica
   * placed and ready, reaches COMPLETE with exactly the desired target replicas and nothing else.
   */
  @Property(tries = 1000)
  void convergesWhenNewReplicasBecomeReady(
      @ForAll("replicas") List<RolloutReplica> initial,
      @ForAll("specs") DeploySpec spec,
      @ForAll @IntRange(min = 0, max = 10) int desired) {
    List<RolloutReplica> rs = new ArrayList<>();
    for (RolloutReplica r : initial) { // no crash loops among new replicas here
      rs.add(
          r.templateHash().equals("new") && r.crashLooping()
              ? new RolloutReplica(
                  r.id(), "new", r.placed(), false, null, r.stopRequested(), r.createdAt(), false)
              : r);
    }
    Instant now = NOW;
    RolloutState state = null;
    int created = 0;
    RolloutPlan p = null;
    for (int step = 0; step < 60; step++) {
      p = RolloutDecision.decide(now, spec, desired, "new", rs, state);
      assertThat(p.status().phase()).as("step %d", step).isNotEqualTo(Phase.FAILED);
      if (p.status().phase() == Phase.COMPLETE && p.idle()) {
        break;
      }
      state = p.next();
      List<RolloutReplica> next = new ArrayList<>();
      for (RolloutReplica r : rs) {
        if (r.stopRequested() || p.stop().contains(r.id())) {
          continue; // gone by the next step
        }
        if (r.templateHash().equals("new") && !r.ready()) {
          next.add(new RolloutReplica(r.id(), "new", true, true, now, false, r.createdAt(), false));
        } else {
          next.add(r);
        }
      }
      for (int i = 0; i < p.create(); i++) {
        next.add(new RolloutReplica("c" + created++, "new", false, false, null, false, now, false));
      }
      rs = next;
      now = now.plusSeconds(11);
    }
    assertThat(p.status().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(p.idle()).isTrue();
    assertThat(rs.stream().filter(r -> !r.stopRequested()).map(RolloutReplica::templateHash))
        .hasSize(desired)
        .allMatch(h -> h.equals("new"));
  }
}
