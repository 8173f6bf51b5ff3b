package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.commands.ConvergenceWatch.Outcome;
import dev.berth.engine.store.ServiceKey;
import dev.berth.router.HostNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The requests of {@link StartupRehearsal}: a user's first session, sent to a private control
 * plane. It validates a spec (dry-run apply), applies a three-service project, reads status until
 * every replica is ready, sends one request through the router, reads events and logs, destroys the
 * environment and waits until its replicas have stopped.
 *
 * <p>The web replicas are {@code sleep}, which listens on nothing: once the runtime has given one a
 * port, the script opens a {@link StandIn} there (see {@link StartupRehearsal} for why). Every step
 * is best-effort: a failure ends the script early and is reported in the returned set, never
 * thrown, since a rehearsal that goes wrong costs nothing but the warm-up.
 */
final class RehearsalScript {

  static final String PROJECT = "berth-rehearsal";
  static final String ENV_PATH = "/api/v1/projects/" + PROJECT + "/environments/production";

  /** Validated only: exercises the validator on every kind of service and an override. */
  static final String DRY_RUN_SPEC =
      """
      project: berth-rehearsal
      services:
        web:
          type: web
          command: ./web
          port: 8080
          replicas: 2
          resources: {cpu: 250m, memory: 256Mi}
          env: {MODE: warm}
          health: {http: /health, interval: 5s}
        worker:
          type: worker
          command: ./worker
        nightly:
          type: cron
          command: ./report
          schedule: "0 3 * * *"
      environments:
        staging:
          services:
            web: {replicas: 1}
      """;

  /**
   * Applied for real: a web service with each kind of probe a first deploy meets (HTTP, and the
   * default TCP), and a worker with an exec probe.
   */
  static final String SPEC =
      """
      project: berth-rehearsal
      services:
        web:
          type: web
          command: exec sleep 120
          resources: {cpu: 10m, memory: 16Mi}
          health: {http: /health}
        api:
          type: web
          command: exec sleep 120
          resources: {cpu: 10m, memory: 16Mi}
        worker:
          type: worker
          command: exec sleep 120
          resources: {cpu: 10m, memory: 16Mi}
          health: {exec: "true"}
      """;

  /** How far a script got. */
  enum Step {
    VALIDATED,
    APPLIED,
    READY,
    ROUTED,
    DESTROYED,
    STOPPED
  }

  /** Something answering HTTP on a port; closed when the script ends. */
  interface StandIn extends AutoCloseable {
    @Override
    void close();
  }

  private static final Duration POLL = Duration.ofMillis(5);

  private final ApiClient api;
  private final String sourceDir;
  private final int routerPort;
  private final IntFunction<StandIn> openStandIn;
  private final Clock clock;
  private final Duration timeout;

  /**
   * @param api the private control plane's API
   * @param sourceDir an existing directory to run the replicas in
   * @param routerPort the private control plane's router port
   * @param standIns opens a stand-in on a port (a web replica's)
   * @param timeout how long to wait for the replicas to become ready, and again to stop
   */
  RehearsalScript(
      ApiClient api,
      String sourceDir,
      int routerPort,
      IntFunction<StandIn> standIns,
      Clock clock,
      Duration timeout) {
    this.api = api;
    this.sourceDir = sourceDir;
    this.routerPort = routerPort;
    this.openStandIn = standIns;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Runs the script; returns the steps that succeeded. Never throws but on interruption. */
  Set<Step> run() throws InterruptedException {
    Set<Step> done = EnumSet.noneOf(Step.class);
    Map<Integer, StandIn> standIns = new TreeMap<>();
    try {
      api.post(
          "/api/v1/apply?dryRun=true",
          Map.of("spec", DRY_RUN_SPEC, "sourceDir", sourceDir, "environment", "staging"));
      done.add(Step.VALIDATED);
      api.post(
          "/api/v1/apply",
          Map.of("spec", SPEC, "sourceDir", sourceDir, "environment", "production"));
      done.add(Step.APPLIED);
      // The same judgement as `berth apply`'s wait: ready, failed, or keep waiting.
      Outcome[] outcome = {null};
      pollUntil(
          () -> api.get(ENV_PATH),
          env -> {
            for (int port : replicaPorts(env)) {
              standIns.computeIfAbsent(port, openStandIn::apply);
            }
            outcome[0] = ConvergenceWatch.judge(env);
            return outcome[0] != null;
          });
      if (outcome[0] == Outcome.CONVERGED) {
        done.add(Step.READY);
        if (getThroughRouter() == 200) {
          done.add(Step.ROUTED);
        }
      }
      api.get("/api/v1/events", Map.of("project", PROJECT, "limit", "20"));
      api.get(ENV_PATH + "/services/worker/logs", Map.of("since", "10m"));
      api.get("/api/v1/environments");
      api.delete(ENV_PATH);
      done.add(Step.DESTROYED);
      if (pollUntil(() -> api.get(ENV_PATH + "/replicas"), JsonNode::isEmpty)) {
        done.add(Step.STOPPED);
      }
    } catch (RuntimeException | IOException e) {
      // best-effort: the steps done so far have warmed what they could
    } finally {
      standIns.values().forEach(StandIn::close);
    }
    return done;
  }

  /** Reads until the condition holds (true) or the timeout passes (false). */
  private boolean pollUntil(Supplier<JsonNode> read, Predicate<JsonNode> condition)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      if (condition.test(read.get())) {
        return true;
      }
      if (clock.instant().isAfter(deadline)) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** The ports the runtime has given replicas so far (web services' only: workers have none). */
  static List<Integer> replicaPorts(JsonNode env) {
    List<Integer> ports = new ArrayList<>();
    for (JsonNode s : env.path("services")) {
      for (JsonNode r : s.path("replicas")) {
        int port = r.path("port").asInt();
        if (port > 0) {
          ports.add(port);
        }
      }
    }
    return ports;
  }

  /**
   * One GET through the router with the web service's host name, on a plain socket: the JDK's HTTP
   * clients refuse to set {@code Host}, and {@code *.localhost} names need not resolve here.
   *
   * @return the status code, or -1 when the answer is not HTTP
   */
  private int getThroughRouter() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), routerPort),
          (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: "
                  + HostNames.hostName(new ServiceKey(PROJECT, "production", "web"))
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12); // "HTTP/1.1 200"
      String status = new String(head, StandardCharsets.US_ASCII);
      in.transferTo(OutputStream.nullOutputStream());
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
