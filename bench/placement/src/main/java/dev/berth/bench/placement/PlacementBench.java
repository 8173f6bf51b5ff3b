package dev.berth.bench.placement;

import dev.berth.core.capacity.Catalog;
import dev.berth.core.capacity.ClusterNode;
import dev.berth.core.capacity.Consolidation;
import dev.berth.core.capacity.Consolidator;
import dev.berth.core.capacity.DefaultCatalog;
import dev.berth.core.capacity.InstanceType;
import dev.berth.core.capacity.LowerBound;
import dev.berth.core.capacity.ProvisionOptions;
import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.capacity.ProvisionPlan;
import dev.berth.core.capacity.Provisioner;
import dev.berth.core.capacity.RightSizing;
import dev.berth.core.capacity.SystemReserve;
import dev.berth.core.placement.PlacementResult;
import dev.berth.core.placement.Replica;
import dev.berth.core.placement.Strategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 13's placement benchmarks, side by side in one run, printed as Markdown. Arguments: {@code
 * [seed] [quick]}. Every workload comes from {@link Workload} with the seed.
 */
public final class PlacementBench {
  static final long SEED_DEFAULT = 13;
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : SEED_DEFAULT;
    boolean quick = args.length > 1 && args[1].equals("quick");
    int[] sizes = quick ? new int[] {1000, 5000} : new int[] {1000, 2000, 5000, 10000, 20000};
    p("## Placement, provisioning and cost (issue 13)%n");
    p("Seed %d, Java %s, %d cores, load average before: %s%n",
        seed, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());
    Catalog aws = DefaultCatalog.catalog();
    InstanceType m2x = aws.type("m6i.2xlarge");
    ProvisionOptions noCap = new ProvisionOptions(0, 100_000, SystemReserve.standard());
    identical(sizes, seed, m2x, noCap);
    identical(sizes, seed, aws.type("m6i.4xlarge"), noCap);
    List<InstanceType> nitro = aws.types().stream().filter(t -> !t.name().startsWith("t3.")).toList();
    ProvisionOptions kube = new ProvisionOptions(0, 110, SystemReserve.standard());
    mixed(sizes, seed, new Catalog(nitro, aws.source()), m2x, kube);
    timefold(quick ? new int[] {1000} : new int[] {1000, 2000}, seed, nitro, kube);
    throughput(seed);
    savings(seed, 2000, new Catalog(nitro, aws.source()), m2x, kube);
    p("%nLoad average after: %s%n", load());
  }

  static void identical(int[] sizes, long seed, InstanceType t, ProvisionOptions o) {
    Usable u = o.usable(t);
    p("%n### Packing quality, identical nodes (%s, allocatable %dm / %.1fGi after the GKE reserve)%n%n",
        t.name(), u.cpuMillis(), u.memoryBytes() / (double) (1L << 30));
    p("| replicas | L1 | large-item bound | Berth engine BINPACK | Berth provisioner | first-fit decreasing | dot product | kube default + autoscaler | Berth vs L1 | Berth vs kube |%n");
    p("|---|---|---|---|---|---|---|---|---|---|%n");
    for (int n : sizes) {
      Workload w = new Workload(seed, n);
      long cpu = w.replicas.stream().mapToLong(Replica::cpuMillis).sum();
      long mem = w.replicas.stream().mapToLong(Replica::memoryBytes).sum();
      long l1 = LowerBound.nodes(cpu, mem, n, u);
      long l2 = Math.max(l1, Baselines.largeItemBound(w.replicas, u));
      long t0 = System.nanoTime();
      PlacementResult bp = Baselines.engine(w.replicas, t, o, (int) (l1 * 1.2) + 5, Strategy.BINPACK);
      double tb = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      ProvisionPlan pp = Provisioner.plan(w.replicas, new Catalog(List.of(t), "one"), o);
      double tp = (System.nanoTime() - t0) / 1e9;
      int ffd = Baselines.firstFitDecreasing(w.replicas, u);
      int dot = Baselines.dotProduct(w.replicas, u);
      t0 = System.nanoTime();
      int kube = Baselines.kubeDefaultWithAutoscaler(w.arrivals(), t, o).size();
      double tk = (System.nanoTime() - t0) / 1e9;
      int berth = Math.min(bp.nodesUsed(), pp.nodes().size());
      check(bp.unplaceable().isEmpty() && pp.unplaced().isEmpty(), "unplaced replicas");
      p("| %,d | %,d | %,d | %,d (%.2f s) | %,d (%.2f s) | %,d | %,d | %,d (%.1f s) | +%.1f%% | %.1f%% fewer |%n",
          n, l1, l2, bp.nodesUsed(), tb, pp.nodes().size(), tp, ffd, dot, kube, tk,
          (berth / (double) l1 - 1) * 100, (1 - berth / (double) kube) * 100);
    }
  }

  static void mixed(int[] sizes, long seed, Catalog c, InstanceType m2x, ProvisionOptions o) {
    p("%n### Packing quality, mixed catalog (m6i/c6i/r6i, %d types, 110 replicas per node), $/month%n%n", c.types().size());
    p("| replicas | covering bound (LP) | Berth provisioner | best single type, FFD | kube default + autoscaler on %s | Berth vs bound | Berth vs kube |%n", m2x.name());
    p("|---|---|---|---|---|---|---|%n");
    for (int n : sizes) {
      Workload w = new Workload(seed, n);
      long t0 = System.nanoTime();
      ProvisionPlan pp = Provisioner.plan(w.replicas, c, o);
      double tp = (System.nanoTime() - t0) / 1e9;
      double bound = ProvisionPlan.monthly(pp.lowerBoundMicros());
      double best = Double.MAX_VALUE;
      String bestName = "";
      for (InstanceType t : c.types()) {
        Usable u = o.usable(t);
        boolean fitsAll = w.replicas.stream().allMatch(r -> u.fits(r.cpuMillis(), r.memoryBytes(), 1));
        if (!fitsAll) {
          continue;
        }
        double cost = ProvisionPlan.monthly((double) Baselines.firstFitDecreasing(w.replicas, u) * t.microsPerHour());
        if (cost < best) {
          best = cost;
          bestName = t.name();
        }
      }
      int kubeNodes = Baselines.kubeDefaultWithAutoscaler(w.arrivals(), m2x, o).size();
      double kube = ProvisionPlan.monthly((double) kubeNodes * m2x.microsPerHour());
      p("| %,d | %,.2f | %,.2f (%d nodes, %.2f s) | %,.2f (%s) | %,.2f (%d nodes) | +%.1f%% | %.1f%% cheaper |%n",
          n, bound, pp.monthlyCost(), pp.nodes().size(), tp, best, bestName, kube, kubeNodes,
          (pp.monthlyCost() / bound - 1) * 100, (1 - pp.monthlyCost() / kube) * 100);
    }
  }

  static void timefold(int[] sizes, long seed, List<InstanceType> nitro, ProvisionOptions o) {
    List<InstanceType> types = new ArrayList<>();
    for (InstanceType t : nitro) {
      String size = t.name().substring(t.name().indexOf('.') + 1);
      if (List.of("xlarge", "2xlarge", "4xlarge", "8xlarge").contains(size)) {
        types.add(t);
      }
    }
    Catalog c = new Catalog(types, "12 types");
    p("%n### Against Timefold Solver 1.32 (cloud balancing, the same %d types, $/month)%n%n", types.size());
    p("| replicas | Berth | Berth time (median of 5) | Timefold, 10x Berth's time | Timefold, 30 s | cost Berth / Timefold 30 s |%n");
    p("|---|---|---|---|---|---|%n");
    for (int n : sizes) {
      Workload w = new Workload(seed, n);
      double[] times = new double[5];
      ProvisionPlan pp = null;
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        pp = Provisioner.plan(w.replicas, c, o);
        times[i] = (System.nanoTime() - t0) / 1e9;
      }
      Arrays.sort(times);
      double tb = times[2];
      TimefoldRun.Result ten = TimefoldRun.solve(w.replicas, types, o, Duration.ofMillis(Math.max(1, (long) (tb * 10_000))));
      TimefoldRun.Result thirty = TimefoldRun.solve(w.replicas, types, o, Duration.ofSeconds(30));
      p("| %,d | %,.2f | %.3f s | %s | %s | %s |%n", n, pp.monthlyCost(), tb, describe(ten), describe(thirty),
          thirty.unassigned() == 0 && thirty.hardPenalty() == 0
              ? String.format(Locale.ROOT, "%.3f", pp.monthlyCost() / ProvisionPlan.monthly(thirty.micros()))
              : "n/a");
    }
  }

  static String describe(TimefoldRun.Result r) {
    if (r.unassigned() > 0) {
      return String.format(Locale.ROOT, "no solution: %d of the replicas unassigned after %.2f s", r.unassigned(), r.seconds());
    }
    if (r.hardPenalty() > 0) {
      return String.format(Locale.ROOT, "infeasible (hard %d) after %.2f s", r.hardPenalty(), r.seconds());
    }
    return String.format(Locale.ROOT, "%,.2f (%.2f s)", ProvisionPlan.monthly(r.micros()), r.seconds());
  }

  static void throughput(long seed) {
    InstanceType t = InstanceType.of("node", 4000, 16L << 30, 0.2);
    ProvisionOptions o = new ProvisionOptions(0, 110, SystemReserve.fixed(200, 1L << 30));
    Workload w = new Workload(seed, 10_000);
    p("%n### Throughput: 10,000 replicas onto 5,000 nodes (4 cpu / 16Gi, 3.8 / 15Gi allocatable)%n%n");
    p("| strategy | wall | replicas/s, wall | replicas per cpu-second | nodes used |%n|---|---|---|---|---|%n");
    for (Strategy s : new Strategy[] {Strategy.BINPACK, Strategy.KUBE_DEFAULT, Strategy.BINPACK, Strategy.KUBE_DEFAULT}) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      PlacementResult r = Baselines.engine(w.replicas, t, o, 5000, s);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
      p("| %s | %.2f s | %,.0f | %,.0f | %,d |%n", s, wall, 10_000 / wall, 10_000 / cpu, r.nodesUsed());
    }
    p("%n(each strategy runs twice; the first run includes JIT warm-up)%n");
  }

  static void savings(long seed, int n, Catalog c, InstanceType m2x, ProvisionOptions o) {
    Workload w = new Workload(seed, n);
    Map<String, List<Replica>> cluster = Baselines.kubeDefaultWithAutoscaler(w.arrivals(), m2x, o);
    double baseline = ProvisionPlan.monthly((double) cluster.size() * m2x.microsPerHour());
    List<ClusterNode> nodes = new ArrayList<>();
    cluster.forEach((name, rs) -> nodes.add(new ClusterNode(name, m2x, rs)));
    long t0 = System.nanoTime();
    Consolidation k = Consolidator.consolidate(nodes, c, o, nodes.size());
    double tk = (System.nanoTime() - t0) / 1e9;
    double consolidated = ProvisionPlan.monthly(k.microsAfter());
    double asWritten = Provisioner.plan(w.replicas, c, o).monthlyCost();
    List<Replica> sized = new ArrayList<>();
    for (Workload.Service s : w.services) {
      RightSizing.Recommendation rec = RightSizing.recommend(w.samples(s), s.cpu(), s.mem(), RightSizing.Policy.DEFAULT);
      for (int i = 0; i < s.replicas(); i++) {
        sized.add(Replica.of(s.name() + "-" + i, s.name(), rec.cpuMillis(), rec.memoryBytes()));
      }
    }
    double rightSized = Provisioner.plan(sized, c, o).monthlyCost();
    int kubeSized = Baselines.kubeDefaultWithAutoscaler(shuffle(sized, seed), m2x, o).size();
    double kubeRight = ProvisionPlan.monthly((double) kubeSized * m2x.microsPerHour());
    p("%n### Savings on %,d replicas vs a default cluster (kube default + autoscaler, %s, requests as written)%n%n", n, m2x.name());
    p("| what | $/month | vs baseline |%n|---|---|---|%n");
    p("| baseline: %d x %s | %,.2f | |%n", cluster.size(), m2x.name(), baseline);
    p("| consolidation of the baseline (delete/replace, mixed catalog, %d actions, %.2f s) | %,.2f | %.1f%% |%n",
        k.actions().size(), tk, consolidated, (consolidated / baseline - 1) * 100);
    p("| Berth provisioner, requests as written | %,.2f | %.1f%% |%n", asWritten, (asWritten / baseline - 1) * 100);
    p("| right-sizing only (p95+15%% cpu, max+20%% memory), same default cluster | %,.2f | %.1f%% |%n", kubeRight, (kubeRight / baseline - 1) * 100);
    p("| right-sizing + Berth provisioner | %,.2f | %.1f%% |%n", rightSized, (rightSized / baseline - 1) * 100);
  }

  static List<Replica> shuffle(List<Replica> r, long seed) {
    List<Replica> out = new ArrayList<>(r);
    java.util.Collections.shuffle(out, new java.util.Random(seed + 1));
    return out;
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  static void p(String format, Object... args) {
    System.out.printf(Locale.ROOT, format, args);
    System.out.flush();
  }
}
