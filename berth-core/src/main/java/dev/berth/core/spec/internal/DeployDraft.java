package dev.berth.core.spec.internal;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.Percent;
import java.time.Duration;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A {@code deploy} block as written, before defaults: every field optional and located, so an
 * environment override can be laid over it key by key and problems still point at the text.
 *
 * <p>Invariant: {@code latencyP95} holds {@link Duration#ZERO} for {@code off}, so an override's
 * {@code off} replaces a base threshold.
 */
final class DeployDraft {
  final Node node;
  Located<DeploySpec.Strategy> strategy;
  Located<CountOrPercent> maxSurge;
  Located<CountOrPercent> maxUnavailable;
  Located<Duration> minReady;
  Located<Duration> progressDeadline;
  Located<Boolean> autoRollback;
  Located<Duration> watch;
  Located<Percent> errorRate;
  Located<Duration> latencyP95;

  DeployDraft(Node node) {
    this.node = node;
  }

  /** {@code top} laid over {@code base}, key by key. */
  static DeployDraft overlay(DeployDraft base, DeployDraft top) {
    if (top == null) {
      return base;
    }
    if (base == null) {
      return top;
    }
    DeployDraft d = new DeployDraft(top.node);
    d.strategy = HealthDraft.pick(top.strategy, base.strategy);
    d.maxSurge = HealthDraft.pick(top.maxSurge, base.maxSurge);
    d.maxUnavailable = HealthDraft.pick(top.maxUnavailable, base.maxUnavailable);
    d.minReady = HealthDraft.pick(top.minReady, base.minReady);
    d.progressDeadline = HealthDraft.pick(top.progressDeadline, base.progressDeadline);
    d.autoRollback = HealthDraft.pick(top.autoRollback, base.autoRollback);
    d.watch = HealthDraft.pick(top.watch, base.watch);
    d.errorRate = HealthDraft.pick(top.errorRate, base.errorRate);
    d.latencyP95 = HealthDraft.pick(top.latencyP95, base.latencyP95);
    return d;
  }

  /** The surge or unavailability bound that makes both zero, to point a problem at; or null. */
  Located<CountOrPercent> bothZero() {
    CountOrPercent surge = value(maxSurge, DeploySpec.DEFAULT_MAX_SURGE);
    CountOrPercent unavailable = value(maxUnavailable, DeploySpec.DEFAULT_MAX_UNAVAILABLE);
    if (!surge.zero() || !unavailable.zero()) {
      return null;
    }
    return maxUnavailable != null ? maxUnavailable : maxSurge;
  }

  /** The resolved settings, defaults filling what is not written; call only if !bothZero. */
  DeploySpec build() {
    Duration latency = value(latencyP95, Duration.ZERO);
    return new DeploySpec(
        value(strategy, DeploySpec.Strategy.ROLLING),
        value(maxSurge, DeploySpec.DEFAULT_MAX_SURGE),
        value(maxUnavailable, DeploySpec.DEFAULT_MAX_UNAVAILABLE),
        value(minReady, DeploySpec.DEFAULT_MIN_READY),
        value(progressDeadline, DeploySpec.DEFAULT_PROGRESS_DEADLINE),
        value(autoRollback, true),
        value(watch, DeploySpec.DEFAULT_WATCH),
        value(errorRate, DeploySpec.DEFAULT_ERROR_RATE),
        latency.isZero() ? null : latency);
  }

  private static <T> T value(Located<T> l, T otherwise) {
    return l == null ? otherwise : l.value();
  }
}
