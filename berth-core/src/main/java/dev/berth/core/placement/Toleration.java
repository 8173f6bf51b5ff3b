package dev.berth.core.placement;

/**
 * A replica's toleration of taints, with Kubernetes' matching rules: {@link Operator#EXISTS} with
 * an empty key tolerates every taint; {@link Operator#EXISTS} with a key tolerates that key with
 * any value; {@link Operator#EQUAL} needs key and value equal; a {@code null} effect matches every
 * effect.
 */
public record Toleration(String key, Operator operator, String value, Taint.Effect effect) {
  /** How the value is compared. */
  public enum Operator {
    EQUAL,
    EXISTS
  }

  public Toleration {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
    if (operator == null) {
      operator = Operator.EQUAL;
    }
    if (key.isEmpty() && operator == Operator.EQUAL) {
      throw new IllegalArgumentException(
          "a toleration with operator Equal needs a key; use Exists with no key to tolerate all");
    }
  }

  /** Tolerates {@code key=value} with {@code effect}. */
  public static Toleration equal(String key, String value, Taint.Effect effect) {
    return new Toleration(key, Operator.EQUAL, value, effect);
  }

  /** Whether this toleration tolerates the taint. */
  public boolean tolerates(Taint taint) {
    if (effect != null && effect != taint.effect()) {
      return false;
    }
    if (operator == Operator.EXISTS) {
      return key.isEmpty() || key.equals(taint.key());
    }
    return key.equals(taint.key()) && value.equals(taint.value());
  }
}
