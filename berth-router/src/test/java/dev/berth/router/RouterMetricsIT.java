package dev.berth.router;

import static dev.berth.router.RouterFixture.webTags;
import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.store.ServiceKey;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router's Micrometer meters: what they count, and that removed services leave no series. */
class RouterMetricsIT {

  private RouterFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new RouterFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  @Test
  void forgetsTheMetersOfServicesThatLeftTheRouteTable() throws Exception {
    ServiceKey api = new ServiceKey("lms", "production", "api");
    fx.routes.set(api, fx.one.backend());
    fx.get(WEB_HOST);
    fx.get("api.production.lms.localhost");
    fx.routes.set(WEB); // still a service, just nothing ready: its meters stay

    assertThat(fx.router().forgetRemovedServices()).isZero();
    fx.routes.remove(api);
    // Forgotten once its last exchange has completed, a moment after the client had the answer.
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.router().forgetRemovedServices() == 1);

    Tags apiTags = Tags.of("project", "lms", "environment", "production", "service", "api");
    List<String> names =
        List.of(
            "berth.router.requests",
            "berth.router.request.duration",
            "berth.router.in.flight",
            "berth.router.upstream.connect.failures");
    for (String name : names) {
      assertThat(fx.registry.find(name).tags(apiTags).meters()).as(name).isEmpty();
    }
    // web's first request may still be completing its count: its meters all exist once it has.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              for (String name : names) {
                assertThat(fx.registry.find(name).tags(webTags()).meters()).as(name).isNotEmpty();
              }
            });
    assertThat(fx.router().forgetRemovedServices()).isZero();

    fx.routes.set(api, fx.one.backend()); // back again: counted from zero
    assertThat(fx.get("api.production.lms.localhost").getStatus()).isEqualTo(200);
    // The count lands when the router completes the exchange, a moment after the client has it.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        fx.registry
                            .get("berth.router.requests")
                            .tags(apiTags.and("status", "2xx"))
                            .counter()
                            .count())
                    .isEqualTo(1));
  }

  @Test
  void countsRequestsByServiceAndStatusClass() throws Exception {
    for (int i = 0; i < 3; i++) {
      fx.get(WEB_HOST);
    }
    fx.routes.set(WEB);
    fx.get(WEB_HOST);
    fx.get("nonsense");

    // Counts land when the router completes an exchange, a moment after the client has the answer.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(this::assertCounted);
  }

  private void assertCounted() {
    assertThat(fx.registry.counter("berth.router.requests", webTags().and("status", "2xx")).count())
        .isEqualTo(3);
    assertThat(fx.registry.counter("berth.router.requests", webTags().and("status", "5xx")).count())
        .isEqualTo(1);
    assertThat(fx.registry.get("berth.router.request.duration").tags(webTags()).timer().count())
        .isEqualTo(4);
    assertThat(fx.registry.get("berth.router.in.flight").tags(webTags()).gauge().value()).isZero();
    String scrape = fx.registry.scrape();
    assertThat(scrape)
        .contains(
            "berth_router_requests_total{environment=\"production\",project=\"lms\","
                + "service=\"web\",status=\"2xx\"} 3")
        .contains("berth_router_request_duration_seconds_bucket{")
        .contains("berth_router_in_flight{")
        .contains("berth_router_upstream_connect_failures_total{")
        .contains("service=\"unknown\",status=\"4xx\"} 1");
  }
}
