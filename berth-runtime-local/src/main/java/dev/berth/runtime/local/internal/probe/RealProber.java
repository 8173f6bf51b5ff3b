package dev.berth.runtime.local.internal.probe;

import dev.berth.core.model.HealthCheck;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real probes against 127.0.0.1. HTTP: GET the path, 2xx and 3xx succeed, redirects are not
 * followed (a redirect to a login page still means "serving"). TCP: a connect succeeds. EXEC:
 * {@code sh -c} in the replica's working directory with its environment, exit 0 succeeds, killed at
 * the timeout. Every probe is bounded by the check's timeout.
 */
public final class RealProber implements Prober {
  private final ExecutorService pool;
  private final HttpClient http;

  /**
   * @param pool a small pool that runs TCP and EXEC probes and HTTP callbacks
   */
  public RealProber(ExecutorService pool) {
    this.pool = pool;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(pool)
            .build();
  }

  @Override
  public CompletableFuture<Boolean> probe(ProbeRequest r) {
    HealthCheck c = r.check();
    Duration timeout = c.timeout().isZero() ? Duration.ofSeconds(1) : c.timeout();
    CompletableFuture<Boolean> result =
        switch (c.kind()) {
          case NONE -> CompletableFuture.completedFuture(true);
          case HTTP -> http(r.port(), c.target(), timeout);
          case TCP -> CompletableFuture.supplyAsync(() -> tcp(r.port(), timeout), pool);
          case EXEC -> CompletableFuture.supplyAsync(() -> exec(r, timeout), pool);
        };
    return result
        .exceptionally(e -> false)
        .completeOnTimeout(false, timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<Boolean> http(int port, String target, Duration timeout) {
    if (port <= 0) {
      return CompletableFuture.completedFuture(false);
    }
    String path = target.isEmpty() ? "/" : target.startsWith("/") ? target : "/" + target;
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(timeout)
            .header("User-Agent", "berth-probe")
            .GET()
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
        .thenApply(resp -> resp.statusCode() >= 200 && resp.statusCode() < 400);
  }

  static boolean tcp(int port, Duration timeout) {
    if (port <= 0) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean exec(ProbeRequest r, Duration timeout) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", r.check().target())
            .directory(r.workingDir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(r.env());
    Process p = null;
    try {
      p = pb.start();
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return p.exitValue() == 0;
      }
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (p != null && p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }
}
