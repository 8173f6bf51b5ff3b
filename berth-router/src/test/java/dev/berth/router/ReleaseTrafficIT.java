package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.store.ServiceKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router counts every answered request for the revision of the replica that answered it. */
class ReleaseTrafficIT {

  /** Counts per "service release status-class", as a watch would read them. */
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  private final Map<String, Integer> recordersMade = new ConcurrentHashMap<>();
  private TestBackend good;
  private TestBackend bad;
  private Router router;
  private Clients clients;

  @BeforeEach
  void start() throws Exception {
    good = new TestBackend("good");
    bad = new TestBackend("bad").status(500);
    TestRoutes routes = new TestRoutes();
    routes.set(WEB, good.backend("v1"), bad.backend("v2"));
    ReleaseTraffic traffic =
        (ServiceKey service, String revision) -> {
          recordersMade.merge(revision, 1, Integer::sum);
          return (status, nanos) -> {
            assertThat(nanos).isPositive();
            counts
                .computeIfAbsent(
                    service.service() + " " + revision + " " + status / 100 + "xx",
                    k -> new AtomicLong())
                .incrementAndGet();
          };
        };
    router =
        new Router(
            new RouterConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(1), 3),
            routes,
            new SimpleMeterRegistry(),
            traffic);
    router.start();
    clients = new Clients();
  }

  @AfterEach
  void stop() throws Exception {
    clients.close();
    router.close();
    good.close();
    bad.close();
  }

  @Test
  void eachAnswerCountsForTheRevisionThatGaveIt() throws Exception {
    int ok = 0;
    int errors = 0;
    for (int i = 0; i < 40; i++) {
      int status = clients.get(router.port(), WEB_HOST, "/").getStatus();
      if (status == 200) {
        ok++;
      } else if (status == 500) {
        errors++;
      }
    }

    assertThat(ok + errors).isEqualTo(40);
    assertThat(ok).as("balanced over both").isPositive();
    assertThat(errors).isPositive();
    // an answer is counted when the router's exchange completes, which can come just after the
    // client has read the last byte
    int answered = ok + errors;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> counts.values().stream().mapToLong(AtomicLong::get).sum() == answered);
    assertThat(counts.get("web v1 2xx")).hasValue(ok);
    assertThat(counts.get("web v2 5xx")).hasValue(errors);
    assertThat(counts).containsOnlyKeys("web v1 2xx", "web v2 5xx");
    assertThat(recordersMade)
        .as("one recorder per backend, not one per request")
        .containsExactlyInAnyOrderEntriesOf(Map.of("v1", 1, "v2", 1));
  }

  @Test
  void aRequestNoReplicaAnsweredBelongsToNoRevision() throws Exception {
    assertThat(clients.get(router.port(), "nothing.production.lms.localhost", "/").getStatus())
        .isEqualTo(404);

    assertThat(counts).isEmpty();
  }
}
