package dev.berth.core.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How many replicas of a service to create and which to stop, as a pure function — the ReplicaSet
 * controller's decision, with a safe switch between templates.
 *
 * <p>Rules:
 *
 * <ol>
 *   <li>Replicas already asked to stop are left alone (they are on their way out).
 *   <li>Current-template replicas are brought to the desired count: create the missing ones; stop
 *       the surplus, choosing (as Kubernetes does) pending before placed, not ready before ready,
 *       newer before older.
 *   <li>Outdated replicas (another template) keep serving until the desired number of
 *       current-template replicas is ready, then all stop together: a change that never becomes
 *       ready never takes the old version down. Outdated replicas that are pending or not ready
 *       serve nobody and stop at once. With a desired count of 0 everything stops.
 * </ol>
 *
 * Invariant: no replica is both kept and stopped; the number created is never negative; once the
 * decision is applied and the new replicas are ready, at most one more decision (the switch-over
 * that stops outdated replicas) changes anything, and the one after it creates and stops nothing
 * (convergence, checked by property tests).
 */
public final class ReplicaSetDecision {
  private ReplicaSetDecision() {}

  /**
   * The controller's view of one replica.
   *
   * @param id replica id
   * @param templateHash its template
   * @param placed admitted to a node (not pending)
   * @param ready passes readiness
   * @param stopRequested already being stopped
   * @param createdAt creation time, for "newer first" ordering
   */
  public record Replica(
      String id,
      String templateHash,
      boolean placed,
      boolean ready,
      boolean stopRequested,
      Instant createdAt) {
    public Replica {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(templateHash, "templateHash");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /**
   * The decision.
   *
   * @param create how many current-template replicas to create
   * @param stop ids of replicas to stop, in the order to stop them
   */
  public record Plan(int create, List<String> stop) {
    public Plan {
      if (create < 0) {
        throw new IllegalArgumentException("create must be >= 0");
      }
      stop = List.copyOf(stop);
    }

    public boolean isEmpty() {
      return create == 0 && stop.isEmpty();
    }
  }

  /** Deletion preference: pending, then not ready, then newest first. */
  static final Comparator<Replica> STOP_FIRST =
      Comparator.comparing((Replica r) -> r.placed())
          .thenComparing(Replica::ready)
          .thenComparing(Replica::createdAt, Comparator.reverseOrder())
          .thenComparing(Replica::id, Comparator.reverseOrder());

  /**
   * Decides for one service.
   *
   * @param templateHash the service's current template
   * @param desired how many replicas should run (0 when stopped or removed)
   * @param replicas every replica the controller knows for the service
   */
  public static Plan decide(String templateHash, int desired, List<Replica> replicas) {
    if (desired < 0) {
      throw new IllegalArgumentException("desired must be >= 0");
    }
    List<Replica> current = new ArrayList<>();
    List<Replica> outdated = new ArrayList<>();
    for (Replica r : replicas) {
      if (r.stopRequested()) {
        continue;
      }
      (r.templateHash().equals(templateHash) ? current : outdated).add(r);
    }
    List<String> stop = new ArrayList<>();
    int create = Math.max(0, desired - current.size());
    if (current.size() > desired) {
      current.sort(STOP_FIRST);
      for (Replica r : current.subList(0, current.size() - desired)) {
        stop.add(r.id());
      }
    }
    long readyCurrent = current.stream().filter(r -> r.ready() && !stop.contains(r.id())).count();
    boolean switchOver = desired == 0 || readyCurrent >= desired;
    outdated.sort(STOP_FIRST);
    for (Replica r : outdated) {
      if (switchOver || !r.placed() || !r.ready()) {
        stop.add(r.id());
      }
    }
    return new Plan(create, stop);
  }
}
