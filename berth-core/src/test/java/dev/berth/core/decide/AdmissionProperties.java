package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.Admission.Node;
import dev.berth.core.decide.Admission.Outcome;
import dev.berth.core.decide.Admission.Replica;
import dev.berth.core.decide.Admission.Usage;
import dev.berth.core.decide.Admission.Verdict;
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

/** The invariants of {@link Admission#plan} over random nodes, usages and replicas. */
class AdmissionProperties {
  static final Node NODE = new Node("local", 4000, 8000);

  record Case(Usage usage, List<Replica> pending, List<Replica> outdated, boolean replacing) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Long> cpu = Arbitraries.longs().between(0, 2500);
    Arbitrary<Long> mem = Arbitraries.longs().between(0, 5000);
    Arbitrary<Usage> usage =
        Combinators.combine(cpu.map(c -> c * 2), mem.map(m -> m * 2), cpu, mem)
            .as((c, m, sc, sm) -> new Usage(c, m, Math.min(sc, c), Math.min(sm, m)));
    Arbitrary<List<long[]>> sizes =
        Combinators.combine(cpu, mem).as((c, m) -> new long[] {c, m}).list().ofMaxSize(6);
    return Combinators.combine(usage, sizes, sizes, Arbitraries.of(true, false))
        .as(
            (u, p, o, replacing) -> {
              List<Replica> pending = replicas("new-", p);
              List<Replica> outdated = replicas("old-", o);
              // outdated replicas are placed: they are part of the usage
              long oc = outdated.stream().mapToLong(Replica::cpuMillis).sum();
              long om = outdated.stream().mapToLong(Replica::memoryBytes).sum();
              Usage withOld =
                  new Usage(
                      u.cpuMillis() + oc,
                      u.memoryBytes() + om,
                      u.stoppingCpuMillis(),
                      u.stoppingMemoryBytes());
              return new Case(withOld, pending, outdated, replacing);
            });
  }

  private static List<Replica> replicas(String prefix, List<long[]> sizes) {
    List<Replica> out = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      out.add(new Replica(prefix + i, sizes.get(i)[0], sizes.get(i)[1]));
    }
    return out;
  }

  private static List<Verdict> plan(Case c) {
    return Admission.plan(NODE, c.usage(), c.pending(), c.outdated(), c.replacing());
  }

  @Property
  void oneVerdictPerPendingReplicaInOrder(@ForAll("cases") Case c) {
    assertThat(plan(c).stream().map(Verdict::id).toList())
        .isEqualTo(c.pending().stream().map(Replica::id).toList());
  }

  @Property
  void whatIsAdmittedFitsBesideTheUsage(@ForAll("cases") Case c) {
    long cpu = c.usage().cpuMillis();
    long mem = c.usage().memoryBytes();
    for (int i = 0; i < c.pending().size(); i++) {
      if (plan(c).get(i).outcome() == Outcome.ADMIT) {
        cpu += c.pending().get(i).cpuMillis();
        mem += c.pending().get(i).memoryBytes();
        assertThat(cpu).isLessThanOrEqualTo(NODE.allocatableCpuMillis());
        assertThat(mem).isLessThanOrEqualTo(NODE.allocatableMemoryBytes());
      }
    }
  }

  @Property
  void onlyOutdatedReplicasStopEachOnceForOneReplicaAndNeverDuringAReplacement(
      @ForAll("cases") Case c) {
    Set<String> outdated = new HashSet<>();
    c.outdated().forEach(r -> outdated.add(r.id()));
    List<String> stopped = new ArrayList<>();
    int withStops = 0;
    for (Verdict v : plan(c)) {
      stopped.addAll(v.stop());
      if (!v.stop().isEmpty()) {
        withStops++;
        assertThat(v.outcome()).isEqualTo(Outcome.WAIT_FOR_STOPS);
      }
    }
    assertThat(outdated).containsAll(stopped);
    assertThat(new HashSet<>(stopped)).hasSize(stopped.size());
    assertThat(withStops).isLessThanOrEqualTo(1);
    if (c.replacing()) {
      assertThat(stopped).isEmpty();
    }
  }

  @Property
  void nothingIsStoppedWhenEveryPendingReplicaFits(@ForAll("cases") Case c) {
    List<Verdict> plan = plan(c);
    if (plan.stream().allMatch(v -> v.outcome() == Outcome.ADMIT)) {
      assertThat(plan).allMatch(v -> v.stop().isEmpty() && v.reason().isEmpty());
    }
  }

  /**
   * A lone pending replica: the stops chosen make room for it, and not one fewer would; it is only
   * insufficient when stopping everything it may wait for would not make room.
   */
  @Property
  void aLoneReplicaGetsTheFewestStopsThatMakeRoom(@ForAll("cases") Case c) {
    if (c.pending().isEmpty() || c.replacing()) {
      return;
    }
    Replica p = c.pending().get(0);
    Verdict v = Admission.plan(NODE, c.usage(), List.of(p), c.outdated(), false).get(0);
    long baseCpu = c.usage().cpuMillis() - c.usage().stoppingCpuMillis() + p.cpuMillis();
    long baseMem = c.usage().memoryBytes() - c.usage().stoppingMemoryBytes() + p.memoryBytes();
    long stopCpu = 0;
    long stopMem = 0;
    for (Replica o : c.outdated()) {
      if (v.stop().contains(o.id())) {
        stopCpu += o.cpuMillis();
        stopMem += o.memoryBytes();
      }
    }
    switch (v.outcome()) {
      case ADMIT -> assertThat(v.stop()).isEmpty();
      case WAIT_FOR_STOPS -> {
        assertThat(fits(baseCpu - stopCpu, baseMem - stopMem)).isTrue();
        if (!v.stop().isEmpty()) {
          Replica last =
              c.outdated().stream()
                  .filter(o -> o.id().equals(v.stop().get(v.stop().size() - 1)))
                  .findFirst()
                  .orElseThrow();
          assertThat(
                  fits(
                      baseCpu - stopCpu + last.cpuMillis(), baseMem - stopMem + last.memoryBytes()))
              .isFalse();
        }
      }
      case INSUFFICIENT -> {
        long allCpu = c.outdated().stream().mapToLong(Replica::cpuMillis).sum();
        long allMem = c.outdated().stream().mapToLong(Replica::memoryBytes).sum();
        assertThat(fits(baseCpu - allCpu, baseMem - allMem)).isFalse();
        assertThat(v.reason()).startsWith("Insufficient");
      }
    }
  }

  /** After the stops decided have finished, the replica they were for is admitted. */
  @Property
  void theReplicaAStopWasForIsAdmittedOnceItHasFinished(@ForAll("cases") Case c) {
    List<Verdict> plan = plan(c);
    for (int i = 0; i < plan.size(); i++) {
      Verdict v = plan.get(i);
      if (v.stop().isEmpty()) {
        continue;
      }
      // everything stopping is gone, and so are the chosen replicas; earlier replicas were admitted
      long cpu = c.usage().cpuMillis() - c.usage().stoppingCpuMillis();
      long mem = c.usage().memoryBytes() - c.usage().stoppingMemoryBytes();
      List<Replica> rest = new ArrayList<>();
      for (Replica o : c.outdated()) {
        if (v.stop().contains(o.id())) {
          cpu -= o.cpuMillis();
          mem -= o.memoryBytes();
        } else {
          rest.add(o);
        }
      }
      for (int j = 0; j < i; j++) {
        if (plan.get(j).outcome() != Outcome.INSUFFICIENT) {
          cpu += c.pending().get(j).cpuMillis();
          mem += c.pending().get(j).memoryBytes();
        }
      }
      Verdict after =
          Admission.plan(NODE, new Usage(cpu, mem, 0, 0), List.of(c.pending().get(i)), rest, true)
              .get(0);
      assertThat(after.outcome()).isEqualTo(Outcome.ADMIT);
    }
  }

  private static boolean fits(long cpu, long mem) {
    return cpu <= NODE.allocatableCpuMillis() && mem <= NODE.allocatableMemoryBytes();
  }
}
