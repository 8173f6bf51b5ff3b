package dev.berth.core.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a plan does to one service, as Terraform names it. A {@link #REPLACE} keeps the service but
 * replaces every replica with one of a new release (its replica template changed); an {@link
 * #UPDATE} changes only settings that need no new replica (count, schedule, deploy, autoscale).
 */
public enum PlanAction {
  CREATE,
  UPDATE,
  REPLACE,
  DESTROY,
  NO_OP;

  /** {@code create}, {@code update}, {@code replace}, {@code destroy}, {@code no-op}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The symbol Terraform prints before such a change ({@code +}, {@code ~}, {@code -/+}...). */
  public String symbol() {
    return switch (this) {
      case CREATE -> "+";
      case UPDATE -> "~";
      case REPLACE -> "-/+";
      case DESTROY -> "-";
      case NO_OP -> " ";
    };
  }
}
