package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerSpec;
import dev.berth.engine.store.ServiceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Berth's own {@code http} trigger, measured by the router ({@link HttpTraffic}): the service's
 * total requests in flight ({@code targetConcurrency}) or requests answered per second ({@code
 * targetRequestRate}), each compared as an {@code AverageValue} with the target per replica, so
 * {@code desired = ceil(total / target)}.
 *
 * <p>Concurrency is the count at the moment of the reading (what KEDA's HTTP add-on's interceptor
 * reports); it includes requests the router holds while the service scales from zero, so a held
 * request makes the trigger active. The rate is the answered requests between two readings over the
 * clock time between them: the first reading of a source has nothing to compare with and is
 * reported as an error (a failed reading never scales down; the next poll has a rate). A counter
 * that went backwards (the router forgot and relearnt the service) counts from zero.
 */
public final class HttpTriggerSource implements TriggerSource {
  private final ServiceKey service;
  private final HttpTraffic traffic;
  private final Clock clock;
  private final boolean rate;
  private Instant lastAt;
  private long lastAnswered;

  public HttpTriggerSource(
      TriggerSpec trigger, ServiceKey service, HttpTraffic traffic, Clock clock) {
    this.service = service;
    this.traffic = traffic;
    this.clock = clock;
    this.rate = trigger.param("targetRequestRate") != null;
  }

  @Override
  public Reading read() {
    HttpTraffic.Sample s;
    try {
      s = traffic.sample(service).orElse(new HttpTraffic.Sample(0, 0));
    } catch (RuntimeException e) {
      return Reading.error("the router's counters could not be read: " + e.getMessage());
    }
    if (!rate) {
      return Reading.of(s.inFlight());
    }
    Instant now = clock.instant();
    Instant previous = lastAt;
    long before = lastAnswered;
    lastAt = now;
    lastAnswered = s.answered();
    if (previous == null || !now.isAfter(previous)) {
      return Reading.error("measuring the request rate: the next reading has one");
    }
    long answered = s.answered() >= before ? s.answered() - before : s.answered();
    double seconds = Duration.between(previous, now).toNanos() / 1e9;
    return Reading.of(answered / seconds);
  }
}
