package dev.berth.engine.autoscale;

import dev.berth.engine.store.ServiceKey;
import java.util.Optional;

/**
 * The port to what Berth's router measures of a web service's HTTP load, read by the {@code http}
 * trigger ({@link HttpTriggerSource}) once per {@code pollingInterval}. The router is the real
 * implementation ({@code Router#httpTraffic()}), a fake lives in {@code berth-testkit}.
 *
 * <p>Contract: cheap and non-blocking (it reads counters the router keeps anyway), thread-safe,
 * never throws. Counters only grow while the router keeps the service; a service the router forgot
 * (removed from the route table) starts again from zero, which readers must treat as a reset, not
 * as a negative rate.
 */
@FunctionalInterface
public interface HttpTraffic {

  /**
   * What the router measured for {@code service}: empty when it has not routed a request to it
   * since it started (or since it forgot the service), which means no load.
   */
  Optional<Sample> sample(ServiceKey service);

  /**
   * One look at a service's counters.
   *
   * @param inFlight requests received and not yet answered right now, including those held while
   *     the service scales from zero
   * @param answered requests answered since the router began counting this service (a monotonic
   *     total; its rate is the request rate)
   */
  record Sample(long inFlight, long answered) {}
}
