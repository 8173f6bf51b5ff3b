package dev.berth.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.logs.LogSource;
import dev.berth.server.auth.Tokens;
import dev.berth.testkit.store.InMemoryStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The logs route over real HTTP, with a fake log source: bad input is a 400 with the error shape,
 * the page is exactly what the API's mapper writes, and a read in progress is cancelled when the
 * API closes. Timeouts are hang guards only.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogRoutesTest {
  static final String LOGS = "/api/v1/projects/shop/environments/production/services/web/logs";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** Answers from a list; when {@code blockUntilCancelled}, spins until the route cancels it. */
  static final class FakeSource implements LogSource {
    final List<LogQuery> queries = new ArrayList<>();
    final CountDownLatch reading = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile boolean blockUntilCancelled;
    List<LogLine> lines = List.of();

    @Override
    public LogPage read(LogQuery query) {
      return read(query, () -> false);
    }

    @Override
    public LogPage read(LogQuery query, BooleanSupplier isCancelled) {
      queries.add(query);
      reading.countDown();
      while (blockUntilCancelled) {
        if (isCancelled.getAsBoolean()) {
          cancelled.countDown();
          throw new CancellationException("the log read was cancelled: its client went away");
        }
        Thread.onSpinWait();
      }
      return new LogPage(lines, "c1");
    }
  }

  final FakeSource source = new FakeSource();
  final HttpClient http = HttpClient.newHttpClient();
  InMemoryStore store;
  ApiServer server;
  String token;

  @BeforeEach
  void start() {
    store = new InMemoryStore();
    token = Tokens.generate();
    store.write(tx -> tx.tokens().add("admin", Tokens.sha256Hex(token), NOW));
    ApiContext ctx =
        new ApiContext(
            store,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            source,
            service -> List.of("web-1"), // a service with logs, as after a destroy
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.fixed(NOW, ZoneOffset.UTC),
            null,
            null,
            null);
    server = new ApiServer(ctx).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    source.blockUntilCancelled = false;
    server.close();
  }

  HttpResponse<String> get(String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + LOGS + query))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  void assertBadRequest(HttpResponse<String> r, String... messageParts) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode error = Json.mapper().readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_request");
    assertThat(error.path("message").asText()).contains(messageParts);
  }

  @Test
  void aSinceBeyondWhatALongHoldsIsA400NotAnOverflow() throws Exception {
    assertBadRequest(
        get("?since=" + enc("+1000000000-12-31T23:59:59Z")), "ISO-8601 instant", "out of range");
    assertBadRequest(get("?since=" + enc("-1000000000-01-01T00:00:00Z")), "out of range");
    assertThat(source.queries).isEmpty();
  }

  @Test
  void anUnparsableSinceIsA400ThatSaysTheAcceptedFormat() throws Exception {
    for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "10", "-5m", "9999999999h")) {
      assertBadRequest(
          get("?since=" + enc(bad)), "duration like 30s, 10m, 2h", "2026-01-01T12:00:00Z", bad);
    }
    assertThat(source.queries).isEmpty();
  }

  @Test
  void aValidSinceReachesTheSource() throws Exception {
    assertThat(get("?since=10m").statusCode()).isEqualTo(200);
    assertThat(get("?since=" + enc("2026-02-01T00:00:00Z")).statusCode()).isEqualTo(200);
    assertThat(source.queries)
        .extracting(LogQuery::since)
        .containsExactly(NOW.minusSeconds(600), Instant.parse("2026-02-01T00:00:00Z"));
  }

  @Test
  void aFollowThatIsNotTrueOrFalseIsA400() throws Exception {
    assertBadRequest(get("?follow=yes"), "follow must be true or false");
    assertBadRequest(get("?limit=100001"), "limit must be between 1 and 100000");
  }

  @Test
  void thePageIsStreamedExactlyAsTheMapperWritesIt() throws Exception {
    source.lines =
        List.of(
            new LogLine(Instant.parse("2026-03-01T11:59:58.123456789Z"), "web-1", "hello"),
            new LogLine(Instant.parse("2026-03-01T11:59:59Z"), "web-2", "quote \" tab \t é 💡"),
            new LogLine(Instant.parse("2026-03-01T11:59:59Z"), "web-2", "same time"),
            new LogLine(Instant.parse("2026-03-01T12:00:00.100Z"), "web-1", ""));
    HttpResponse<String> r = get("?limit=3");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body())
        .isEqualTo(Json.mapper().writeValueAsString(new LogPage(source.lines, "c1")));
    assertThat(source.queries.get(0).limit()).isEqualTo(3);
  }

  @Test
  void aReadInProgressIsCancelledWhenTheApiCloses() throws Exception {
    source.blockUntilCancelled = true;
    Thread client =
        new Thread(
            () -> {
              try {
                get("?limit=65000");
              } catch (Exception expected) {
                // the server closes under it
              }
            });
    client.start();
    assertThat(source.reading.await(60, TimeUnit.SECONDS)).isTrue();
    server.close();
    assertThat(source.cancelled.await(60, TimeUnit.SECONDS))
        .as("the read was told nobody wants it any more")
        .isTrue();
    client.join(60_000);
  }
}
