package dev.berth.kubernetes.internal;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A cron service as a {@code batch/v1} CronJob: Berth's cron settings are Kubernetes CronJob's (see
 * {@link CronSchedule}), so each maps to one field.
 *
 * <p>{@code schedule} as written (Kubernetes accepts the same five fields, macros and {@code ?});
 * {@code timeZone} always set (Berth's default is UTC, a CronJob without one follows the controller
 * manager's zone); {@code concurrencyPolicy} from {@code concurrency}; {@code
 * startingDeadlineSeconds} from {@code startingDeadline}; the history limits; {@code suspend}; the
 * Job's {@code backoffLimit} from {@code retries} (Berth's default 0, not Kubernetes' 6) and {@code
 * activeDeadlineSeconds} from {@code timeout}. Each attempt is a new pod ({@code restartPolicy:
 * Never}), as each local attempt is a new process.
 *
 * <p>What a CronJob cannot say becomes a note: {@code missedRuns: skip} (the controller always
 * starts the latest missed run) and retry delays other than Kubernetes' fixed 10 s doubling to 6
 * min.
 */
public final class CronJobs {

  private CronJobs() {}

  public static CronJob of(ServiceSpec s, Meta meta, List<String> notes) {
    CronSchedule c = s.cron();
    String component = Workloads.component(s);
    notes(s, notes);
    return new CronJobBuilder()
        .withMetadata(meta.object(s.name(), s.name(), component))
        .withNewSpec()
        .withSchedule(c.expression())
        .withTimeZone(c.timezone())
        .withConcurrencyPolicy(concurrencyPolicy(c.concurrency()))
        .withStartingDeadlineSeconds(seconds(c.startingDeadline()))
        .withSuspend(c.suspend())
        .withSuccessfulJobsHistoryLimit(c.history().successful())
        .withFailedJobsHistoryLimit(c.history().failed())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(meta.podLabels(s.name(), component))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(c.retries().limit())
        .withActiveDeadlineSeconds(seconds(c.timeout()))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(meta.podLabels(s.name(), component))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(Workloads.TERMINATION_GRACE_SECONDS)
        .withContainers(container(s, meta))
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /** {@code allow} -> {@code Allow}: the spec spells Kubernetes' policy in lower case. */
  public static String concurrencyPolicy(CronSchedule.Concurrency c) {
    String w = c.wireName();
    return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
  }

  /** A run's container: no probes and no port (a run is not served traffic). */
  private static Container container(ServiceSpec s, Meta meta) {
    return new ContainerBuilder(Containers.of(s, meta))
        .withReadinessProbe(null)
        .withLivenessProbe(null)
        .withStartupProbe(null)
        .withPorts(List.of())
        .build();
  }

  private static Long seconds(Duration d) {
    return d == null ? null : (long) Amounts.atLeastOneSecond(d);
  }

  private static void notes(ServiceSpec s, List<String> notes) {
    CronSchedule c = s.cron();
    if (c.missedRuns() == CronSchedule.MissedRuns.SKIP) {
      notes.add(
          "cron service '"
              + s.name()
              + "' has missedRuns: skip, which a CronJob cannot express: after downtime the"
              + " controller starts the latest missed run; set startingDeadline to bound how late"
              + " that run may start");
    }
    CronSchedule.Retries r = c.retries();
    if (r.limit() > 0
        && (!r.backoff().equals(CronSchedule.Retries.DEFAULT_BACKOFF)
            || !r.maxBackoff().equals(CronSchedule.Retries.DEFAULT_MAX_BACKOFF))) {
      notes.add(
          "cron service '"
              + s.name()
              + "' sets its own retry delays, which a Job cannot: Kubernetes waits 10s, doubling"
              + " up to 6m, between attempts");
    }
  }
}
