package dev.berth.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What applying a spec to an environment would change, service by service, and the drift seen on
 * the way. Made by {@link Planner}; immutable.
 *
 * @param services per service: those of the spec in spec order, then those it no longer has
 * @param drift differences between the stored desired state, the spec it came from and what runs
 */
public record Plan(List<ServicePlan> services, List<Drift> drift) {
  public Plan {
    services = List.copyOf(services);
    drift = List.copyOf(drift);
  }

  /** Services created. */
  public int toAdd() {
    return count(PlanAction.CREATE);
  }

  /** Services updated in place or replaced with a new release (the service itself stays). */
  public int toChange() {
    return count(PlanAction.UPDATE) + count(PlanAction.REPLACE);
  }

  /** Services destroyed. */
  public int toDestroy() {
    return count(PlanAction.DESTROY);
  }

  /** Whether applying would change anything (drift alone changes nothing). */
  public boolean hasChanges() {
    return services.stream().anyMatch(s -> s.action() != PlanAction.NO_OP);
  }

  /** Whether applying would stop replicas that run now. */
  public boolean destructive() {
    return services.stream().anyMatch(ServicePlan::destructive);
  }

  /** {@code 2 to add, 1 to change, 0 to destroy}, as Terraform says it. */
  public String summary() {
    return toAdd() + " to add, " + toChange() + " to change, " + toDestroy() + " to destroy";
  }

  /**
   * A SHA-256 of every action and field change (drift and notes aside), so a saved plan can be
   * checked against the plan the same state and spec give at apply time: equal digests, equal
   * changes. Sensitive values take part only as {@link FieldChange#SENSITIVE}.
   */
  public String digest() {
    StringBuilder b = new StringBuilder(services.size() * 64);
    for (ServicePlan s : services) {
      text(b, s.service());
      text(b, s.action().wireName());
      b.append(s.replicasBefore()).append('>').append(s.replicasAfter()).append('\n');
      for (FieldChange f : s.fields()) {
        text(b, f.field());
        text(b, f.before());
        text(b, f.after());
      }
    }
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void text(StringBuilder b, String s) {
    if (s == null) {
      b.append("-1:");
    } else {
      b.append(s.length()).append(':').append(s);
    }
    b.append('\n');
  }

  private int count(PlanAction a) {
    return (int) services.stream().filter(s -> s.action() == a).count();
  }
}
