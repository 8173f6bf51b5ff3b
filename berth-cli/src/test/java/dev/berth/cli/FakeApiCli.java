package dev.berth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.term.Prompt;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Berth API (the JDK's HTTP server on a free loopback port) and the CLI pointed at it
 * through {@code BERTH_URL}/{@code BERTH_TOKEN}: what the CLI command tests share. It captures
 * stdout and stderr, records each request ({@code path?query body}) and scripts the prompt's
 * answers.
 */
final class FakeApiCli implements AutoCloseable {
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Deque<String> answers = new ArrayDeque<>();
  final List<String> asked = new CopyOnWriteArrayList<>();
  volatile boolean interactive = true;

  private final Path dir;
  private final HttpServer api;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** An unstarted fake API; the CLI runs in {@code dir}. Add handlers, then {@link #start()}. */
  FakeApiCli(Path dir) {
    this.dir = dir;
    try {
      api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers requests under {@code path}; each is recorded before the handler runs. */
  FakeApiCli handle(String path, HttpHandler handler) {
    api.createContext(
        path,
        x -> {
          String query = x.getRequestURI().getRawQuery();
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              x.getRequestURI().getPath()
                  + (query == null ? "" : "?" + query)
                  + (body.isEmpty() ? "" : " " + body));
          handler.handle(x);
        });
    return this;
  }

  FakeApiCli start() {
    api.start();
    return this;
  }

  /** Sends {@code body} with {@code status} and {@code contentType}, and ends the exchange. */
  static void respond(HttpExchange x, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", contentType);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      x.getResponseBody().write(bytes);
    }
    x.close();
  }

  /** Runs {@code berth args...} against the fake API; returns the exit code. */
  int run(String... args) {
    Term t =
        new Term(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    Prompt prompt =
        new Prompt() {
          @Override
          public boolean interactive() {
            return interactive;
          }

          @Override
          public String readLine(String question) {
            asked.add(question);
            return answers.poll();
          }

          @Override
          public String readSecret(String question) {
            throw new AssertionError("no secret is asked here: " + question);
          }
        };
    Map<String, String> env =
        Map.of(
            "BERTH_URL",
            "http://127.0.0.1:" + api.getAddress().getPort(),
            "BERTH_TOKEN",
            "t",
            "BERTH_CONFIG",
            dir.resolve("config.json").toString());
    return Main.run(new Cli(t, prompt, env, dir), args);
  }

  /** The requests' {@code path?query}, without their bodies. */
  List<String> paths() {
    return requests.stream()
        .map(r -> r.contains(" ") ? r.substring(0, r.indexOf(' ')) : r)
        .toList();
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what the commands printed so far. */
  void resetOutput() {
    out.reset();
    err.reset();
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    api.stop(0);
  }
}
