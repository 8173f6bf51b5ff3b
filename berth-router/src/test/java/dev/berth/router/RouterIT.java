package dev.berth.router;

import static dev.berth.router.RouterFixture.deadBackend;
import static dev.berth.router.RouterFixture.webTags;
import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.router.internal.RoutingProxy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router over real HTTP, with real local replicas, one behaviour per test. */
class RouterIT {

  private static final String UUID_FORM =
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private RouterFixture fx;
  private TestRoutes routes;
  private PrometheusMeterRegistry registry;
  private TestBackend one;
  private Router router;
  private Clients clients;

  @BeforeEach
  void start() throws Exception {
    fx = new RouterFixture();
    routes = fx.routes;
    registry = fx.registry;
    one = fx.one;
    router = fx.router();
    clients = fx.clients;
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
  }

  private ContentResponse get(String host) throws Exception {
    return fx.get(host);
  }

  @Test
  void forwardsMethodPathQueryAndBody() throws Exception {
    ContentResponse response =
        clients
            .request(router.port(), WEB_HOST, "/a/b?x=1&y=%20")
            .method(HttpMethod.POST)
            .body(new StringRequestContent("text/plain", "hello"))
            .send();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("one POST /a/b?x=1&y=%20 hello");
    assertThat(response.getHeaders().get("X-Backend")).isEqualTo("one");
  }

