package dev.berth.core.placement;

import dev.berth.core.placement.Filter.Depends;
import java.util.List;
import java.util.Map;

/**
 * The feasibility filters, in the order the engine applies them (a node is reported under the first
 * filter that rejects it, as kube-scheduler does).
 *
 * <ol>
 *   <li>{@link #TAINT_TOLERATION}: every NoSchedule/NoExecute taint of the node is tolerated.
 *   <li>{@link #NODE_SELECTOR}: the node carries every label of the selector with the same value.
 *   <li>{@link #FIT}: the node's placed requests plus the replica's never exceed allocatable, in
 *       cpu and in memory.
 *   <li>{@link #REQUIRED_SPREAD}: a replica with {@code spread: required} goes only to a node that
 *       holds no replica of its service.
 * </ol>
 */
public final class Filters {
  private Filters() {}

  /** Untolerated NoSchedule/NoExecute taint. */
  public static final Filter TAINT_TOLERATION =
      new Simple("TaintToleration", Depends.NODE) {
        @Override
        public String reject(Replica r, NodeView n) {
          for (Taint t : n.node().taints()) {
            if (t.effect().filters() && r.tolerations().stream().noneMatch(x -> x.tolerates(t))) {
              return "untolerated taint " + t;
            }
          }
          return null;
        }
      };

  /** Missing or different label. */
  public static final Filter NODE_SELECTOR =
      new Simple("NodeSelector", Depends.NODE) {
        @Override
        public String reject(Replica r, NodeView n) {
          Map<String, String> labels = n.node().labels();
          for (Map.Entry<String, String> e : r.nodeSelector().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
              return "didn't match node selector";
            }
          }
          return null;
        }
      };

  /** Requests above allocatable. */
  public static final Filter FIT =
      new Simple("Fit", Depends.USAGE) {
        @Override
        public String reject(Replica r, NodeView n) {
          boolean cpu = n.usedCpuMillis() + r.cpuMillis() > n.node().allocatableCpuMillis();
          boolean mem = n.usedMemoryBytes() + r.memoryBytes() > n.node().allocatableMemoryBytes();
          if (cpu && mem) {
            return "Insufficient cpu and memory";
          }
          return cpu ? "Insufficient cpu" : mem ? "Insufficient memory" : null;
        }
      };

  /** A replica of the same service already on the node. */
  public static final Filter REQUIRED_SPREAD =
      new Simple("RequiredSpread", Depends.SERVICE) {
        @Override
        public String reject(Replica r, NodeView n) {
          return r.spread() == Spread.REQUIRED && n.serviceReplicas() > 0
              ? "already runs a replica of the service (spread: required)"
              : null;
        }
      };

  /** The chain, in order. */
  public static final List<Filter> CHAIN =
      List.of(TAINT_TOLERATION, NODE_SELECTOR, FIT, REQUIRED_SPREAD);

  private abstract static class Simple extends Named implements Filter {
    Simple(String name, Depends depends) {
      super(name, depends);
    }
  }
}
