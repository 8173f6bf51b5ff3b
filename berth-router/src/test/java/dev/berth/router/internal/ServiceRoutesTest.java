package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import dev.berth.router.ReleaseTraffic;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The least-outstanding-requests balancer, decision by decision. */
class ServiceRoutesTest {

  private static final Backend A = new Backend("a", "127.0.0.1", 1001);
  private static final Backend B = new Backend("b", "127.0.0.1", 1002);
  private static final Backend C = new Backend("c", "127.0.0.1", 1003);

  private final ServiceRoutes routes =
      new ServiceRoutes(
          new ServiceKey("lms", "production", "web"),
          new SimpleMeterRegistry(),
          true,
          ReleaseTraffic.NONE);

  private Exchange exchange() {
    routes.tryStart();
    return new Exchange(routes, "id", null, Callback.NOOP, new MockClock());
  }

  @Test
  void picksTheBackendWithFewestOutstandingRequests() {
    List<Backend> all = List.of(A, B, C);
    routes.acquire(all, exchange()); // one on some backend
    routes.acquire(all, exchange()); // one on another
    Exchange third = exchange();

    Backend chosen = routes.acquire(all, third);

    assertThat(routes.outstanding(chosen)).isEqualTo(1);
    assertThat(List.of(routes.outstanding(A), routes.outstanding(B), routes.outstanding(C)))
        .containsExactlyInAnyOrder(1, 1, 1);
  }

  @Test
  void avoidsABackendWithMoreInFlight() {
    List<Backend> all = List.of(A, B);
    Exchange busy = exchange();
    Backend first = routes.acquire(all, busy);
    Backend other = first.equals(A) ? B : A;

    for (int i = 0; i < 10; i++) {
      Exchange e = exchange();
      assertThat(routes.acquire(all, e)).isEqualTo(other);
      e.releaseBackend();
    }
  }

  @Test
  void tiesAreBrokenRoundRobin() {
    Map<Backend, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Exchange e = exchange();
      counts.merge(routes.acquire(List.of(A, B, C), e), 1, Integer::sum);
      e.releaseBackend();
    }

    assertThat(counts).containsEntry(A, 100).containsEntry(B, 100).containsEntry(C, 100);
  }

  @Test
  void skipsBackendsTheRequestAlreadyTried() {
    Exchange e = exchange();
    Backend first = routes.acquire(List.of(A, B), e);
    e.releaseBackend();

    Backend second = routes.acquire(List.of(A, B), e);
    e.releaseBackend();

    assertThat(second).isNotEqualTo(first);
    assertThat(routes.acquire(List.of(A, B), e)).isNull();
    assertThat(e.attempts()).isEqualTo(2);
  }

  @Test
  void releaseIsIdempotentAndDetachMovesTheCount() {
    Exchange e = exchange();
    Backend chosen = routes.acquire(List.of(A), e);
    e.releaseBackend();
    e.releaseBackend();
    assertThat(routes.outstanding(chosen)).isZero();

    Exchange tunnel = exchange();
    routes.acquire(List.of(A), tunnel);
    var count = tunnel.detachBackend();
    tunnel.releaseBackend();
    assertThat(routes.outstanding(A)).isEqualTo(1);
    count.decrementAndGet();
    assertThat(routes.outstanding(A)).isZero();
  }

  @Test
  void noBackendsMeansNull() {
    assertThat(routes.acquire(List.of(), exchange())).isNull();
  }

  @Test
  void forgetsIdleBackendsThatLeftTheTable() {
    Exchange e = exchange();
    routes.acquire(List.of(A, B, C), e);
    e.releaseBackend();
    assertThat(routes.trackedBackends()).isEqualTo(3);

    routes.acquire(List.of(B), exchange()); // A and C left the table

    assertThat(routes.trackedBackends()).isEqualTo(1);
    assertThat(routes.outstanding(B)).isEqualTo(1);
  }

  @Test
  void isRetiredOnlyWithNothingInFlightAndThenStartsNothing() {
    ServiceRoutes service =
        new ServiceRoutes(
            new ServiceKey("lms", "production", "api"),
            new SimpleMeterRegistry(),
            true,
            ReleaseTraffic.NONE);
    assertThat(service.tryStart()).isTrue();

    assertThat(service.retire()).as("a request is in flight").isFalse();
    service.finished(200, 1_000);
    assertThat(service.retire()).isTrue();

    assertThat(service.tryStart()).as("a retired service starts nothing").isFalse();
    assertThat(service.inFlight()).isZero();
  }

  @Test
  void countsARequestBeforeItLeavesTheInFlightCount() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ServiceRoutes service =
        new ServiceRoutes(
            new ServiceKey("lms", "production", "api"), registry, true, ReleaseTraffic.NONE);
    service.tryStart();

    service.finished(204, 1_000);

    // Once nothing is in flight the count is already there: retiring cannot race a late meter.
    assertThat(service.inFlight()).isZero();
    assertThat(registry.get(ServiceRoutes.REQUESTS).tag("status", "2xx").counter().count())
        .isEqualTo(1);
  }
}
