package dev.berth.core.placement;

import java.util.Objects;

/**
 * A node's taint, as in Kubernetes: replicas that do not tolerate a {@link Effect#NO_SCHEDULE} or
 * {@link Effect#NO_EXECUTE} taint are never placed on the node. {@link Effect#PREFER_NO_SCHEDULE}
 * does not filter (the engine has no scorer for it yet).
 *
 * @param value may be empty
 */
public record Taint(String key, String value, Effect effect) {
  /** What a taint does to replicas that do not tolerate it. */
  public enum Effect {
    NO_SCHEDULE,
    PREFER_NO_SCHEDULE,
    NO_EXECUTE;

    /** Whether an untolerated taint with this effect makes the node infeasible. */
    public boolean filters() {
      return this != PREFER_NO_SCHEDULE;
    }
  }

  public Taint {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a taint needs a key");
    }
    value = value == null ? "" : value;
    Objects.requireNonNull(effect, "effect");
  }

  @Override
  public String toString() {
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
