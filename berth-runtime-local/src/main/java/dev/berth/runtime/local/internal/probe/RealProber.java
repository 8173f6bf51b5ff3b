package dev.berth.runtime.local.internal.probe;

import dev.berth.core.model.HealthCheck;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real probes against 127.0.0.1. HTTP: GET the path, 2xx and 3xx succeed, redirects are not
 * followed (a redirect to a login page still means "serving"). TCP: a connect succeeds. EXEC:
 * {@code sh -c} in the replica's working directory with its environment, exit 0 succeeds, killed at
 * the timeout. Every probe is bounded by the check's timeout.
 *
 * <p>No probe holds a pool thread while it waits: HTTP and TCP are asynchronous sockets and an EXEC
 * probe waits through {@link Process#onExit()}; the pool only starts exec processes and runs
 * callbacks. So probes of hanging apps cannot queue up and make other replicas' probes miss their
 * timeout, which is counted from the moment a probe is asked for.
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
          case TCP -> tcp(r.port(), timeout);
          case EXEC -> exec(r, timeout);
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

  static CompletableFuture<Boolean> tcp(int port, Duration timeout) {
    if (port <= 0) {
      return CompletableFuture.completedFuture(false);
    }
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open();
    } catch (IOException e) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> connected = new CompletableFuture<>();
    try {
      channel.connect(
          new InetSocketAddress("127.0.0.1", port),
          null,
          new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
              connected.complete(true);
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
              connected.complete(false);
            }
          });
    } catch (RuntimeException e) {
      // connect may throw instead of calling back: the probe fails, the channel still closes
      closeQuietly(channel);
      return CompletableFuture.completedFuture(false);
    }
    return connected
        .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((ok, failure) -> closeQuietly(channel));
  }

  private CompletableFuture<Boolean> exec(ProbeRequest r, Duration timeout) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", r.check().target())
            .directory(r.workingDir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(r.env());
    long deadline = System.nanoTime() + timeout.toNanos();
    return CompletableFuture.supplyAsync(() -> start(pb, deadline), pool)
        .thenCompose(
            p -> {
              if (p == null) {
                return CompletableFuture.completedFuture(false);
              }
              long left = Math.max(0, deadline - System.nanoTime());
              // The kill scans the process table: on the pool, not on the JDK's one timer thread.
              return p.onExit()
                  .thenApply(exited -> exited.exitValue() == 0)
                  .completeOnTimeout(false, left, TimeUnit.NANOSECONDS)
                  .whenCompleteAsync((ok, failure) -> killIfAlive(p), pool);
            });
  }

  /** Starts the probe command, or nothing when its whole timeout passed waiting for the pool. */
  private static Process start(ProcessBuilder pb, long deadline) {
    if (System.nanoTime() - deadline >= 0) {
      return null;
    }
    try {
      return pb.start();
    } catch (IOException e) {
      return null;
    }
  }

  private static void killIfAlive(Process p) {
    if (p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static void closeQuietly(AsynchronousSocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // a probe socket that will not close has nothing left to tell
    }
  }
}
