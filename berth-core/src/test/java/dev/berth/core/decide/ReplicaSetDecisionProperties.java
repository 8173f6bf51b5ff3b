package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.ReplicaSetDecision.Plan;
import dev.berth.core.decide.ReplicaSetDecision.Replica;
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

class ReplicaSetDecisionProperties {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Provide
  Arbitrary<List<Replica>> replicas() {
    Arbitrary<Replica> one =
        Combinators.combine(
                Arbitraries.of("h0", "h1", "h2"),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 1000))
            .as(
                (h, placed, ready, stopping, age) ->
                    new Replica("x", h, placed, placed && ready, stopping, T0.minusSeconds(age)));
    return one.list()
        .ofMaxSize(12)
        .map(
            list -> {
              List<Replica> out = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                Replica r = list.get(i);
                out.add(
                    new Replica(
                        "r" + i,
                        r.templateHash(),
                        r.placed(),
                        r.ready(),
                        r.stopRequested(),
                        r.createdAt()));
              }
              return out;
            });
  }

  @Property
  void stopsOnlyKnownNotAlreadyStoppingReplicasOnce(
      @ForAll("replicas") List<Replica> rs, @ForAll @IntRange(min = 0, max = 10) int desired) {
    Plan p = ReplicaSetDecision.decide("h1", desired, rs);
    Set<String> eligible = new HashSet<>();
    rs.stream().filter(r -> !r.stopRequested()).forEach(r -> eligible.add(r.id()));
    assertThat(eligible).containsAll(p.stop());
    assertThat(new HashSet<>(p.stop())).hasSameSizeAs(p.stop());
  }

  @Property
  void currentTemplateCountReachesDesired(
      @ForAll("replicas") List<Replica> rs, @ForAll @IntRange(min = 0, max = 10) int desired) {
    Plan p = ReplicaSetDecision.decide("h1", desired, rs);
    long keptCurrent =
        rs.stream()
            .filter(r -> !r.stopRequested() && r.templateHash().equals("h1"))
            .filter(r -> !p.stop().contains(r.id()))
            .count();
    assertThat(keptCurrent + p.create()).isEqualTo(desired);
  }

  @Property
  void convergesOnceNewReplicasAreReady(
      @ForAll("replicas") List<Replica> rs, @ForAll @IntRange(min = 0, max = 10) int desired) {
    Plan first = ReplicaSetDecision.decide("h1", desired, rs);
    List<Replica> after = new ArrayList<>();
    for (Replica r : rs) {
      if (!r.stopRequested() && !first.stop().contains(r.id()) && r.templateHash().equals("h1")) {
        after.add(new Replica(r.id(), r.templateHash(), true, true, false, r.createdAt()));
      } else if (!r.stopRequested() && !first.stop().contains(r.id())) {
        after.add(r);
      }
    }
    for (int i = 0; i < first.create(); i++) {
      after.add(new Replica("n" + i, "h1", true, true, false, T0));
    }
    Plan second = ReplicaSetDecision.decide("h1", desired, after);
    Plan third =
        ReplicaSetDecision.decide(
            "h1", desired, after.stream().filter(r -> !second.stop().contains(r.id())).toList());
    assertThat(third.isEmpty()).isTrue();
  }

  @Property
  void readyOutdatedReplicasStayWhileCurrentOnesAreNotAllReady(
      @ForAll("replicas") List<Replica> rs, @ForAll @IntRange(min = 1, max = 10) int desired) {
    Plan p = ReplicaSetDecision.decide("h1", desired, rs);
    long readyCurrentKept =
        rs.stream()
            .filter(r -> !r.stopRequested() && r.templateHash().equals("h1") && r.ready())
            .filter(r -> !p.stop().contains(r.id()))
            .count();
    if (readyCurrentKept < desired) {
      rs.stream()
          .filter(r -> !r.stopRequested() && !r.templateHash().equals("h1") && r.ready())
          .forEach(r -> assertThat(p.stop()).doesNotContain(r.id()));
    }
  }
}
