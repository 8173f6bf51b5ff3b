package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.placement.Replica;
import dev.berth.core.placement.Spread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The invariants of provisioning and consolidation over random workloads and catalogs. */
class CapacityProperties {
  static final long MI = 1L << 20;
  static final long GI = 1L << 30;

  static List<Replica> workload(Random rnd, int n) {
    long[] cpus = {50, 100, 250, 500, 1000, 1500, 3000};
    long[] mems = {64 * MI, 128 * MI, 512 * MI, GI, 2 * GI, 6 * GI};
    List<Replica> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String svc = "s" + rnd.nextInt(6);
      Replica r =
          Replica.of("r" + i, svc, cpus[rnd.nextInt(cpus.length)], mems[rnd.nextInt(mems.length)]);
      int k = rnd.nextInt(10);
      if (k == 0) {
        r = r.withSpread(Spread.REQUIRED);
      } else if (k == 1) {
        r = r.withNodeSelector(Map.of("family", "r"));
      }
      out.add(r);
    }
    return out;
  }

  static Catalog catalog(Random rnd) {
    List<InstanceType> types = new ArrayList<>();
    String[] families = {"c", "m", "r"};
    int[] gibPerCore = {2, 4, 8};
    for (int f = 0; f < 3; f++) {
      for (int size = 1; size <= 16; size *= 2) {
        if (rnd.nextInt(4) == 0 && size > 1) {
          continue;
        }
        double price = size * (0.04 + 0.01 * f + rnd.nextInt(5) * 0.002);
        types.add(
            InstanceType.of(
                families[f] + "." + size, size * 2000L, size * 2L * gibPerCore[f] * GI, price));
      }
    }
    return new Catalog(types, "random");
  }

  static ProvisionOptions options(Random rnd) {
    return new ProvisionOptions(
        rnd.nextInt(3) * 0.1,
        rnd.nextBoolean() ? 110 : 8 + rnd.nextInt(20),
        rnd.nextBoolean() ? SystemReserve.standard() : SystemReserve.fixed(100, 256 * MI));
  }

  @Property(tries = 200)
  void aPlanNeverExceedsCapacityAndPlacesEveryReplicaOnce(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n) {
    Random rnd = new Random(seed);
    List<Replica> replicas = workload(rnd, n);
    Catalog c = catalog(rnd);
    ProvisionOptions o = options(rnd);
    ProvisionPlan p = Provisioner.plan(replicas, c, o);
    Map<String, Replica> byId = new HashMap<>();
    replicas.forEach(r -> byId.put(r.id(), r));
    Set<String> seen = new HashSet<>();
    for (ProvisionPlan.PlannedNode node : p.nodes()) {
      Usable u = o.usable(node.type());
      long cpu = 0;
      long mem = 0;
      Set<String> required = new HashSet<>();
      for (String id : node.replicas()) {
        Replica r = byId.get(id);
        assertThat(seen.add(id)).as("placed twice: %s", id).isTrue();
        assertThat(node.type().matches(r.nodeSelector())).isTrue();
        if (r.spread() == Spread.REQUIRED) {
          assertThat(required.add(r.service())).as("required spread on %s", node.name()).isTrue();
        }
        cpu += r.cpuMillis();
        mem += r.memoryBytes();
      }
      assertThat(u.fits(cpu, mem, node.replicas().size()))
          .as("%s over capacity", node.name())
          .isTrue();
      assertThat(cpu).isEqualTo(node.cpuMillis());
    }
    p.unplaced().forEach(u -> assertThat(seen.add(u.replicaId())).isTrue());
    assertThat(seen).hasSize(replicas.size());
    assertThat(p.microsPerHour())
        .isEqualTo(p.nodes().stream().mapToLong(x -> x.type().microsPerHour()).sum());
  }

  @Property(tries = 200)
  void theCoveringBoundIsNeverBeaten(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n) {
    Random rnd = new Random(seed);
    ProvisionPlan p = Provisioner.plan(workload(rnd, n), catalog(rnd), options(rnd));
    assertThat((double) p.microsPerHour()).isGreaterThanOrEqualTo(p.lowerBoundMicros() - 1e-6);
  }

  @Property(tries = 200)
  void identicalNodesNeverBeatL1(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n) {
    Random rnd = new Random(seed);
    List<Replica> replicas = new ArrayList<>();
    for (Replica r : workload(rnd, n)) {
      replicas.add(Replica.of(r.id(), r.service(), r.cpuMillis(), r.memoryBytes()));
    }
    InstanceType t = InstanceType.of("node", 8000, 32 * GI, 0.4);
    ProvisionOptions o = options(rnd);
    ProvisionPlan p = Provisioner.plan(replicas, new Catalog(List.of(t), "one"), o);
    long cpu = replicas.stream().mapToLong(Replica::cpuMillis).sum();
    long mem = replicas.stream().mapToLong(Replica::memoryBytes).sum();
    long l1 = LowerBound.nodes(cpu, mem, replicas.size(), o.usable(t));
    if (p.unplaced().isEmpty()) {
      assertThat((long) p.nodes().size()).isGreaterThanOrEqualTo(l1);
      // and the LP bound agrees with L1 for one type: L1 nodes at most, minus rounding
      assertThat(p.lowerBoundMicros()).isLessThanOrEqualTo(l1 * t.microsPerHour() + 1e-6);
    }
  }

  @Property(tries = 150)
  void consolidationNeverIncreasesCostAndKeepsEveryReplica(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 12) int budget) {
    Random rnd = new Random(seed);
    Catalog c = catalog(rnd);
    ProvisionOptions o = options(rnd);
    List<Replica> replicas = workload(rnd, n);
    List<ClusterNode> cluster = scattered(replicas, c, o, rnd);
    Consolidation k = Consolidator.consolidate(cluster, c, o, budget);
    assertThat(k.microsAfter()).isLessThanOrEqualTo(k.microsBefore());
    assertThat(k.microsAfter())
        .isEqualTo(k.after().stream().mapToLong(x -> x.type().microsPerHour()).sum());
    assertThat(k.actions().stream().mapToInt(a -> a.removed().size()).sum())
        .isLessThanOrEqualTo(budget);
    Set<String> seen = new HashSet<>();
    Set<String> before = new HashSet<>();
    cluster.forEach(x -> x.replicas().forEach(r -> before.add(r.id())));
    for (ClusterNode node : k.after()) {
      Usable u = o.usable(node.type());
      assertThat(u.fits(node.cpuMillis(), node.memoryBytes(), node.replicas().size()))
          .as("%s over capacity", node.name())
          .isTrue();
      node.replicas()
          .forEach(
              r -> {
                assertThat(seen.add(r.id())).isTrue();
                assertThat(node.type().matches(r.nodeSelector())).isTrue();
              });
    }
    assertThat(seen).isEqualTo(before);
    k.actions().forEach(a -> assertThat(a.savingMicros()).isGreaterThanOrEqualTo(0));
  }

  /** A wasteful but valid cluster: each replica on a random node that holds it, opening many. */
  static List<ClusterNode> scattered(
      List<Replica> replicas, Catalog c, ProvisionOptions o, Random rnd) {
    List<InstanceType> types = new ArrayList<>();
    List<List<Replica>> on = new ArrayList<>();
    for (Replica r : replicas) {
      int pick = -1;
      if (!types.isEmpty() && rnd.nextInt(3) > 0) {
        int i = rnd.nextInt(types.size());
        List<Replica> with = new ArrayList<>(on.get(i));
        with.add(r);
        long cpu = with.stream().mapToLong(Replica::cpuMillis).sum();
        long mem = with.stream().mapToLong(Replica::memoryBytes).sum();
        boolean spreadOk =
            r.spread() != Spread.REQUIRED
                || on.get(i).stream().noneMatch(x -> x.service().equals(r.service()));
        if (o.usable(types.get(i)).fits(cpu, mem, with.size())
            && types.get(i).matches(r.nodeSelector())
            && spreadOk) {
          pick = i;
        }
      }
      if (pick < 0) {
        List<InstanceType> ok = new ArrayList<>();
        for (InstanceType t : c.types()) {
          if (t.matches(r.nodeSelector()) && o.usable(t).fits(r.cpuMillis(), r.memoryBytes(), 1)) {
            ok.add(t);
          }
        }
        if (ok.isEmpty()) {
          continue;
        }
        types.add(ok.get(rnd.nextInt(ok.size())));
        on.add(new ArrayList<>());
        pick = types.size() - 1;
      }
      on.get(pick).add(r);
    }
    List<ClusterNode> out = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      out.add(new ClusterNode("n" + i, types.get(i), on.get(i)));
    }
    if (rnd.nextBoolean() && !c.types().isEmpty()) {
      out.add(new ClusterNode("empty", c.types().get(0), List.of()));
    }
    return out;
  }
}
