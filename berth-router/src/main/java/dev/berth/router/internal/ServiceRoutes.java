package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import dev.berth.router.ReleaseTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the router keeps per routed service: its meters and the in-flight request count of each of
 * its backends, which the least-outstanding-requests balancer reads.
 *
 * <p>Invariants: a backend's count is incremented exactly once when a request (or tunnel) is bound
 * to it and decremented exactly once when that exchange with the backend ends ({@link
 * Exchange#releaseBackend()}); counts are read and written with atomics only, never under a lock.
 * Counts of backends that left the route table are dropped once they reach zero, so the map stays
 * the size of the current replica set.
 *
 * <p>Autoscaling on HTTP load reads {@link #inFlight()} and {@link #answered()} (the counters the
 * meters keep anyway, so the request path does no extra work for it); requests held during
 * scale-from-zero hang off {@link #acquire} returning null ({@link HeldRequests}).
 */
final class ServiceRoutes {

  static final String REQUESTS = "berth.router.requests";
  static final String DURATION = "berth.router.request.duration";
  static final String IN_FLIGHT = "berth.router.in.flight";
  static final String CONNECT_FAILURES = "berth.router.upstream.connect.failures";

  /** The in-flight count of a retired service: below any count of started requests. */
  private static final int RETIRED = Integer.MIN_VALUE;

  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  final ServiceKey key;
  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(5);
  private final Timer duration;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Counter connectFailures;
  private final Map<Backend, BackendLoad> outstanding = new ConcurrentHashMap<>();
  private final AtomicInteger cursor = new AtomicInteger();
  private final ReleaseTraffic traffic;

  /**
   * @param routed false for the shared bucket of requests that named no known service: it only
   *     counts them, so random Host headers cannot create unbounded meters
   */
  ServiceRoutes(ServiceKey key, MeterRegistry registry, boolean routed, ReleaseTraffic traffic) {
    this.key = key;
    this.traffic = traffic;
    this.registry = registry;
    this.tags =
        Tags.of(
            "project", key.project(), "environment", key.environment(), "service", key.service());
    this.duration =
        routed
            ? Timer.builder(DURATION)
                .description("Time from request arrival to the last byte of the response")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
            : null;
    if (routed) {
      Gauge.builder(IN_FLIGHT, inFlight, n -> Math.max(0, n.get()))
          .description("Requests being proxied to the service right now")
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }
    this.connectFailures =
        routed
            ? Counter.builder(CONNECT_FAILURES)
                .description("Connections to replicas that were refused or timed out")
                .tags(tags)
                .register(registry)
            : null;
  }

  /**
   * Counts a request as started (in-flight gauge), unless the service was retired: then the caller
   * must look the service up again, and gets a fresh one with fresh meters.
   */
  boolean tryStart() {
    while (true) {
      int n = inFlight.get();
      if (n < 0) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * Retires the service if no request is in flight: it starts no request after this, so its meters
   * can be removed without a late request registering one of them again.
   */
  boolean retire() {
    return inFlight.compareAndSet(0, RETIRED);
  }

  /**
   * Counts a request as finished with the given status, taking {@code nanos} end to end. The
   * in-flight count drops last, so a service is never retired between a request's end and its
   * count.
   */
  void finished(int status, long nanos) {
    int index = status >= 100 && status < 600 ? status / 100 - 1 : 4;
    Counter counter = requests.get(index);
    if (counter == null) {
      counter =
          Counter.builder(REQUESTS)
              .description("Requests answered by the router, by status class")
              .tags(tags)
              .tag("status", STATUS_CLASSES[index])
              .register(registry);
      requests.set(index, counter);
    }
    counter.increment();
    if (duration != null) {
      duration.record(nanos, TimeUnit.NANOSECONDS);
    }
    inFlight.decrementAndGet();
  }

  void connectFailed() {
    if (connectFailures != null) {
      connectFailures.increment();
    }
  }

  int inFlight() {
    return Math.max(0, inFlight.get());
  }

  /** Requests answered since this service's routes were made (every status class). */
  long answered() {
    double total = 0;
    for (int i = 0; i < STATUS_CLASSES.length; i++) {
      Counter counter = requests.get(i);
      if (counter != null) {
        total += counter.count();
      }
    }
    return (long) total;
  }

  /** Removes this service's meters from the registry: the service is gone from the route table. */
  void removeMeters() {
    for (String name : new String[] {REQUESTS, DURATION, IN_FLIGHT, CONNECT_FAILURES}) {
      for (Meter meter : registry.find(name).tags(tags).meters()) {
        registry.remove(meter);
      }
    }
  }

  /**
   * Picks the ready backend with the fewest outstanding requests, skipping those the exchange has
   * already tried, binds it to the exchange and counts the request against it. Ties are broken
   * round robin (the scan starts one position further each call), so load spreads evenly at low
   * concurrency when every count is zero.
   *
   * @return the chosen backend, or null when no untried backend is left
   */
  Backend acquire(List<Backend> backends, Exchange exchange) {
    int n = backends.size();
    if (n == 0) {
      return null;
    }
    if (outstanding.size() > n) {
      prune(backends);
    }
    int start = Math.floorMod(cursor.getAndIncrement(), n);
    Backend best = null;
    BackendLoad bestCount = null;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int index = start + i;
      Backend candidate = backends.get(index >= n ? index - n : index);
      if (exchange.hasTried(candidate)) {
        continue;
      }
      BackendLoad count = outstanding.get(candidate);
      if (count == null) {
        count =
            outstanding.computeIfAbsent(
                candidate, b -> new BackendLoad(b, traffic.recorder(key, b.revision())));
      }
      int load = count.get();
      if (load < bestLoad) {
        best = candidate;
        bestCount = count;
        bestLoad = load;
      }
    }
    if (best != null) {
      bestCount.incrementAndGet();
      exchange.bind(best, bestCount);
    }
    return best;
  }

  /** Outstanding requests of one backend, for tests and diagnostics. */
  int outstanding(Backend backend) {
    BackendLoad count = outstanding.get(backend);
    return count == null ? 0 : count.get();
  }

  /** How many backends the balancer currently tracks, for tests. */
  int trackedBackends() {
    return outstanding.size();
  }

  /** Drops backends that left the route table and are idle, closing their pooled connections. */
  private void prune(List<Backend> current) {
    outstanding
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue().get() != 0 || current.contains(e.getKey())) {
                return false;
              }
              e.getValue().closeConnections();
              return true;
            });
  }

  /** Closes the pooled connections of every backend: the service is forgotten. */
  void closeConnections() {
    outstanding.values().forEach(BackendLoad::closeConnections);
  }
}
