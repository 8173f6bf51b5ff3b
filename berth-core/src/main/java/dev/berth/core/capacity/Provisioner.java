package dev.berth.core.capacity;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.capacity.ProvisionPlan.PlannedNode;
import dev.berth.core.capacity.ProvisionPlan.Unplaced;
import dev.berth.core.placement.Replica;
import dev.berth.core.spec.Quantities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sizes a node pool: the cheapest set of nodes from a catalog that holds every replica, as
 * Karpenter provisions for pending pods. A pure function.
 *
 * <p>Rules:
 *
 * <ol>
 *   <li>A node of a type offers its capacity minus the system reserve, minus the headroom, and at
 *       most {@code maxPodsPerNode} replicas ({@link ProvisionOptions#usable}).
 *   <li>A replica may go only to a type whose labels match its node selector and that can hold it
 *       alone. Otherwise it is reported in {@link ProvisionPlan#unplaced()} with the reason: a
 *       selector no type matches (contradictory labels), or requests larger than every allowed
 *       type, naming the smallest type that would fit or the machine size that would.
 *   <li>Replicas are packed first-fit decreasing into node claims (see {@code Packing}); each claim
 *       then becomes the cheapest type that holds it. {@code spread: required} keeps two replicas
 *       of a service off one node; tolerations are ignored (catalog types have no taints).
 *   <li>The run is repeated restricted to the types of each size (same vCPU count: m6i.2xlarge,
 *       c6i.2xlarge and r6i.2xlarge), and the cheapest plan that places the most replicas wins
 *       (ties: the unrestricted run). Unrestricted, claims grow to the largest types and stop at an
 *       arbitrary fill, so the type that holds them is often half a size too large; pinned to one
 *       size, claims fill that size and the family adapts to their cpu/memory mix. In every run, a
 *       claim finally gets the cheapest type of the whole catalog that holds it, so the last,
 *       partly filled nodes shrink.
 * </ol>
 *
 * <p>A plan of at most {@value #CONSOLIDATE_UP_TO} nodes then gets one {@link Consolidator} pass
 * (delete or replace nodes by cheaper ones, unlimited budget), which never makes it dearer.
 *
 * <p>The plan also carries {@link LowerBound#costMicros}, the covering bound of what was placed,
 * which no plan can beat (a property test checks it).
 */
public final class Provisioner {
  private Provisioner() {}

  private static final int REPORT_EVERY = 4096;

  /** Plans with no progress reports. */
  public static ProvisionPlan plan(
      List<Replica> replicas, Catalog catalog, ProvisionOptions options) {
    return plan(replicas, catalog, options, Progress.NONE);
  }

  /** Plans, reporting progress over all runs. */
  public static ProvisionPlan plan(
      List<Replica> replicas, Catalog catalog, ProvisionOptions options, Progress progress) {
    Map<Long, List<InstanceType>> sizes = new TreeMap<>();
    for (InstanceType t : catalog.types()) {
      sizes.computeIfAbsent(t.cpuMillis(), k -> new ArrayList<>()).add(t);
    }
    List<List<InstanceType>> runs = new ArrayList<>();
    runs.add(catalog.types());
    if (sizes.size() > 1) {
      runs.addAll(sizes.values());
    }
    long total = (long) replicas.size() * runs.size();
    long[] done = {0};
    Progress step =
        (d, t) -> {
          done[0]++;
          if (done[0] % REPORT_EVERY == 0) {
            progress.at(done[0], total);
          }
        };
    ProvisionPlan best = null;
    for (List<InstanceType> types : runs) {
      ProvisionPlan p = run(replicas, types, catalog, options, step);
      if (best == null
          || p.unplaced().size() < best.unplaced().size()
          || (p.unplaced().size() == best.unplaced().size()
              && p.microsPerHour() < best.microsPerHour())) {
        best = p;
      }
    }
    progress.at(total, total);
    return best.nodes().size() <= CONSOLIDATE_UP_TO
        ? consolidated(best, replicas, catalog, options)
        : best;
  }

  /** Plans with at most this many nodes get a consolidation pass (cheap at this size). */
  static final int CONSOLIDATE_UP_TO = 64;

  /**
   * The plan after {@link Consolidator} with an unlimited budget: replacing a few nodes by a
   * cheaper one finds the savings first-fit leaves (2-3% on 1,000-replica workloads). Never dearer.
   */
  private static ProvisionPlan consolidated(
      ProvisionPlan plan, List<Replica> replicas, Catalog catalog, ProvisionOptions options) {
    Map<String, Replica> byId = new HashMap<>();
    replicas.forEach(r -> byId.put(r.id(), r));
    List<ClusterNode> cluster = new ArrayList<>();
    for (PlannedNode n : plan.nodes()) {
      List<Replica> on = new ArrayList<>();
      n.replicas().forEach(id -> on.add(byId.get(id)));
      cluster.add(new ClusterNode(n.name(), n.type(), on));
    }
    Consolidation c = Consolidator.consolidate(cluster, catalog, options, cluster.size());
    if (c.actions().isEmpty()) {
      return plan;
    }
    List<ClusterNode> after = new ArrayList<>(c.after());
    after.sort(Comparator.comparing((ClusterNode n) -> n.type().name()));
    Map<String, Integer> perType = new HashMap<>();
    List<PlannedNode> nodes = new ArrayList<>();
    for (ClusterNode n : after) {
      int k = perType.merge(n.type().name(), 1, Integer::sum);
      nodes.add(
          new PlannedNode(
              n.type().name() + "-" + k,
              n.type(),
              n.replicas().stream().map(Replica::id).toList(),
              n.cpuMillis(),
              n.memoryBytes()));
    }
    return new ProvisionPlan(
        nodes, plan.unplaced(), c.microsAfter(), plan.lowerBoundMicros(), plan.source());
  }

  private static ProvisionPlan run(
      List<Replica> replicas,
      List<InstanceType> types,
      Catalog catalog,
      ProvisionOptions options,
      Progress step) {
    Packing packing = new Packing(types, options);
    long refCpu = 1;
    long refMem = 1;
    for (InstanceType t : types) {
      Usable u = options.usable(t);
      refCpu = Math.max(refCpu, u.cpuMillis());
      refMem = Math.max(refMem, u.memoryBytes());
    }
    Integer[] order = new Integer[replicas.size()];
    double[] size = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      Replica r = replicas.get(i);
      size[i] = Math.max((double) r.cpuMillis() / refCpu, (double) r.memoryBytes() / refMem);
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -size[i]).thenComparing(i -> i));
    Map<List<Object>, BitSet> compat = new HashMap<>();
    List<Unplaced> unplaced = new ArrayList<>();
    long cpu = 0;
    long mem = 0;
    long count = 0;
    for (int i : order) {
      Replica r = replicas.get(i);
      BitSet c =
          compat.computeIfAbsent(
              List.of(r.cpuMillis(), r.memoryBytes(), r.nodeSelector()),
              k -> packing.compatible(r));
      if (c.isEmpty()) {
        unplaced.add(new Unplaced(r.id(), r.service(), whyNot(r, types, catalog.types(), options)));
      } else {
        packing.add(i, r, c);
        cpu += r.cpuMillis();
        mem += r.memoryBytes();
        count++;
      }
      step.at(0, 0);
    }
    Map<String, Integer> perType = new HashMap<>();
    List<PlannedNode> nodes = new ArrayList<>();
    long micros = 0;
    List<Packing.Claim> claims = new ArrayList<>(packing.claims());
    Map<Packing.Claim, InstanceType> chosen = new LinkedHashMap<>();
    for (Packing.Claim claim : claims) {
      chosen.put(claim, cheapest(claim, replicas, catalog, options, packing.cheapest(claim)));
    }
    claims.sort(Comparator.comparing((Packing.Claim c) -> chosen.get(c).name()));
    for (Packing.Claim claim : claims) {
      InstanceType t = chosen.get(claim);
      int n = perType.merge(t.name(), 1, Integer::sum);
      List<String> ids = new ArrayList<>(claim.replicas.size());
      claim.replicas.forEach(i -> ids.add(replicas.get(i).id()));
      nodes.add(new PlannedNode(t.name() + "-" + n, t, ids, claim.cpu, claim.mem));
      micros += t.microsPerHour();
    }
    unplaced.sort(Comparator.comparing(Unplaced::replicaId));
    double bound =
        count == 0 ? 0 : LowerBound.costMicros(cpu, mem, count, catalog.types(), options);
    return new ProvisionPlan(nodes, unplaced, micros, bound, catalog.source());
  }

  /**
   * The cheapest type of the whole catalog that holds a claim packed in a restricted run: its
   * requests, its replica count and every selector of its replicas. {@code fallback} (the run's own
   * choice, which always qualifies) wins ties.
   */
  private static InstanceType cheapest(
      Packing.Claim claim,
      List<Replica> replicas,
      Catalog catalog,
      ProvisionOptions options,
      InstanceType fallback) {
    java.util.Set<Map<String, String>> selectors = new java.util.HashSet<>();
    claim.replicas.forEach(i -> selectors.add(replicas.get(i).nodeSelector()));
    InstanceType best = fallback;
    for (InstanceType t : catalog.types()) {
      if (t.microsPerHour() < best.microsPerHour()
          && options.usable(t).fits(claim.cpu, claim.mem, claim.pods)
          && selectors.stream().allMatch(t::matches)) {
        best = t;
      }
    }
    return best;
  }

  /** Why no type of {@code allowed} can hold the replica, and what would. */
  static String whyNot(
      Replica r, List<InstanceType> allowed, List<InstanceType> all, ProvisionOptions options) {
    String wants =
        "replica "
            + r.id()
            + " (cpu "
            + Quantities.formatCpu(r.cpuMillis())
            + ", memory "
            + Quantities.describeMemory(r.memoryBytes())
            + ")";
    if (allowed.stream().noneMatch(t -> t.matches(r.nodeSelector()))) {
      return wants
          + ": no instance type carries the labels "
          + new TreeMap<>(r.nodeSelector())
          + " of its node selector; they contradict each other or name a type not in the"
          + " catalog. Fix the selector or add a matching type.";
    }
    InstanceType smallest = null;
    for (InstanceType t : all) {
      if (options.usable(t).fits(r.cpuMillis(), r.memoryBytes(), 1)
          && (smallest == null || t.microsPerHour() < smallest.microsPerHour())) {
        smallest = t;
      }
    }
    if (smallest != null) {
      return wants
          + " fits none of the types its node selector allows; the smallest type that would fit"
          + " is "
          + smallest.name()
          + ": allow it in the selector, or lower the requests.";
    }
    InstanceType need = machineFor(r, options);
    return wants
        + " is larger than every type in the catalog after the system reserve and "
        + Math.round(options.headroom() * 100)
        + "% headroom; the smallest machine that would fit has cpu "
        + Quantities.formatCpu(need.cpuMillis())
        + " and memory "
        + Quantities.describeMemory(need.memoryBytes())
        + ". Lower the service's resources or add such a type to the catalog.";
  }

  /** The smallest whole-core, whole-GiB machine that holds the replica (found by doubling up). */
  static InstanceType machineFor(Replica r, ProvisionOptions options) {
    long cores = Math.max(1, LowerBound.ceilDiv(r.cpuMillis(), 1000));
    long gib = Math.max(1, LowerBound.ceilDiv(r.memoryBytes(), 1L << 30));
    while (true) {
      InstanceType t = InstanceType.of("needed", cores * 1000, gib << 30, 0);
      Usable u = options.usable(t);
      boolean cpuOk = u.cpuMillis() >= r.cpuMillis();
      boolean memOk = u.memoryBytes() >= r.memoryBytes();
      if (cpuOk && memOk) {
        return t;
      }
      cores += cpuOk ? 0 : 1;
      gib += memOk ? 0 : 1;
    }
  }
}
