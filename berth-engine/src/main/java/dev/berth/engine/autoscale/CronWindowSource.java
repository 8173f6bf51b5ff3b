package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.cron.CronSchedules;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.TriggerSpec;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code cron} (KEDA's cron scaler): {@code desiredReplicas} from each {@code start} until the next
 * {@code end}, 0 outside, with both cron expressions read in {@code timezone}. Computed from the
 * clock, no IO.
 *
 * <p>Rule: the service is inside a window when the next end comes before the next start (a window
 * opened and has not closed). The window includes its start and excludes its end, and daylight
 * saving is handled as for cron services ({@link CronSchedules#nextRun}).
 */
public final class CronWindowSource implements TriggerSource {
  private final Clock clock;
  private final CronSchedule start;
  private final CronSchedule end;
  private final double replicas;

  public CronWindowSource(TriggerSpec trigger, Clock clock) {
    this.clock = clock;
    String zone = trigger.param("timezone");
    this.start = new CronSchedule(trigger.param("start"), zone, null);
    this.end = new CronSchedule(trigger.param("end"), zone, null);
    this.replicas = Double.parseDouble(trigger.param("desiredReplicas"));
  }

  @Override
  public Reading read() {
    try {
      return Reading.of(inside(clock.instant()) ? replicas : 0);
    } catch (RuntimeException e) {
      return Reading.error("cannot compute the cron window: " + e.getMessage());
    }
  }

  /** Whether {@code now} is inside a window. */
  public boolean inside(Instant now) {
    return CronSchedules.nextRun(end, now).isBefore(CronSchedules.nextRun(start, now));
  }
}
