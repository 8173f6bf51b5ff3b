package dev.berth.core.decide;

import dev.berth.core.spec.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which pending replicas of one service may be placed on a node, as a pure function: the sum of
 * requests of the replicas placed on a node never exceeds its allocatable capacity. A replica that
 * does not fit stays pending with a reason, as kube-scheduler leaves a pod unschedulable, instead
 * of overcommitting the machine.
 *
 * <p>One exception keeps a new version from being blocked by the version it replaces: when the node
 * cannot run both, replicas of the service's previous templates are stopped one-for-one to make
 * room (what Kubernetes does with {@code maxSurge: 0}), one replacement at a time, so a new version
 * that never becomes ready takes down at most one old replica.
 *
 * <p>Rules, for the pending replicas of one service in creation order:
 *
 * <ol>
 *   <li>It fits in what is free now: {@link Outcome#ADMIT}.
 *   <li>It fits once replicas already asked to stop are gone (theirs is capacity that comes free
 *       without a further decision): {@link Outcome#WAIT_FOR_STOPS}, nothing more to do.
 *   <li>It fits once, in addition, some outdated replicas of its own service are gone: {@link
 *       Outcome#WAIT_FOR_STOPS} and stop the fewest of them, in the order given, if no replacement
 *       is in progress; otherwise wait, and they are stopped when the one in progress is done.
 *   <li>Otherwise {@link Outcome#INSUFFICIENT}, with the numbers.
 * </ol>
 *
 * A waiting replica reserves its request, so the next one does not count on the same freed
 * capacity, and outdated replicas chosen for one are not chosen again.
 *
 * <p>Invariants (property tests): what is admitted fits beside the usage; only outdated replicas
 * are stopped, each once, for at most one pending replica per decision, never while a replacement
 * is in progress, and never more than that replica needs; nothing is stopped for a replica that
 * fits.
 */
public final class Admission {
  private Admission() {}

  /** The reason of a pending replica that will fit once replicas being stopped are gone. */
  public static final String WAITING_FOR_STOPS = "WaitingForStops";

  /**
   * A node's capacity for replicas.
   *
   * @param name the node's name, for messages
   */
  public record Node(String name, long allocatableCpuMillis, long allocatableMemoryBytes) {
    public Node {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * What the replicas placed on the node request.
   *
   * @param cpuMillis CPU requests of every placed replica, stopping ones included
   * @param memoryBytes memory requests of every placed replica, stopping ones included
   * @param stoppingCpuMillis the part of {@code cpuMillis} held by replicas asked to stop
   * @param stoppingMemoryBytes the part of {@code memoryBytes} held by replicas asked to stop
   */
  public record Usage(
      long cpuMillis, long memoryBytes, long stoppingCpuMillis, long stoppingMemoryBytes) {}

  /** A replica's requests: a pending one to place, or an outdated one that could be stopped. */
  public record Replica(String id, long cpuMillis, long memoryBytes) {
    public Replica {
      Objects.requireNonNull(id, "id");
    }
  }

  /** What becomes of one pending replica. */
  public enum Outcome {
    /** Place it now. */
    ADMIT,
    /** Keep it pending with reason {@link #WAITING_FOR_STOPS}; it fits once stops finish. */
    WAIT_FOR_STOPS,
    /** Keep it pending: the node cannot hold it even after the stops it could wait for. */
    INSUFFICIENT
  }

  /**
   * The verdict for one pending replica.
   *
   * @param id the pending replica
   * @param stop outdated replicas to stop now to make room for it (only with {@link
   *     Outcome#WAIT_FOR_STOPS})
   * @param reason empty for {@link Outcome#ADMIT}, {@link #WAITING_FOR_STOPS}, or {@code
   *     Insufficient cpu}, {@code Insufficient memory}, {@code Insufficient cpu and memory}
   * @param message a sentence with what happens, or the numbers and what to do
   */
  public record Verdict(
      String id, Outcome outcome, List<String> stop, String reason, String message) {
    public Verdict {
      stop = List.copyOf(stop);
    }
  }

  /**
   * Decides for the pending replicas of one service.
   *
   * @param node the node and its capacity
   * @param usage what the replicas placed on it request now
   * @param pending the service's pending replicas, in creation order
   * @param outdated the service's placed replicas of a previous template that are not asked to
   *     stop, in the order to stop them
   * @param replacing whether a replacement is in progress (a replica of the current template is
   *     placed but not ready, or an outdated one is still stopping): then nothing more is stopped
   */
  public static List<Verdict> plan(
      Node node, Usage usage, List<Replica> pending, List<Replica> outdated, boolean replacing) {
    long usedCpu = usage.cpuMillis();
    long usedMem = usage.memoryBytes();
    long stoppingCpu = usage.stoppingCpuMillis(); // stops under way
    long stoppingMem = usage.stoppingMemoryBytes();
    long plannedCpu = stoppingCpu; // plus stops decided for a later decision
    long plannedMem = stoppingMem;
    int nextCandidate = 0;
    boolean mayStop = !replacing;
    List<Verdict> out = new ArrayList<>();
    for (Replica p : pending) {
      if (fits(node, usedCpu + p.cpuMillis(), usedMem + p.memoryBytes())) {
        out.add(new Verdict(p.id(), Outcome.ADMIT, List.of(), "", ""));
        usedCpu += p.cpuMillis();
        usedMem += p.memoryBytes();
        mayStop = false; // it is not ready yet: the next replacement waits for it
        continue;
      }
      long needCpu = usedCpu + p.cpuMillis();
      long needMem = usedMem + p.memoryBytes();
      if (fits(node, needCpu - stoppingCpu, needMem - stoppingMem)) {
        out.add(wait(p, List.of(), "waits for replicas being stopped on node " + node.name()));
      } else if (fits(node, needCpu - plannedCpu, needMem - plannedMem)) {
        out.add(
            wait(
                p,
                List.of(),
                "waits for replicas of the previous version on node "
                    + node.name()
                    + " to be replaced one at a time"));
      } else {
        long freeCpu = 0;
        long freeMem = 0;
        int end = nextCandidate;
        while (end < outdated.size()
            && !fits(node, needCpu - plannedCpu - freeCpu, needMem - plannedMem - freeMem)) {
          freeCpu += outdated.get(end).cpuMillis();
          freeMem += outdated.get(end).memoryBytes();
          end++;
        }
        if (!fits(node, needCpu - plannedCpu - freeCpu, needMem - plannedMem - freeMem)) {
          out.add(insufficient(node, usedCpu, usedMem, p));
          continue; // reserves nothing
        }
        List<String> chosen = new ArrayList<>();
        outdated.subList(nextCandidate, end).forEach(r -> chosen.add(r.id()));
        nextCandidate = end;
        plannedCpu += freeCpu;
        plannedMem += freeMem;
        String what = chosen.size() == 1 ? "1 replica" : chosen.size() + " replicas";
        if (mayStop) {
          stoppingCpu += freeCpu;
          stoppingMem += freeMem;
          mayStop = false;
          out.add(
              wait(
                  p,
                  chosen,
                  "node "
                      + node.name()
                      + " cannot run both versions: stopping "
                      + what
                      + " of the previous version to make room"));
        } else {
          out.add(
              wait(
                  p,
                  List.of(),
                  "node "
                      + node.name()
                      + " cannot run both versions: "
                      + what
                      + " of the previous version will be stopped once the replica replacing"
                      + " another is ready"));
        }
      }
      usedCpu = needCpu; // reserved, so the next one does not count on the same room
      usedMem = needMem;
    }
    return out;
  }

  private static boolean fits(Node node, long cpu, long mem) {
    return cpu <= node.allocatableCpuMillis() && mem <= node.allocatableMemoryBytes();
  }

  private static Verdict wait(Replica p, List<String> stop, String message) {
    return new Verdict(p.id(), Outcome.WAIT_FOR_STOPS, stop, WAITING_FOR_STOPS, message);
  }

  /** The verdict for a replica that does not fit, with the numbers. */
  static Verdict insufficient(Node node, long usedCpu, long usedMem, Replica request) {
    long freeCpu = node.allocatableCpuMillis() - usedCpu;
    long freeMem = node.allocatableMemoryBytes() - usedMem;
    boolean cpuOk = request.cpuMillis() <= freeCpu;
    boolean memOk = request.memoryBytes() <= freeMem;
    StringBuilder m = new StringBuilder("does not fit on node ").append(node.name()).append(": ");
    if (!cpuOk) {
      m.append("requests cpu ")
          .append(Quantities.formatCpu(request.cpuMillis()))
          .append(" but ")
          .append(Quantities.formatCpu(Math.max(0, freeCpu)))
          .append(" of ")
          .append(Quantities.formatCpu(node.allocatableCpuMillis()))
          .append(" allocatable is free");
    }
    if (!memOk) {
      if (!cpuOk) {
        m.append("; ");
      }
      m.append("requests memory ")
          .append(Quantities.describeMemory(request.memoryBytes()))
          .append(" but ")
          .append(Quantities.describeMemory(Math.max(0, freeMem)))
          .append(" of ")
          .append(Quantities.describeMemory(node.allocatableMemoryBytes()))
          .append(" allocatable is free");
    }
    m.append(". Lower the service's resources, scale down or stop other services.");
    String reason =
        !cpuOk && !memOk
            ? "Insufficient cpu and memory"
            : !cpuOk ? "Insufficient cpu" : "Insufficient memory";
    return new Verdict(request.id(), Outcome.INSUFFICIENT, List.of(), reason, m.toString());
  }
}
