package dev.berth.engine.cron;

import dev.berth.core.decide.Admission;
import dev.berth.core.model.Resources;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.store.NodeUsage;
import java.util.List;
import java.util.Optional;

/**
 * Whether a run's attempt fits on the machine, as a replica would ({@link Admission}): the node's
 * replicas plus the attempts the cron controller started and has not seen end must leave room for
 * its requests. Pure.
 */
final class RunRoom {
  private RunRoom() {}

  /** Why {@code request} does not fit now, or empty when it does. */
  static Optional<String> problem(
      NodeCapacity node, NodeUsage replicas, List<Resources> runs, Resources request) {
    long cpu = replicas.cpuMillis();
    long mem = replicas.memoryBytes();
    for (Resources r : runs) {
      cpu += r.cpuMillis();
      mem += r.memoryBytes();
    }
    Admission.Verdict v =
        Admission.plan(
                new Admission.Node(
                    node.name(), node.allocatableCpuMillis(), node.allocatableMemoryBytes()),
                new Admission.Usage(
                    cpu, mem, replicas.stoppingCpuMillis(), replicas.stoppingMemoryBytes()),
                List.of(new Admission.Replica("run", request.cpuMillis(), request.memoryBytes())),
                List.of(),
                false)
            .get(0);
    return v.outcome() == Admission.Outcome.ADMIT
        ? Optional.empty()
        : Optional.of(v.message().isEmpty() ? v.reason() : v.message());
  }
}
