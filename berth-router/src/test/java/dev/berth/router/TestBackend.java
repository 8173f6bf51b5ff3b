package dev.berth.router;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP replica for tests: the JDK's {@link HttpServer} on an ephemeral port that answers
 * every request with its name, the method, path, query and body it received, after an optional
 * delay. It records the headers of every request, so tests can assert what the router forwarded.
 */
final class TestBackend implements AutoCloseable {

  static {
    // The JDK server leaves Nagle on by default; with delayed ACKs that adds ~40 ms per response.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One request as the backend saw it. */
  record Seen(String method, String pathAndQuery, Headers headers, String body) {}

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger hits = new AtomicInteger();
  private volatile long delayMillis;
  private volatile int status = 200;

  TestBackend(String name) throws IOException {
    this.name = name;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext(
        "/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String pathAndQuery = exchange.getRequestURI().getRawPath();
          if (exchange.getRequestURI().getRawQuery() != null) {
            pathAndQuery += "?" + exchange.getRequestURI().getRawQuery();
          }
          seen.add(
              new Seen(
                  exchange.getRequestMethod(), pathAndQuery, exchange.getRequestHeaders(), body));
          hits.incrementAndGet();
          String answer =
              name + " " + exchange.getRequestMethod() + " " + pathAndQuery + " " + body;
          long delay = delayMillis;
          if (delay > 0) {
            // a slow replica: answer later from a timer, without holding a thread
            timer.schedule(() -> respond(exchange, answer), delay, TimeUnit.MILLISECONDS);
          } else {
            respond(exchange, answer);
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  private void respond(HttpExchange exchange, String answer) {
    try (exchange) {
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.getResponseHeaders().add("X-Backend", name);
      exchange.getResponseHeaders().add("X-Request-Id", "backend-must-not-leak");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the router gave up on this request (timeout test): nothing to answer to
    }
  }

  TestBackend delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** Answers every later request with this status. */
  TestBackend status(int code) {
    this.status = code;
    return this;
  }

  Backend backend() {
    return new Backend(name, "127.0.0.1", port());
  }

  /** This backend as a replica of the given revision. */
  Backend backend(String revision) {
    return new Backend(name, "127.0.0.1", port(), revision);
  }

  int port() {
    return server.getAddress().getPort();
  }

  int hits() {
    return hits.get();
  }

  List<Seen> seen() {
    return seen;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    timer.shutdownNow();
  }
}
