package dev.berth.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A rough in-process timing, printed and never asserted (a shared CI machine makes timings noisy):
 * 10,000 replicas onto 5,000 identical nodes, the size of kube-scheduler's scheduler_perf
 * SchedulingBasic (about 680 pods/s is its CI floor). Run with {@code java -cp
 * target/classes:target/test-classes dev.berth.core.placement.PlacementThroughput [replicas]
 * [nodes] [strategy]}.
 *
 * <p>Wall time suffers when the machine is shared; the rate per cpu-second of the placing thread is
 * the steadier figure.
 *
 * <p>Workload (seeded): 200 services of 50 replicas; requests drawn from a few common sizes
 * (100m/128Mi to 2/8Gi); every 4th service has {@code spread: preferred}, every 10th {@code
 * required}, every 7th a node selector matching half of the nodes. Every node has its own {@code
 * host} label, as Kubernetes nodes do.
 */
public final class PlacementThroughput {
  private PlacementThroughput() {}

  public static void main(String[] args) {
    int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int nodeCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    long gi = 1L << 30;
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(
          new Node(
              String.format("node-%05d", i),
              4000,
              16 * gi,
              3800,
              15 * gi,
              Map.of("zone", i % 2 == 0 ? "a" : "b", "host", String.format("node-%05d", i)),
              List.of()));
    }
    long[][] sizes = {{100, gi / 8}, {250, gi / 2}, {500, gi}, {1000, 2 * gi}, {2000, 8 * gi}};
    Random rnd = new Random(42);
    List<Replica> rs = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      int svc = i / 50;
      long[] s = sizes[(svc * 7 + rnd.nextInt(2)) % sizes.length];
      Spread spread =
          svc % 10 == 0 ? Spread.REQUIRED : svc % 4 == 0 ? Spread.PREFERRED : Spread.NONE;
      Map<String, String> sel = svc % 7 == 0 ? Map.of("zone", "a") : Map.of();
      rs.add(new Replica("r" + i, "svc" + svc, s[0], s[1], sel, List.of(), spread));
    }
    long sumCpu = rs.stream().mapToLong(Replica::cpuMillis).sum();
    long sumMem = rs.stream().mapToLong(Replica::memoryBytes).sum();
    long l1 = Math.max((sumCpu + 3799) / 3800, (sumMem + 15 * gi - 1) / (15 * gi));
    System.out.printf("lower bound L1 = %d nodes%n", l1);
    List<Strategy> strategies =
        args.length > 2 ? List.of(Strategy.valueOf(args[2])) : List.of(Strategy.values());
    for (Strategy strategy : strategies) {
      PlacementEngine.place(nodes, rs.subList(0, Math.min(1000, rs.size())), strategy); // warm-up
      java.lang.management.ThreadMXBean mx =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      PlacementResult res = PlacementEngine.place(nodes, rs, strategy);
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpuSecs = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      Map<String, Replica> byId = new java.util.HashMap<>();
      rs.forEach(r -> byId.put(r.id(), r));
      long placedCpu =
          res.placed().stream().mapToLong(d -> byId.get(d.replicaId()).cpuMillis()).sum();
      System.out.printf(
          "%-20s %6d replicas on %5d nodes: %.2fs wall, %,.0f replicas/s (%,.0f per cpu-second),"
              + " %d nodes used, %d unplaced"
              + " (%.1f%% of cpu requests placed)%n",
          strategy,
          replicas,
          nodeCount,
          secs,
          replicas / secs,
          replicas / cpuSecs,
          res.nodesUsed(),
          res.unplaceable().size(),
          100.0 * placedCpu / sumCpu);
    }
  }
}
