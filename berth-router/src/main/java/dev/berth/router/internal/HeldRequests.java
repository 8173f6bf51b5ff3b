package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import dev.berth.router.ScaleFromZero;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Requests held while their web service scales from zero: a request that finds no ready replica of
 * a service that {@link ScaleFromZero} says scales from zero waits here (its service woken by that
 * same call) instead of answering 503, and is forwarded as soon as the {@link RouteTable} lists a
 * ready replica.
 *
 * <p>Only the no-ready-replica path comes here: a routed request never touches this class. While a
 * service has held requests, its route is looked up every {@value #CHECK_MILLIS} ms on the router's
 * scheduler (nothing runs for services without held requests), so a replica that becomes ready is
 * used within that time, and the first request's wait is reported as the cold start.
 *
 * <p>Invariants: a service holds at most {@link ScaleFromZero.Hold#maxQueued()} requests; one more
 * answers 503 with {@code Retry-After} at once. Every held request has exactly one outcome, taken
 * by whichever comes first under its {@code taken} flag: forwarded, or answered 503 with {@code
 * Retry-After} when its {@link ScaleFromZero.Hold#timeout()} passes (or 404 if the service is
 * removed meanwhile). The count of held requests is incremented before a request is queued and
 * decremented once when it leaves, so it never under-counts.
 */
final class HeldRequests {

  /** How often the route of a service with held requests is looked up. */
  static final long CHECK_MILLIS = 5;

  /** What {@code Retry-After} says to a request that could not be held or waited too long. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final ScaleFromZero gate;
  private final RouteTable routes;
  private final ErrorPages pages;
  private final Scheduler scheduler;
  private final Map<ServiceKey, Waiting> services = new ConcurrentHashMap<>();

  HeldRequests(ScaleFromZero gate, RouteTable routes, ErrorPages pages, Scheduler scheduler) {
    this.gate = gate;
    this.routes = routes;
    this.pages = pages;
    this.scheduler = scheduler;
  }

  /**
   * Holds a request that found no ready replica, when its service scales from zero.
   *
   * @return false when the service does not scale from zero: the caller answers as usual
   */
  boolean hold(Request request, Response response, Exchange exchange, Forwarder forwarder) {
    ServiceKey key = exchange.key();
    ScaleFromZero.Hold hold;
    try {
      hold = gate.hold(key);
    } catch (RuntimeException e) {
      return false; // a broken gate must not break the answer: 503 as before
    }
    if (hold == null) {
      return false;
    }
    Waiting w = services.computeIfAbsent(key, Waiting::new);
    if (w.size.incrementAndGet() > hold.maxQueued()) {
      w.size.decrementAndGet();
      refuse(request, response, exchange, "already holds " + hold.maxQueued() + " requests");
      return true;
    }
    Held held = new Held(request, response, exchange, forwarder, System.nanoTime());
    w.queue.add(held);
    held.timeout =
        scheduler.schedule(
            () -> expire(w, held, hold), hold.timeout().toMillis(), TimeUnit.MILLISECONDS);
    w.checkSoon();
    return true;
  }

  /** Requests held for {@code key} right now, for tests. */
  int held(ServiceKey key) {
    Waiting w = services.get(key);
    return w == null ? 0 : w.size.get();
  }

  private void expire(Waiting w, Held held, ScaleFromZero.Hold hold) {
    if (!held.taken.compareAndSet(false, true)) {
      return;
    }
    w.queue.remove(held);
    w.size.decrementAndGet();
    refuse(
        held.request,
        held.response,
        held.exchange,
        "no replica was ready within " + hold.timeout().toMillis() + " ms");
  }

  private void refuse(Request request, Response response, Exchange exchange, String why) {
    response.getHeaders().put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    pages.scalingFromZero(request, response, exchange, exchange.key(), why, exchange.requestId);
  }

  /** One service's held requests. */
  private final class Waiting {
    final ServiceKey key;
    final ConcurrentLinkedQueue<Held> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger size = new AtomicInteger();
    final AtomicBoolean scheduled = new AtomicBoolean();

    Waiting(ServiceKey key) {
      this.key = key;
    }

    /** Schedules a look at the route unless one is scheduled already. */
    void checkSoon() {
      if (scheduled.compareAndSet(false, true)) {
        scheduler.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    private void check() {
      try {
        Optional<List<Backend>> found = routes.backends(key);
        if (found.isEmpty()) {
          drain(null); // the service was removed while its requests waited
        } else if (!found.get().isEmpty()) {
          drain(found.get());
        }
      } finally {
        scheduled.set(false);
        if (!queue.isEmpty()) {
          checkSoon(); // a request held while this ran, or still no ready replica
        }
      }
    }

    private void drain(List<Backend> backends) {
      long oldest = Long.MAX_VALUE;
      Held held;
      while ((held = queue.poll()) != null) {
        size.decrementAndGet();
        if (!held.taken.compareAndSet(false, true)) {
          continue; // timed out meanwhile: already answered
        }
        Scheduler.Task timeout = held.timeout;
        if (timeout != null) {
          timeout.cancel();
        }
        oldest = Math.min(oldest, held.arrivedNanos);
        if (backends == null) {
          pages.noSuchService(
              held.request, held.response, held.exchange, key, held.exchange.requestId);
        } else {
          held.forwarder.dispatch(held.request, held.response, held.exchange, backends);
        }
      }
      if (backends != null && oldest != Long.MAX_VALUE) {
        try {
          gate.coldStarted(key, System.nanoTime() - oldest);
        } catch (RuntimeException ignored) {
          // a report that failed changes nothing for the requests
        }
      }
    }
  }

  /** One held request. */
  private static final class Held {
    final Request request;
    final Response response;
    final Exchange exchange;
    final Forwarder forwarder;
    final long arrivedNanos;
    final AtomicBoolean taken = new AtomicBoolean();
    volatile Scheduler.Task timeout;

    Held(
        Request request,
        Response response,
        Exchange exchange,
        Forwarder forwarder,
        long arrivedNanos) {
      this.request = request;
      this.response = response;
      this.exchange = exchange;
      this.forwarder = forwarder;
      this.arrivedNanos = arrivedNanos;
    }
  }
}
