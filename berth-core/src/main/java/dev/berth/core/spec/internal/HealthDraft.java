package dev.berth.core.spec.internal;

import dev.berth.core.model.HealthCheck;
import java.time.Duration;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A {@code health} block as written, before defaults: every field optional and located, so an
 * environment override can be laid over it key by key and problems still point at the text.
 *
 * <p>Invariant: a disabled draft ({@code health: none}) has no other fields.
 */
public final class HealthDraft {
  final Node node;
  boolean disabled;
  Located<HealthCheck.Kind> kind;
  String target = "";
  Located<Duration> interval;
  Located<Duration> timeout;
  Located<Duration> initialDelay;
  Located<Duration> startupTimeout;
  Located<Integer> failureThreshold;
  Located<Boolean> liveness;

  HealthDraft(Node node) {
    this.node = node;
  }

  /**
   * {@code top} laid over {@code base}: {@code none} replaces everything; otherwise a probe kind in
   * {@code top} replaces the base's probe, and each other key replaces the base's key.
   */
  static HealthDraft overlay(HealthDraft base, HealthDraft top) {
    if (top == null) {
      return base;
    }
    if (base == null || top.disabled || base.disabled) {
      return top;
    }
    HealthDraft h = new HealthDraft(top.node);
    h.kind = top.kind != null ? top.kind : base.kind;
    h.target = top.kind != null ? top.target : base.target;
    h.interval = pick(top.interval, base.interval);
    h.timeout = pick(top.timeout, base.timeout);
    h.initialDelay = pick(top.initialDelay, base.initialDelay);
    h.startupTimeout = pick(top.startupTimeout, base.startupTimeout);
    h.failureThreshold = pick(top.failureThreshold, base.failureThreshold);
    h.liveness = pick(top.liveness, base.liveness);
    return h;
  }

  static <T> Located<T> pick(Located<T> top, Located<T> base) {
    return top != null ? top : base;
  }

  /** The resolved check for a probe of {@code kind}, defaults filling what is not written. */
  HealthCheck build(HealthCheck.Kind kind, String target) {
    return new HealthCheck(
        kind,
        target,
        value(interval, HealthCheck.DEFAULT_INTERVAL),
        value(timeout, HealthCheck.DEFAULT_TIMEOUT),
        value(failureThreshold, HealthCheck.DEFAULT_FAILURE_THRESHOLD),
        value(initialDelay, HealthCheck.DEFAULT_INITIAL_DELAY),
        value(startupTimeout, HealthCheck.DEFAULT_STARTUP_TIMEOUT),
        value(liveness, true));
  }

  private static <T> T value(Located<T> l, T otherwise) {
    return l == null ? otherwise : l.value();
  }
}
