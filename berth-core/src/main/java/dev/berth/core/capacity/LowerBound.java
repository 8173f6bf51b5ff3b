package dev.berth.core.capacity;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import java.util.List;

/**
 * Bounds no packing can beat, to say how far a plan is from the optimum.
 *
 * <ul>
 *   <li>{@link #nodes}: identical nodes, {@code L1 = max over cpu, memory and replica count of
 *       ceil(sum of requests / what one node offers)}; every feasible packing uses at least L1
 *       nodes, since each node holds at most its capacity in every dimension.
 *   <li>{@link #costMicros}: a mixed catalog, the optimum of the covering linear program {@code min
 *       sum price_t x_t} subject to {@code sum usable_t x_t >= total} in cpu, memory and replica
 *       count, {@code x >= 0}. Every packing is an integer solution of it, so it is a lower bound.
 *       It is solved exactly by enumerating the basic solutions (at most three types, one per
 *       constraint), which is cheap for catalogs of tens of types.
 * </ul>
 */
public final class LowerBound {
  private LowerBound() {}

  /** L1 for identical nodes that each offer {@code u}. */
  public static long nodes(long cpu, long memory, long count, Usable u) {
    if (count == 0) {
      return 0;
    }
    if (u.cpuMillis() <= 0 || u.memoryBytes() <= 0) {
      throw new IllegalArgumentException("a node that offers no cpu or memory holds nothing");
    }
    return Math.max(
        Math.max(ceilDiv(cpu, u.cpuMillis()), ceilDiv(memory, u.memoryBytes())),
        ceilDiv(count, u.pods()));
  }

  /**
   * The covering LP's optimum in micro-dollars per hour (a fraction: the bound is the real number).
   *
   * @param types the types a plan may use
   */
  public static double costMicros(
      long cpu, long memory, long count, List<InstanceType> types, ProvisionOptions options) {
    if (count == 0) {
      return 0;
    }
    int n = types.size();
    double[][] a = new double[n][];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      Usable u = options.usable(types.get(i));
      a[i] = new double[] {u.cpuMillis(), u.memoryBytes(), u.pods()};
      c[i] = types.get(i).microsPerHour();
    }
    double[] b = {cpu, memory, count};
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      // one type: enough of it to cover every dimension
      double x = 0;
      boolean ok = true;
      for (int d = 0; d < 3; d++) {
        if (a[i][d] <= 0) {
          ok = b[d] <= 0;
          if (!ok) {
            break;
          }
        } else {
          x = Math.max(x, b[d] / a[i][d]);
        }
      }
      if (ok) {
        best = Math.min(best, x * c[i]);
      }
      for (int j = i + 1; j < n; j++) {
        for (int d1 = 0; d1 < 3; d1++) {
          for (int d2 = d1 + 1; d2 < 3; d2++) {
            double[] s = solve2(a[i][d1], a[j][d1], a[i][d2], a[j][d2], b[d1], b[d2]);
            if (s != null && covers(a, b, new int[] {i, j}, s)) {
              best = Math.min(best, s[0] * c[i] + s[1] * c[j]);
            }
          }
        }
        for (int k = j + 1; k < n; k++) {
          double[] s = solve3(a[i], a[j], a[k], b);
          if (s != null && covers(a, b, new int[] {i, j, k}, s)) {
            best = Math.min(best, s[0] * c[i] + s[1] * c[j] + s[2] * c[k]);
          }
        }
      }
    }
    if (best == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("no type in the catalog offers any room");
    }
    return best;
  }

  private static boolean covers(double[][] a, double[] b, int[] idx, double[] x) {
    for (double v : x) {
      if (v < -1e-9) {
        return false;
      }
    }
    for (int d = 0; d < 3; d++) {
      double sum = 0;
      for (int j = 0; j < idx.length; j++) {
        sum += a[idx[j]][d] * x[j];
      }
      if (sum < b[d] * (1 - 1e-9) - 1e-9) {
        return false;
      }
    }
    return true;
  }

  /** {@code [p q; r s] x = [e f]}, or null when singular. */
  private static double[] solve2(double p, double q, double r, double s, double e, double f) {
    double det = p * s - q * r;
    if (Math.abs(det) < 1e-12 * Math.abs(p * s) + 1e-300) {
      return null;
    }
    return new double[] {(e * s - q * f) / det, (p * f - e * r) / det};
  }

  /** Columns u, v, w (one per type) times x = b, by Cramer's rule, or null when singular. */
  private static double[] solve3(double[] u, double[] v, double[] w, double[] b) {
    double det = det3(u, v, w);
    if (Math.abs(det) < 1e-300 || Double.isNaN(det)) {
      return null;
    }
    return new double[] {det3(b, v, w) / det, det3(u, b, w) / det, det3(u, v, b) / det};
  }

  private static double det3(double[] c0, double[] c1, double[] c2) {
    return c0[0] * (c1[1] * c2[2] - c1[2] * c2[1])
        - c1[0] * (c0[1] * c2[2] - c0[2] * c2[1])
        + c2[0] * (c0[1] * c1[2] - c0[2] * c1[1]);
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
