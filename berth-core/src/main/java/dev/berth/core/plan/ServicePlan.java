package dev.berth.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * One service's part of a plan.
 *
 * @param service the service name
 * @param action what happens to it
 * @param fields what changes, field by field (empty for {@link PlanAction#NO_OP})
 * @param replicasBefore replicas it runs while not stopped now ({@code 0} when new)
 * @param replicasAfter replicas it runs after the plan ({@code 0} when destroyed)
 * @param destructive whether the change stops replicas that run now: a destroy, or fewer replicas
 *     of a service that is not stopped
 * @param note for a person, or empty: {@code keeping 3 replicas set by berth scale (spec says 2)}
 */
public record ServicePlan(
    String service,
    PlanAction action,
    List<FieldChange> fields,
    int replicasBefore,
    int replicasAfter,
    boolean destructive,
    String note) {
  public ServicePlan {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    fields = List.copyOf(fields);
    note = note == null ? "" : note;
  }

  /** Whether only the replica count changes (an update that scales). */
  public boolean onlyScales() {
    return action == PlanAction.UPDATE
        && replicasBefore != replicasAfter
        && fields.size() == 1
        && fields.get(0).field().equals("replicas");
  }
}
