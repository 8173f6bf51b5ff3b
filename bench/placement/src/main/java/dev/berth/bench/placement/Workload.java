package dev.berth.bench.placement;

import dev.berth.core.capacity.RightSizing.Sample;
import dev.berth.core.placement.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded workload drawn from the published shape of real clusters.
 *
 * <ul>
 *   <li><b>Requests concentrate on a few sizes</b>: cpu 100m / 250m / 500m / 1 / 2 with weights
 *       30 / 30 / 20 / 15 / 5; memory per core 1Gi / 2Gi / 4Gi with weights 25 / 50 / 25 (so 250m
 *       comes with 256Mi, 512Mi or 1Gi), never under 128Mi.
 *   <li><b>A few large services</b>: 3% of services ask for 4 cpu / 16Gi or 2 cpu / 24Gi.
 *   <li><b>Replicas per service</b> follow a heavy tail: {@code 1 + floor(2 / u^0.9)} capped at 60,
 *       u uniform in (0, 1] (most services have 2-4 replicas, a few have dozens).
 *   <li><b>Most containers use far less than they request</b> (Datadog's 2023 container report:
 *       over 65% use less than half their requested cpu and memory): each service draws a usage
 *       ratio, 68% of services uniform in [0.05, 0.5), the rest in [0.5, 1.0]; memory takes its
 *       own ratio drawn the same way.
 *   <li><b>Usage samples</b>: per service 120 samples (two hours at one a minute); cpu = ratio x
 *       request x a log-normal factor (sigma 0.35), memory = ratio x request x (0.9 + 0.1 x
 *       a slow sine + 2% noise), clamped to [0, 1.6 x request].
 * </ul>
 *
 * <p>Services are drawn until the replica count reaches the target; the last service is cut to
 * hit it exactly. The same seed gives the same workload.
 */
final class Workload {
  static final long MI = 1L << 20;
  static final long GI = 1L << 30;

  record Service(String name, long cpu, long mem, int replicas, double cpuRatio, double memRatio) {}

  final List<Service> services = new ArrayList<>();
  final List<Replica> replicas = new ArrayList<>();
  private final long seed;

  Workload(long seed, int target) {
    this.seed = seed;
    Random rnd = new Random(seed);
    long[] cpus = {100, 250, 500, 1000, 2000};
    int[] cpuW = {30, 30, 20, 15, 5};
    long[] memPerCore = {GI, 2 * GI, 4 * GI};
    int[] memW = {25, 50, 25};
    int s = 0;
    while (replicas.size() < target) {
      long cpu;
      long mem;
      if (rnd.nextInt(100) < 3) {
        boolean big = rnd.nextBoolean();
        cpu = big ? 4000 : 2000;
        mem = big ? 16 * GI : 24 * GI;
      } else {
        cpu = cpus[pick(rnd, cpuW)];
        mem = Math.max(128 * MI, memPerCore[pick(rnd, memW)] * cpu / 1000);
      }
      double u = 1 - rnd.nextDouble();
      int n = (int) Math.min(60, 1 + Math.floor(2 / Math.pow(u, 0.9)));
      n = Math.min(n, target - replicas.size());
      Service svc = new Service("s" + s++, cpu, mem, n, ratio(rnd), ratio(rnd));
      services.add(svc);
      for (int i = 0; i < n; i++) {
        replicas.add(Replica.of(svc.name() + "-" + i, svc.name(), cpu, mem));
      }
    }
  }

  private static double ratio(Random rnd) {
    return rnd.nextInt(100) < 68 ? 0.05 + 0.45 * rnd.nextDouble() : 0.5 + 0.5 * rnd.nextDouble();
  }

  private static int pick(Random rnd, int[] w) {
    int total = 0;
    for (int x : w) {
      total += x;
    }
    int r = rnd.nextInt(total);
    for (int i = 0; i < w.length; i++) {
      r -= w[i];
      if (r < 0) {
        return i;
      }
    }
    return w.length - 1;
  }

  /** 120 usage samples of one service (its replicas pooled), seeded by the workload and service. */
  List<Sample> samples(Service svc) {
    Random rnd = new Random(seed * 31 + svc.name().hashCode());
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      double c = svc.cpuRatio() * svc.cpu() * Math.exp(0.35 * rnd.nextGaussian());
      double m =
          svc.memRatio()
              * svc.mem()
              * (0.9 + 0.1 * Math.sin(i / 20.0) + 0.02 * rnd.nextGaussian());
      out.add(
          new Sample(
              (long) Math.max(0, Math.min(c, 1.6 * svc.cpu())),
              (long) Math.max(0, Math.min(m, 1.6 * svc.mem()))));
    }
    return out;
  }

  /** The replicas in arrival order: shuffled with the seed, as pods reach a scheduler. */
  List<Replica> arrivals() {
    List<Replica> out = new ArrayList<>(replicas);
    java.util.Collections.shuffle(out, new Random(seed + 1));
    return out;
  }
}