  @Test
  void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
    // Each response completes on the HTTP client's thread, which then resumes the connection to
    // parse the next pipelined request (InlineConnectionExecutor): all must come back, in order.
    String head = " HTTP/1.1\r\nHost: " + WEB_HOST + "\r\n";
    String pipelined =
        "GET /first"
            + head
            + "\r\n"
            + "GET /second"
            + head
            + "\r\n"
            + "GET /third"
            + head
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.US_ASCII));
      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answers.split("HTTP/1.1 200 ", -1)).hasSize(4);
      assertThat(answers)
          .containsSubsequence("one GET /first", "one GET /second", "one GET /third");
    }
    assertThat(one.seen())
        .extracting(TestBackend.Seen::pathAndQuery)
        .containsExactly("/first", "/second", "/third");
  }

  @Test
  void forwardsTheRequestTargetByteForByte() throws Exception {
    // A query java.net.URI rejects ("{", "|") but HTTP servers see in the wild, an encoded space
    // and path parameters: all passed on untouched. (Illegal path characters get Jetty's 400.)
    try (RawBackend raw = new RawBackend(RawBackend.Mode.RESET)) {
      routes.set(WEB, raw.backend("raw"));
      String target = "/a%20b/c;v=1?q={x}|y&r=%7C";
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
        socket.setSoTimeout(5_000);
        String request =
            "GET " + target + " HTTP/1.1\r\nHost: " + WEB_HOST + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw.lastHead()).as(answer).startsWith("GET " + target + " HTTP/1.1\r\n");
      }
    }
  }

  @Test
  void addsForwardingHeadersAndTheSameRequestIdUpstreamAndDownstream() throws Exception {
    ContentResponse response = get(WEB_HOST);

    TestBackend.Seen seen = one.seen().get(0);
    String id = response.getHeaders().get("X-Request-Id");
    assertThat(id).matches(UUID_FORM);
    assertThat(seen.headers().getFirst("X-Request-Id")).isEqualTo(id);
    assertThat(response.getHeaders().getValuesList("X-Request-Id")).hasSize(1);
    assertThat(seen.headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.headers().getFirst("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.headers().getFirst("X-Forwarded-Host")).isEqualTo(WEB_HOST);
    assertThat(seen.headers().getFirst("Forwarded"))
        .isEqualTo("for=127.0.0.1;host=web.production.lms.localhost;proto=http");
    assertThat(seen.headers().getFirst("Via")).isEqualTo("1.1 berth-router");
    assertThat(seen.headers().getFirst("Host")).isEqualTo(WEB_HOST);
  }

  @Test
  void keepsASaneClientRequestIdAndReplacesAnInsaneOne() throws Exception {
    ContentResponse kept =
        clients
            .request(router.port(), WEB_HOST, "/")
            .headers(h -> h.put("X-Request-Id", "req-42.abc"))
            .send();
    ContentResponse replaced =
        clients
            .request(router.port(), WEB_HOST, "/")
            .headers(h -> h.put("X-Request-Id", "bad id <script>"))
            .send();

    assertThat(kept.getHeaders().get("X-Request-Id")).isEqualTo("req-42.abc");
    assertThat(one.seen().get(0).headers().getFirst("X-Request-Id")).isEqualTo("req-42.abc");
    assertThat(replaced.getHeaders().get("X-Request-Id")).matches(UUID_FORM);
    assertThat(one.seen().get(1).headers().getFirst("X-Request-Id"))
        .isEqualTo(replaced.getHeaders().get("X-Request-Id"));
  }

  @Test
  void appendsTheClientToAnExistingForwardedForChain() throws Exception {
    clients
        .request(router.port(), WEB_HOST, "/")
        .headers(h -> h.put("X-Forwarded-For", "203.0.113.7"))
        .send();

    assertThat(one.seen().get(0).headers().getFirst("X-Forwarded-For"))
        .isEqualTo("203.0.113.7, 127.0.0.1");
  }

  @Test
  void acceptsHostsInAnyCaseWithPortAndTrailingDot() throws Exception {
    assertThat(get("WEB.Production.LMS.localhost.:8080").getStatus()).isEqualTo(200);
    assertThat(get("web.production.lms.LOCALHOST").getStatus()).isEqualTo(200);
  }

  @Test
  void unknownHostGetsA404ExplainingTheExpectedForm() throws Exception {
    ContentResponse response = get("localhost");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("unknown_host");
    assertThat(response.getMediaType()).isEqualTo("text/html");
    assertThat(response.getContentAsString())
        .contains("&lt;service&gt;.&lt;environment&gt;.&lt;project&gt;.localhost")
        .contains("127.0.0.1:" + router.port())
        .contains("Host: web.production.lms.localhost");
    assertThat(one.hits()).isZero();
  }

  @Test
  void unknownServiceGetsA404NamingIt() throws Exception {
    ContentResponse response = get("api.production.lms.localhost");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("no_such_service");
    assertThat(response.getContentAsString())
        .contains("no web service named api in lms/production");
  }

  @Test
  void serviceWithoutReadyReplicaGetsA503WithWhatToRunNext() throws Exception {
    routes.set(WEB);

    ContentResponse response = get(WEB_HOST);

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("no_ready_replica");
    assertThat(response.getHeaders().get("X-Request-Id")).matches(UUID_FORM);
    assertThat(response.getContentAsString())
        .contains("503 — no ready replica of web in lms/production")
        .contains("berth status")
        .contains("berth logs web");
  }

  @Test
  void errorPagesAreJsonWhenTheClientPrefersJson() throws Exception {
    routes.set(WEB);

    ContentResponse response =
        clients
            .request(router.port(), WEB_HOST, "/")
            .headers(h -> h.put(HttpHeader.ACCEPT, "text/html;q=0.5, application/json"))
            .send();

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getMediaType()).isEqualTo("application/json");
    assertThat(response.getContentAsString())
        .startsWith("{\"error\":{\"code\":\"no_ready_replica\",\"message\":\"503 — no ready");
  }

  @Test
  void readsTheRouteTableOnEveryRequest() throws Exception {
    try (TestBackend two = new TestBackend("two")) {
      routes.set(WEB, one.backend(), two.backend());
      for (int i = 0; i < 6; i++) {
        assertThat(get(WEB_HOST).getStatus()).isEqualTo(200);
      }
      assertThat(one.hits()).isPositive();
      assertThat(two.hits()).isPositive();

      routes.set(WEB, two.backend()); // "one" stops being ready
      int oneBefore = one.hits();
      for (int i = 0; i < 10; i++) {
        assertThat(get(WEB_HOST).getContentAsString()).startsWith("two ");
      }
      assertThat(one.hits()).isEqualTo(oneBefore);
    }
  }

  @Test
  void retriesConnectFailuresOnAnotherReadyBackend() throws Exception {
    Backend dead = deadBackend("dead");
    routes.set(WEB, dead, one.backend());

    for (int i = 0; i < 10; i++) {
      assertThat(get(WEB_HOST).getStatus()).isEqualTo(200);
      ContentResponse post =
          clients
              .request(router.port(), WEB_HOST, "/p")
              .method(HttpMethod.POST)
              .body(new StringRequestContent("text/plain", "body-" + i))
              .send();
      assertThat(post.getStatus()).isEqualTo(200);
      assertThat(post.getContentAsString()).isEqualTo("one POST /p body-" + i);
    }

    assertThat(one.hits()).isEqualTo(20);
    assertThat(registry.counter("berth.router.upstream.connect.failures", webTags()).count())
        .isPositive();
  }

  @Test
  void streamsBodiesTooLargeToBufferAndBodiesOfUnknownLength() throws Exception {
    String large = "x".repeat(RoutingProxy.MAX_BUFFERED_BODY + 100_000);
    ContentResponse big =
        clients
            .request(router.port(), WEB_HOST, "/big")
            .method(HttpMethod.POST)
            .body(new StringRequestContent("text/plain", large))
            .send();
    AsyncRequestContent chunked = new AsyncRequestContent();
    CompletableFuture<ContentResponse> streamed =
        new CompletableResponseListener(
                clients
                    .request(router.port(), WEB_HOST, "/chunked")
                    .method(HttpMethod.PUT)
                    .body(chunked))
            .send();
    chunked.write(ByteBuffer.wrap("part1-".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
    chunked.write(ByteBuffer.wrap("part2".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
    chunked.close();

    assertThat(big.getStatus()).isEqualTo(200);
    assertThat(big.getContentAsString()).isEqualTo("one POST /big " + large);
    assertThat(streamed.get(10, TimeUnit.SECONDS).getContentAsString())
        .isEqualTo("one PUT /chunked part1-part2");
  }

  @Test
  void answersExpectContinueItselfAndForwardsTheBody() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), router.port())) {
      socket.setSoTimeout(5_000);
      String head =
          "POST /upload HTTP/1.1\r\nHost: "
              + WEB_HOST
              + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] interim = new byte[25];
      int read = socket.getInputStream().readNBytes(interim, 0, interim.length);
      assertThat(new String(interim, 0, read, StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 100 Continue\r\n");
      socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).contains("HTTP/1.1 200 ").endsWith("one POST /upload hello");
    }
    assertThat(one.seen().get(0).headers().getFirst("Expect")).isNull();
  }

  @Test
  void retriesSmallBodiesButNeverBodiesTooLargeToBuffer() throws Exception {
    routes.set(WEB, deadBackend("a"), deadBackend("b"));
    Counter failures = registry.counter("berth.router.upstream.connect.failures", webTags());

    ContentResponse small =
        clients
            .request(router.port(), WEB_HOST, "/")
            .method(HttpMethod.POST)
            .body(new StringRequestContent("text/plain", "small"))
            .send();
    double afterSmall = failures.count();
    ContentResponse large =
        clients
            .request(router.port(), WEB_HOST, "/")
            .method(HttpMethod.POST)
            .body(
                new StringRequestContent(
                    "text/plain", "x".repeat(RoutingProxy.MAX_BUFFERED_BODY + 1)))
            .send();

    assertThat(small.getStatus()).isEqualTo(502);
    assertThat(afterSmall).isEqualTo(2); // tried both backends
    assertThat(large.getStatus()).isEqualTo(502);
    assertThat(failures.count() - afterSmall).isEqualTo(1); // tried once, not retried
  }

  @Test
  void answers502WhenNoReadyBackendAcceptsTheConnection() throws Exception {
    routes.set(WEB, deadBackend("a"), deadBackend("b"));

    ContentResponse response = get(WEB_HOST);

    assertThat(response.getStatus()).isEqualTo(502);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("upstream_connect_failed");
    assertThat(response.getContentAsString()).contains("could not connect");
  }

  @Test
  void neverRetriesARequestThatMayHaveReachedABackend() throws Exception {
    try (RawBackend a = new RawBackend(RawBackend.Mode.RESET);
        RawBackend b = new RawBackend(RawBackend.Mode.RESET)) {
      routes.set(WEB, a.backend("a"), b.backend("b"));

      ContentResponse response =
          clients
              .request(router.port(), WEB_HOST, "/pay")
              .method(HttpMethod.POST)
              .body(new StringRequestContent("text/plain", "charge once"))
              .send();

      assertThat(response.getStatus()).isEqualTo(502);
      assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("upstream_reset");
      assertThat(response.getContentAsString()).contains("berth logs web");
      assertThat(a.requests() + b.requests()).isEqualTo(1);
    }
  }

  @Test
  void answers504WhenAReplicaSendsNothingForTheRequestTimeout() throws Exception {
    router = fx.restart(Duration.ofMillis(300));
    one.delay(3_000);

    long started = System.nanoTime();
    ContentResponse response = get(WEB_HOST);

    assertThat(response.getStatus()).isEqualTo(504);
    assertThat(response.getHeaders().get("X-Berth-Error")).isEqualTo("upstream_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void refusesToStartOnAPortInUseWithAClearMessage() {
    Router second = new Router(RouterConfig.defaults().withPort(router.port()), routes, registry);

    assertThatThrownBy(second::start)
        .isInstanceOf(RouterStartException.class)
        .hasMessage(
            "port "
                + router.port()
                + " on 127.0.0.1 is already in use; stop whatever uses it or pass --router-port");
  }

  @Test
  void closeLetsInFlightRequestsFinish() throws Exception {
    one.delay(500);
    CompletableFuture<ContentResponse> pending =
        new CompletableResponseListener(clients.request(router.port(), WEB_HOST, "/slow")).send();
    await().atMost(Duration.ofSeconds(5)).until(() -> one.hits() == 1);

    router.close();

    ContentResponse response = pending.get(5, TimeUnit.SECONDS);
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).startsWith("one GET /slow");
  }
}
