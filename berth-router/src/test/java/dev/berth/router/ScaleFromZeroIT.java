package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;
import static dev.berth.router.TestRoutes.WEB_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.autoscale.HttpTraffic;
import dev.berth.engine.store.ServiceKey;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale from zero through the real router: requests that find no ready replica of a service that
 * scales from zero are held, the service is woken once, and the held requests reach the replica — a
 * real process (python3) started on the wake-up, published in the route table once its port accepts
 * connections, as the control plane's readiness probe does.
 */
class ScaleFromZeroIT {

  static final String REPLICA =
      """
      import http.server, sys, time
      time.sleep(float(sys.argv[2]))  # the app's own start-up
      class H(http.server.BaseHTTPRequestHandler):
          protocol_version = 'HTTP/1.1'
          def do_GET(self):
              body = b'hello from the replica'
              self.send_response(200)
              self.send_header('Content-Length', str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class S(http.server.ThreadingHTTPServer):
          request_queue_size = 512
      S(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
      """;

  @TempDir Path dir;
  final TestRoutes routes = new TestRoutes();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final List<Process> processes = new ArrayList<>();
  HttpClient client;
  Router router;

  @BeforeEach
  void setUp() throws Exception {
    routes.set(WEB); // a web service with no ready replica
    client = new HttpClient();
    client.setMaxConnectionsPerDestination(512);
    client.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.stop();
    if (router != null) {
      router.close();
    }
    for (Process p : processes) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Wakes the service by starting a real replica, once, and reports what the router says. */
  final class Starter implements ScaleFromZero {
    final Hold hold;
    final double startSeconds;
    final AtomicInteger wakes = new AtomicInteger();
    final AtomicInteger asked = new AtomicInteger();
    final AtomicLong coldStartNanos = new AtomicLong(-1);

    Starter(Hold hold, double startSeconds) {
      this.hold = hold;
      this.startSeconds = startSeconds;
    }

    @Override
    public Hold hold(ServiceKey service) {
      asked.incrementAndGet();
      if (startSeconds >= 0 && wakes.getAndIncrement() == 0) {
        Thread t = new Thread(this::startReplica);
        t.setDaemon(true);
        t.start(); // never block the selector
      }
      return hold;
    }

    @Override
    public void coldStarted(ServiceKey service, long nanos) {
      coldStartNanos.set(nanos);
    }

    private void startReplica() {
      try {
        int port = freePort();
        Path script = dir.resolve("replica.py");
        Files.writeString(script, REPLICA);
        processes.add(
            new ProcessBuilder(
                    "python3", script.toString(), Integer.toString(port), "" + startSeconds)
                .inheritIO()
                .start());
        while (!accepts(port)) {
          Thread.sleep(5); // the readiness probe of this test's "control plane"
        }
        routes.set(WEB, new Backend("web-1", "127.0.0.1", port));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  Router start(ScaleFromZero gate) {
    router =
        new Router(
            new RouterConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(2), 3),
            routes,
            registry,
            ReleaseTraffic.NONE,
            gate);
    router.start();
    return router;
  }

  List<CompletableFuture<ContentResponse>> burst(int n) {
    List<CompletableFuture<ContentResponse>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Request r =
          client
              .newRequest("127.0.0.1", router.port())
              .path("/item/" + i)
              .headers(h -> h.put(HttpHeader.HOST, WEB_HOST))
              .timeout(30, TimeUnit.SECONDS);
      out.add(new CompletableResponseListener(r).send());
    }
    return out;
  }

  @Test
  void aBurstAtZeroReplicasIsHeldAndEveryRequestSucceedsOnceTheReplicaIsReady() throws Exception {
    Starter starter = new Starter(new ScaleFromZero.Hold(1_000, Duration.ofSeconds(20)), 0.3);
    start(starter);

    List<CompletableFuture<ContentResponse>> responses = burst(100);
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<ContentResponse> f : responses) {
      ContentResponse r = f.get(30, TimeUnit.SECONDS);
      statuses.add(r.getStatus());
      if (r.getStatus() == 200) {
        assertThat(r.getContentAsString()).isEqualTo("hello from the replica");
      }
    }
    assertThat(statuses).hasSize(100).containsOnly(200);
    assertThat(starter.wakes.get()).isGreaterThanOrEqualTo(1);
    assertThat(processes).hasSize(1); // one replica started, whatever the burst
    // the first request waited at least the app's own start-up, and it was reported
    assertThat(starter.coldStartNanos.get()).isGreaterThanOrEqualTo(300_000_000L);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> router.httpTraffic().sample(WEB).orElseThrow().answered() == 100);
    assertThat(router.httpTraffic().sample(WEB).orElseThrow().inFlight()).isZero();
  }

  @Test
  void aFullQueueAndAnExpiredHoldAnswer503WithRetryAfter() throws Exception {
    Starter never = new Starter(new ScaleFromZero.Hold(5, Duration.ofMillis(1_500)), -1);
    start(never);

    List<CompletableFuture<ContentResponse>> responses = burst(8);
    // held requests count as in flight: what wakes an http trigger
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                router.httpTraffic().sample(WEB).map(HttpTraffic.Sample::inFlight).orElse(0L) == 5);
    int refusedAtOnce = 0;
    for (CompletableFuture<ContentResponse> f : responses) {
      if (f.isDone()) {
        refusedAtOnce++;
      }
    }
    assertThat(refusedAtOnce).isEqualTo(3);
    for (CompletableFuture<ContentResponse> f : responses) {
      ContentResponse r = f.get(10, TimeUnit.SECONDS);
      assertThat(r.getStatus()).isEqualTo(503);
      assertThat(r.getHeaders().get("Retry-After")).isEqualTo("5");
      assertThat(r.getHeaders().get("X-Berth-Error")).isEqualTo("scaling_from_zero");
      assertThat(r.getContentAsString()).contains("is starting from zero");
    }
    assertThat(never.coldStartNanos.get()).isEqualTo(-1);
  }

  @Test
  void aServiceThatDoesNotScaleFromZeroAnswers503AtOnce() throws Exception {
    start(ScaleFromZero.NONE);
    ContentResponse r = burst(1).get(0).get(10, TimeUnit.SECONDS);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getHeaders().get("X-Berth-Error")).isEqualTo("no_ready_replica");
    assertThat(r.getHeaders().get("Retry-After")).isNull();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 100);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
