package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Least-outstanding-requests balancing, measured on real replicas under real concurrency. */
class BalancingIT {

  private final TestRoutes routes = new TestRoutes();
  private TestBackend a;
  private TestBackend b;
  private Router router;
  private Clients clients;

  @BeforeEach
  void start() throws Exception {
    a = new TestBackend("a");
    b = new TestBackend("b");
    routes.set(WEB, a.backend(), b.backend());
    router =
        new Router(
            new RouterConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(1), 3),
            routes,
            new SimpleMeterRegistry());
    router.start();
    clients = new Clients();
  }

  @AfterEach
  void stop() throws Exception {
    clients.close();
    router.close();
    a.close();
    b.close();
  }

  /** Runs {@code perWorker} sequential requests on each of {@code workers} threads. */
  private void load(int workers, int perWorker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perWorker; i++) {
                    assertThat(clients.get(router.port(), WEB_HOST, "/").getStatus())
                        .isEqualTo(200);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sequentialRequestsAlternateBetweenEqualBackends() throws Exception {
    load(1, 100);

    assertThat(a.hits()).isEqualTo(50);
    assertThat(b.hits()).isEqualTo(50);
  }

  @Test
  void concurrentLoadSpreadsRoughlyEvenlyAcrossEqualBackends() throws Exception {
    load(8, 50);

    assertThat(a.hits() + b.hits()).isEqualTo(400);
    assertThat(a.hits()).isBetween(140, 260);
  }

  @Test
  void theFastBackendTakesMostRequestsWhenTheOtherIsSlow() throws Exception {
    b.delay(100);

    load(8, 25);

    assertThat(a.hits() + b.hits()).isEqualTo(200);
    // Round robin would give each 100; least outstanding keeps the slow one near one in flight.
    assertThat(a.hits()).isGreaterThan(160);
  }
}
