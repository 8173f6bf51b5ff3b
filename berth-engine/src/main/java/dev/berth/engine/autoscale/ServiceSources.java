package dev.berth.engine.autoscale;

import dev.berth.core.model.TriggerSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the source of any trigger of a service: the ones Berth measures itself ({@code cron} from
 * the clock, {@code http} from the router's counters, {@code cpu}/{@code memory} from the runtime's
 * samples) here, the external ones through the deployment's {@link TriggerSources}.
 *
 * <p>A measurement this control plane has no port for ({@code null} traffic or statuses) fails to
 * open with a message saying so; the controller reports it as a failed reading, which never scales
 * down.
 */
final class ServiceSources {
  private final TriggerSources external;
  private final HttpTraffic traffic;
  private final Function<String, Optional<ReplicaStatus>> statuses;
  private final Store store;
  private final Clock clock;

  ServiceSources(
      TriggerSources external,
      HttpTraffic traffic,
      Function<String, Optional<ReplicaStatus>> statuses,
      Store store,
      Clock clock) {
    this.external = external;
    this.traffic = traffic;
    this.statuses = statuses;
    this.store = store;
    this.clock = clock;
  }

  TriggerSource open(TriggerSpec t, ServiceKey key, Map<String, String> env) {
    return switch (t.type()) {
      case CRON -> new CronWindowSource(t, clock); // computed from the clock: no IO
      case HTTP -> {
        if (traffic == null) {
          throw new UnsupportedOperationException(
              "http triggers are measured by Berth's router, which this control plane does not run");
        }
        yield new HttpTriggerSource(t, key, traffic, clock);
      }
      case CPU, MEMORY -> {
        if (statuses == null) {
          throw new UnsupportedOperationException(
              t.type().wireName()
                  + " triggers need the runtime's usage samples, which this control plane does not"
                  + " read");
        }
        yield new ReplicaUsageSource(t, key, store, statuses);
      }
      default -> external.open(t, env);
    };
  }
}
