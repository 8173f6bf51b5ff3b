package dev.berth.bench.placement;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import dev.berth.core.capacity.InstanceType;
import dev.berth.core.capacity.ProvisionOptions;
import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.placement.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Timefold Solver 1.32 on the cloud-balancing model (its classic example): processes with cpu and
 * memory go onto computers with capacity and a cost; hard constraints are cpu, memory and replica
 * count, the soft one the cost of every computer used. The computers offered are, for each type,
 * 25% more of them than the workload would need on that type alone, so any mix is reachable.
 * Defaults otherwise (first-fit construction, then late acceptance local search).
 */
final class TimefoldRun {
  private TimefoldRun() {}

  /** What came out: cost in micro-dollars/hour, or -1 when not every process got a computer. */
  record Result(long micros, long hardPenalty, int unassigned, double seconds) {}

  static Result solve(List<Replica> replicas, List<InstanceType> types, ProvisionOptions o, Duration limit) {
    long cpu = replicas.stream().mapToLong(Replica::cpuMillis).sum();
    long mem = replicas.stream().mapToLong(Replica::memoryBytes).sum();
    List<Computer> computers = new ArrayList<>();
    for (InstanceType t : types) {
      Usable u = o.usable(t);
      long need =
          Math.max(
              Math.max(ceil(cpu, u.cpuMillis()), ceil(mem, u.memoryBytes())),
              ceil(replicas.size(), u.pods()));
      long count = (long) Math.ceil(need * 1.25) + 1;
      for (int i = 0; i < count; i++) {
        computers.add(
            new Computer(computers.size(), u.cpuMillis(), u.memoryBytes() >> 20, u.pods(), t.microsPerHour()));
      }
    }
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      Replica r = replicas.get(i);
      processes.add(new Process(i, r.cpuMillis(), (r.memoryBytes() + (1 << 20) - 1) >> 20));
    }
    SolverConfig config =
        new SolverConfig()
            .withSolutionClass(Balance.class)
            .withEntityClasses(Process.class)
            .withConstraintProviderClass(BalanceConstraints.class)
            .withTerminationSpentLimit(limit);
    Solver<Balance> solver = SolverFactory.<Balance>create(config).buildSolver();
    long start = System.nanoTime();
    Balance out = solver.solve(new Balance(computers, processes));
    double seconds = (System.nanoTime() - start) / 1e9;
    int unassigned = 0;
    java.util.Set<Computer> used = new java.util.HashSet<>();
    for (Process p : out.getProcesses()) {
      if (p.getComputer() == null) {
        unassigned++;
      } else {
        used.add(p.getComputer());
      }
    }
    long micros = used.stream().mapToLong(Computer::getCost).sum();
    HardSoftLongScore score = out.getScore();
    return new Result(micros, score == null ? -1 : -score.hardScore(), unassigned, seconds);
  }

  private static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }

  /** A node that may be bought. */
  public static final class Computer {
    private final long id;
    private final long cpu;
    private final long memMiB;
    private final int pods;
    private final long cost;

    Computer(long id, long cpu, long memMiB, int pods, long cost) {
      this.id = id;
      this.cpu = cpu;
      this.memMiB = memMiB;
      this.pods = pods;
      this.cost = cost;
    }

    @PlanningId
    public long getId() {
      return id;
    }

    public long getCpu() {
      return cpu;
    }

    public long getMemMiB() {
      return memMiB;
    }

    public int getPods() {
      return pods;
    }

    public long getCost() {
      return cost;
    }
  }

  /** A replica. */
  @PlanningEntity
  public static final class Process {
    private long id;
    private long cpu;
    private long memMiB;
    private Computer computer;

    public Process() {}

    Process(long id, long cpu, long memMiB) {
      this.id = id;
      this.cpu = cpu;
      this.memMiB = memMiB;
    }

    @PlanningId
    public long getId() {
      return id;
    }

    public long getCpu() {
      return cpu;
    }

    public long getMemMiB() {
      return memMiB;
    }

    @PlanningVariable
    public Computer getComputer() {
      return computer;
    }

    public void setComputer(Computer computer) {
      this.computer = computer;
    }
  }

  /** The problem and its solution. */
  @PlanningSolution
  public static final class Balance {
    private List<Computer> computers;
    private List<Process> processes;
    private HardSoftLongScore score;

    public Balance() {}

    Balance(List<Computer> computers, List<Process> processes) {
      this.computers = computers;
      this.processes = processes;
    }

    @ValueRangeProvider
    @ProblemFactCollectionProperty
    public List<Computer> getComputers() {
      return computers;
    }

    public void setComputers(List<Computer> computers) {
      this.computers = computers;
    }

    @PlanningEntityCollectionProperty
    public List<Process> getProcesses() {
      return processes;
    }

    public void setProcesses(List<Process> processes) {
      this.processes = processes;
    }

    @PlanningScore
    public HardSoftLongScore getScore() {
      return score;
    }

    public void setScore(HardSoftLongScore score) {
      this.score = score;
    }
  }

  /** The cloud-balancing constraints. */
  public static final class BalanceConstraints implements ConstraintProvider {
    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
      return new Constraint[] {
        f.forEach(Process.class)
            .groupBy(Process::getComputer, ConstraintCollectors.sumLong(Process::getCpu))
            .filter((c, sum) -> sum > c.getCpu())
            .penalizeLong(HardSoftLongScore.ONE_HARD, (c, sum) -> sum - c.getCpu())
            .asConstraint("cpu"),
        f.forEach(Process.class)
            .groupBy(Process::getComputer, ConstraintCollectors.sumLong(Process::getMemMiB))
            .filter((c, sum) -> sum > c.getMemMiB())
            .penalizeLong(HardSoftLongScore.ONE_HARD, (c, sum) -> sum - c.getMemMiB())
            .asConstraint("memory"),
        f.forEach(Process.class)
            .groupBy(Process::getComputer, ConstraintCollectors.count())
            .filter((c, n) -> n > c.getPods())
            .penalizeLong(HardSoftLongScore.ONE_HARD, (c, n) -> n - c.getPods())
            .asConstraint("pods"),
        f.forEach(Computer.class)
            .ifExists(Process.class, Joiners.equal(c -> c, Process::getComputer))
            .penalizeLong(HardSoftLongScore.ONE_SOFT, Computer::getCost)
            .asConstraint("cost")
      };
    }
  }
}
