package dev.berth.testkit.autoscale;

import dev.berth.engine.autoscale.HttpTraffic;
import dev.berth.engine.store.ServiceKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the router "measured", as the test sets it: requests in flight and a running total of
 * answered requests per service. A service never set reads as unseen (no load).
 */
public final class FakeHttpTraffic implements HttpTraffic {
  private final Map<ServiceKey, Sample> samples = new ConcurrentHashMap<>();

  /** {@code inFlight} requests in flight now. */
  public FakeHttpTraffic inFlight(ServiceKey key, long inFlight) {
    samples.merge(key, new Sample(inFlight, 0), (old, v) -> new Sample(inFlight, old.answered()));
    return this;
  }

  /** {@code n} more requests answered. */
  public FakeHttpTraffic answered(ServiceKey key, long n) {
    samples.merge(
        key, new Sample(0, n), (old, v) -> new Sample(old.inFlight(), old.answered() + n));
    return this;
  }

  /** The router forgets the service: its counters start again from zero. */
  public void forget(ServiceKey key) {
    samples.remove(key);
  }

  @Override
  public Optional<Sample> sample(ServiceKey service) {
    return Optional.ofNullable(samples.get(service));
  }
}
