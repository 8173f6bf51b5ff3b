package dev.berth.core.spec.internal;

import dev.berth.core.model.CronSchedule;
import java.time.Duration;

/**
 * A cron service's run settings as written (everything but schedule, timezone and concurrency,
 * which {@link ServiceDraft} holds as before): every field optional and located, so an
 * environment's override can replace them key by key and problems still point at the text.
 */
final class CronDraft {
  Located<Duration> startingDeadline;
  Located<CronSchedule.MissedRuns> missedRuns;
  Located<Duration> timeout;
  Located<Integer> retryLimit;
  Located<Duration> backoff;
  Located<Duration> maxBackoff;
  Located<Boolean> suspend;
  Located<Integer> successfulHistory;
  Located<Integer> failedHistory;

  /** {@code top} laid over {@code base}: each key written in {@code top} replaces the base's. */
  static CronDraft overlay(CronDraft base, CronDraft top) {
    CronDraft d = new CronDraft();
    d.startingDeadline = HealthDraft.pick(top.startingDeadline, base.startingDeadline);
    d.missedRuns = HealthDraft.pick(top.missedRuns, base.missedRuns);
    d.timeout = HealthDraft.pick(top.timeout, base.timeout);
    d.retryLimit = HealthDraft.pick(top.retryLimit, base.retryLimit);
    d.backoff = HealthDraft.pick(top.backoff, base.backoff);
    d.maxBackoff = HealthDraft.pick(top.maxBackoff, base.maxBackoff);
    d.suspend = HealthDraft.pick(top.suspend, base.suspend);
    d.successfulHistory = HealthDraft.pick(top.successfulHistory, base.successfulHistory);
    d.failedHistory = HealthDraft.pick(top.failedHistory, base.failedHistory);
    return d;
  }

  /**
   * The schedule with these settings, or {@code null} after reporting that maxBackoff is shorter
   * than backoff (the only rule between two of these keys).
   */
  CronSchedule build(
      String expression, String timezone, CronSchedule.Concurrency concurrency, Problems p) {
    Duration first = value(backoff, CronSchedule.Retries.DEFAULT_BACKOFF);
    Duration cap = value(maxBackoff, CronSchedule.Retries.DEFAULT_MAX_BACKOFF);
    if (cap.compareTo(first) < 0) {
      Located<Duration> at = maxBackoff != null ? maxBackoff : backoff;
      p.at(
          at.node(),
          at.path(),
          "maxBackoff "
              + dev.berth.core.spec.Durations.format(cap)
              + " is shorter than backoff "
              + dev.berth.core.spec.Durations.format(first),
          "make maxBackoff at least backoff, e.g. retries: {limit: 3, backoff: 10s, maxBackoff: 6m}");
      return null;
    }
    return new CronSchedule(
        expression,
        timezone,
        concurrency,
        value(startingDeadline, null),
        value(missedRuns, null),
        value(timeout, null),
        new CronSchedule.Retries(value(retryLimit, 0), first, cap),
        value(suspend, false),
        new CronSchedule.History(
            value(successfulHistory, CronSchedule.History.DEFAULT.successful()),
            value(failedHistory, CronSchedule.History.DEFAULT.failed())));
  }

  private static <T> T value(Located<T> l, T otherwise) {
    return l == null ? otherwise : l.value();
  }
}
