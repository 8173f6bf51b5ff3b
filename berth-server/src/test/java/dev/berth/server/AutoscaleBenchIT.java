package dev.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The autoscaling benchmark (bench/autoscale/run.sh; skipped unless {@code
 * -Dberth.bench=autoscale}): on a real control plane, (1) the reaction from pushing 1,000 messages
 * into a Redis list to the scale-up decision, (2) scale from zero of a web service: the first
 * request's latency minus the app's own start-to-ready time, and failed requests of 100 concurrent
 * requests arriving at zero replicas. Prints Markdown to stdout and to {@code $BENCH_OUT} when set.
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = "autoscale")
class AutoscaleBenchIT {
  static final String ENV = "/api/v1/projects/bench/environments/production";

  @TempDir Path tmp;
  RunningControlPlane api;
  final StringBuilder out = new StringBuilder();

  @Test
  void autoscaleFigures() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 20);
    api = new RunningControlPlane(tmp);
    try {
      reaction(rounds);
      scaleFromZero(Math.max(3, rounds / 2));
    } finally {
      api.close();
      System.out.println(out);
      String file = System.getenv("BENCH_OUT");
      if (file != null) {
        Files.writeString(Path.of(file), out.toString());
      }
    }
  }

  // --- 1. Redis list -> scale-up decision

  void reaction(int rounds) throws Exception {
    String list = "berth-bench-" + ThreadLocalRandom.current().nextInt(1_000_000);
    String spec =
        """
        project: bench
        services:
          worker:
            command: sleep 600
            autoscale:
              min: 1
              max: 10
              pollingInterval: 1s
              behavior:
                scaleUp: {policies: [{type: Pods, value: 100, period: 1s}]}
                scaleDown: {stabilizationWindow: 0s, policies: [{type: Percent, value: 100, period: 1s}]}
              triggers: [{type: redis-list, address: "127.0.0.1:6379", listName: LIST, listLength: 100}]
        """
            .replace("LIST", list);
    Path app = Files.createDirectories(tmp.resolve("worker"));
    apply(spec, app);
    List<Double> ms = new ArrayList<>();
    try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
      redis.del(list);
      for (int i = 0; i < rounds; i++) {
        waitFor(() -> desired("worker") == 1, 30);
        Thread.sleep(ThreadLocalRandom.current().nextInt(1_000)); // any phase of the poll
        long lastEvent = lastEventId("worker");
        Pipeline p = redis.pipelined();
        for (int m = 0; m < 1_000; m++) {
          p.rpush(list, "job-" + m);
        }
        p.sync();
        Instant pushed = Instant.now();
        JsonNode e = waitForEvent("worker", lastEvent, "Autoscaled", 10);
        ms.add(Duration.between(pushed, Instant.parse(e.path("at").asText())).toNanos() / 1e6);
        redis.del(list);
      }
    }
    Collections.sort(ms);
    out.append("### Reaction: 1,000 messages pushed into a Redis list -> scale-up decision\n\n")
        .append("pollingInterval 1 s, ")
        .append(rounds)
        .append(" rounds, each push at a random phase of the poll; from the end of the push")
        .append(" (RPUSH pipeline) to the `Autoscaled` event's time (1 -> 10 replicas).\n\n")
        .append("| p50 | p90 | max | target (pollingInterval + 100 ms) | KEDA defaults |\n")
        .append("|---|---|---|---|---|\n")
        .append(
            String.format(
                "| %.0f ms | %.0f ms | %.0f ms | 1,100 ms | up to 30 s poll + 15 s HPA sync |%n%n",
                pct(ms, 50), pct(ms, 90), ms.get(ms.size() - 1)));
  }

  // --- 2. scale from zero

  static final String APP =
      """
      import http.server, os, time
      class H(http.server.BaseHTTPRequestHandler):
          protocol_version = 'HTTP/1.1'
          def do_GET(self):
              body = b'ok'
              self.send_response(200)
              self.send_header('Content-Length', str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class S(http.server.ThreadingHTTPServer):
          request_queue_size = 512
      s = S(('127.0.0.1', int(os.environ['PORT'])), H)
      with open(os.path.join(os.environ['STAMPS'], 'ready-' + os.environ['BERTH_REPLICA']), 'w') as f:
          f.write(str(time.time_ns()))
      s.serve_forever()
      """;

  void scaleFromZero(int rounds) throws Exception {
    String spec =
        """
        project: bench
        services:
          web:
            type: web
            command: echo $(date +%s%N) > $STAMPS/start-$BERTH_REPLICA; exec python3 app.py
            env: {STAMPS: "DIR"}
            health: {tcp: true}
            autoscale:
              min: 0
              max: 1
              cooldown: 0s
              triggers: [{type: http, targetConcurrency: 1000}]
        """;
    Path app = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(app.resolve("app.py"), APP);
    Path stamps = Files.createDirectories(tmp.resolve("stamps"));
    apply(spec.replace("DIR", stamps.toString()), app);
    List<Double> overhead = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> appStart = new ArrayList<>();
    List<Double> toDecision = new ArrayList<>();
    List<Double> decisionToStart = new ArrayList<>();
    List<Double> listeningToReady = new ArrayList<>();
    List<Double> readyToResponse = new ArrayList<>();
    int failed = 0;
    int sent = 0;
    for (int i = 0; i < rounds; i++) {
      waitFor(() -> desired("web") == 0 && ready("web") == 0 && replicas("web") == 0, 60);
      Thread.sleep(1_500); // the replica's process gone, the route table without it
      try (var files = Files.list(stamps)) {
        for (Path f : files.toList()) {
          if (f.getFileName().toString().matches("(start|ready)-.*")) {
            Files.delete(f);
          }
        }
      }
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      long lastEvent = lastEventId("web");
      Instant sentAt = Instant.now();
      long sentAtNanos = sentAt.getEpochSecond() * 1_000_000_000L + sentAt.getNano();
      long t0 = System.nanoTime();
      CompletableFuture<Long> firstDone = new CompletableFuture<>();
      for (int r = 0; r < 100; r++) {
        burst.add(
            api.http
                .sendAsync(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api.cp.routerPort() + "/"))
                        .header("Host", "web.production.bench.localhost")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .whenComplete((res, ex) -> firstDone.complete(System.nanoTime())));
      }
      for (CompletableFuture<HttpResponse<String>> f : burst) {
        sent++;
        try {
          if (f.get(40, TimeUnit.SECONDS).statusCode() != 200) {
            failed++;
          }
        } catch (Exception e) {
          failed++;
        }
      }
      double latency = (firstDone.get() - t0) / 1e6;
      long start = stamp(stamps, "start-");
      long ready = stamp(stamps, "ready-");
      double own = (ready - start) / 1e6;
      JsonNode woke = waitForEvent("web", lastEvent, "Autoscaled", 10);
      JsonNode readyEvent = waitForEvent("web", lastEvent, "ReplicaReady", 10);
      long wokeNanos = epochNanos(woke);
      long readyNanos = epochNanos(readyEvent);
      toDecision.add((wokeNanos - sentAtNanos) / 1e6);
      decisionToStart.add((start - wokeNanos) / 1e6);
      listeningToReady.add((readyNanos - ready) / 1e6);
      readyToResponse.add((sentAtNanos + (long) (latency * 1e6) - readyNanos) / 1e6);
      first.add(latency);
      appStart.add(own);
      overhead.add(latency - own);
    }
    Collections.sort(overhead);
    Collections.sort(first);
    Collections.sort(appStart);
    out.append("### Scale from zero: 100 concurrent requests at zero replicas\n\n")
        .append(rounds)
        .append(" rounds; the app (python3 http.server) records its own start (shell, before exec)")
        .append(" and the moment it listens; overhead = first response's latency - that time.\n\n")
        .append("| | p50 | max |\n|---|---|---|\n")
        .append(
            String.format("| first response | %.0f ms | %.0f ms |%n", pct(first, 50), last(first)))
        .append(
            String.format(
                "| app's own start to listening | %.0f ms | %.0f ms |%n",
                pct(appStart, 50), last(appStart)))
        .append(
            String.format(
                "| overhead (target < 100 ms) | %.0f ms | %.0f ms |%n",
                pct(overhead, 50), last(overhead)))
        .append(row("of which: first request -> wake-up decision (`Autoscaled` event)", toDecision))
        .append(
            row(
                "decision -> the replica's shell runs (replica controller, runtime)",
                decisionToStart))
        .append(row("app listening -> `ReplicaReady` (readiness probe, status)", listeningToReady))
        .append(
            row(
                "`ReplicaReady` -> first response (route table, held request released)",
                readyToResponse))
        .append(String.format("%nFailed requests: %d of %d (target 0).%n", failed, sent));
  }

  // --- helpers

  static String row(String label, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format("| %s | %.0f ms | %.0f ms |%n", label, pct(sorted, 50), last(sorted));
  }

  static long epochNanos(JsonNode event) {
    Instant at = Instant.parse(event.path("at").asText());
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** The time the one replica of this round wrote into its {@code prefix} file. */
  static long stamp(Path app, String prefix) throws Exception {
    try (var files = Files.list(app)) {
      Path f =
          files
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no " + prefix + " file"));
      return Long.parseLong(Files.readString(f).trim());
    }
  }

  void apply(String spec, Path app) throws Exception {
    api.json("POST", "/api/v1/apply", Map.of("spec", spec, "sourceDir", app.toString()));
  }

  JsonNode service(String name) throws Exception {
    for (JsonNode s : api.json("GET", ENV, null).path("services")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new IllegalStateException("no service " + name);
  }

  int desired(String name) {
    try {
      return service(name).path("desired").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  int ready(String name) {
    try {
      return service(name).path("ready").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  int replicas(String name) {
    try {
      return service(name).path("replicas").size();
    } catch (Exception e) {
      return -1;
    }
  }

  JsonNode events(String service) throws Exception {
    return api.json(
        "GET", "/api/v1/events?project=bench&environment=production&service=" + service, null);
  }

  long lastEventId(String service) throws Exception {
    long max = 0;
    for (JsonNode e : events(service)) {
      max = Math.max(max, e.path("id").asLong());
    }
    return max;
  }

  JsonNode waitForEvent(String service, long after, String type, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (JsonNode e : events(service)) {
        if (e.path("id").asLong() > after && e.path("type").asText().equals(type)) {
          return e;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no " + type + " event within " + seconds + " s");
  }

  static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not met within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }

  static double pct(List<Double> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static double last(List<Double> sorted) {
    return sorted.get(sorted.size() - 1);
  }
}
