package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.core.model.HealthCheck;
import dev.berth.runtime.local.internal.probe.ProbeRequest;
import dev.berth.runtime.local.internal.probe.RealProber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealProberIT {
  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final ExecutorService serverPool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private RealProber prober;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/ok", x -> reply(x, 200));
    server.createContext(
        "/redirect",
        x -> {
          x.getResponseHeaders().add("Location", "/fail");
          reply(x, 302);
        });
    server.createContext("/fail", x -> reply(x, 500));
    server.createContext(
        "/hang",
        x -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(x, 200);
        });
    server.setExecutor(serverPool);
    server.start();
    prober = new RealProber(pool);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int code)
      throws java.io.IOException {
    x.sendResponseHeaders(code, -1);
    x.close();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
    serverPool.shutdownNow();
  }

  private boolean probe(HealthCheck.Kind kind, String target, int port, long timeoutMs)
      throws Exception {
    return prober.probe(request(kind, target, port, timeoutMs)).get(5, TimeUnit.SECONDS);
  }

  private ProbeRequest request(HealthCheck.Kind kind, String target, int port, long timeoutMs) {
    HealthCheck c =
        new HealthCheck(
            kind,
            target,
            Duration.ofSeconds(1),
            Duration.ofMillis(timeoutMs),
            1,
            Duration.ZERO,
            Duration.ofSeconds(5),
            true);
    return new ProbeRequest(c, port, dir, Map.of("X", "1"));
  }

  @Test
  void httpSuccessIs2xxOr3xxWithoutFollowingRedirects() throws Exception {
    int port = server.getAddress().getPort();
    assertThat(probe(HealthCheck.Kind.HTTP, "/ok", port, 1000)).isTrue();
    assertThat(probe(HealthCheck.Kind.HTTP, "/redirect", port, 1000)).isTrue();
    assertThat(probe(HealthCheck.Kind.HTTP, "/fail", port, 1000)).isFalse();
  }

  @Test
  void aHangingEndpointFailsAtTheTimeout() throws Exception {
    Instant t0 = Instant.now();
    assertThat(probe(HealthCheck.Kind.HTTP, "/hang", server.getAddress().getPort(), 300)).isFalse();
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void tcpSucceedsOnlyOnAListeningPort() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
      assertThat(probe(HealthCheck.Kind.TCP, "", closed, 500)).isTrue();
    }
    assertThat(probe(HealthCheck.Kind.TCP, "", closed, 500)).isFalse();
  }

  @Test
  void execSucceedsOnExitZeroAndIsKilledAtTheTimeout() throws Exception {
    assertThat(probe(HealthCheck.Kind.EXEC, "test \"$X\" = 1", 0, 1000)).isTrue();
    assertThat(probe(HealthCheck.Kind.EXEC, "exit 1", 0, 1000)).isFalse();
    Instant t0 = Instant.now();
    assertThat(probe(HealthCheck.Kind.EXEC, "sleep 10", 0, 300)).isFalse();
    assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofMillis(2000));
  }

  @Test
  void probesOfHangingAppsDoNotHoldUpOtherProbes() throws Exception {
    // One pool thread, as if every thread were taken: hanging exec probes must not occupy it while
    // they wait, or the probes queued behind them would miss their own timeouts.
    ExecutorService single = Executors.newSingleThreadExecutor();
    try (ServerSocket open = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      RealProber busy = new RealProber(single);
      List<CompletableFuture<Boolean>> hanging = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        hanging.add(busy.probe(request(HealthCheck.Kind.EXEC, "sleep 10", 0, 2_000)));
      }
      CompletableFuture<Boolean> tcp =
          busy.probe(request(HealthCheck.Kind.TCP, "", open.getLocalPort(), 500));
      CompletableFuture<Boolean> exec =
          busy.probe(request(HealthCheck.Kind.EXEC, "true", 0, 1_000));

      assertThat(tcp.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(exec.get(5, TimeUnit.SECONDS)).isTrue();
      for (CompletableFuture<Boolean> h : hanging) {
        assertThat(h.get(5, TimeUnit.SECONDS)).isFalse();
      }
    } finally {
      single.shutdownNow();
    }
  }
}
