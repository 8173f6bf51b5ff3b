package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the built {@code berth} command driven as a user would — {@code berth up}, {@code
 * berth init} and {@code berth apply} of a Procfile app in another language, status, logs, the
 * router, scale, a killed replica coming back, {@code kill -9} of the control plane and a new
 * {@code berth up} adopting the replicas, destroy.
 */
class BerthCommandE2EIT {

  @TempDir Path tmp;
  Process up;
  BerthCommand berth;
  int apiPort;
  int routerPort;

  @AfterEach
  void tearDown() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroy(); // SIGTERM: berth up stops its replicas
      up.waitFor();
    }
  }

  Process startUp(Path log, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                "--data-dir",
                tmp.resolve("data").toString(),
                "--api-port",
                Integer.toString(apiPort),
                "--router-port",
                Integer.toString(routerPort),
                "--stop-grace",
                "5s"));
    args.addAll(List.of(more));
    Process p = berth.start(tmp, log, args.toArray(String[]::new));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(log).contains("Berth is up") || !p.isAlive());
    assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
    return p;
  }

  JsonNode status(Path app) throws Exception {
    BerthCommand.Result r = berth.run(app, "status", "-o", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    return Json.mapper().readTree(r.out());
  }

  static Set<Long> pids(JsonNode status) {
    Set<Long> out = new HashSet<>();
    status
        .path("services")
        .forEach(s -> s.path("replicas").forEach(r -> out.add(r.path("pid").asLong())));
    return out;
  }

  HttpResponse<String> viaRouter() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                .header("Host", "web.production.procfile-python.localhost")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aUsersProcfileAppDeploysRunsSurvivesCrashesAndIsDestroyed() throws Exception {
    berth = new BerthCommand(Files.createDirectories(tmp.resolve("home")));
    apiPort = BerthCommand.freePort();
    routerPort = BerthCommand.freePort();
    Path app = tmp.resolve("procfile-python");
    copy(Path.of("..", "examples", "procfile-python").toAbsolutePath().normalize(), app);

    BerthCommand.Result noServer = berth.run(app, "status");
    assertThat(noServer.exit()).as(noServer.toString()).isEqualTo(3);
    assertThat(noServer.err()).contains("berth up");

    up = startUp(tmp.resolve("up1.log"));

    BerthCommand.Result init = berth.run(app, "init");
    assertThat(init.exit()).as(init.toString()).isZero();
    assertThat(Files.readString(app.resolve("berth.yaml"))).contains("project: procfile-python");

    BerthCommand.Result apply = berth.run(app, "apply");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    assertThat(apply.err()).contains("web", "created", "is running");

    JsonNode status = status(app);
    assertThat(status.path("project").asText()).isEqualTo("procfile-python");
    assertThat(status.path("release").asText()).isEqualTo("v1");
    JsonNode web = status.path("services").get(0);
    assertThat(web.path("name").asText()).isEqualTo("web");
    assertThat(web.path("state").asText()).isEqualTo("running");
    assertThat(web.path("url").asText())
        .isEqualTo("http://web.production.procfile-python.localhost:" + routerPort + "/");

    HttpResponse<String> page = viaRouter();
    assertThat(page.statusCode()).isEqualTo(200);

    BerthCommand.Result text = berth.run(app, "status");
    assertThat(text.exit()).isZero();
    assertThat(text.out()).contains("SERVICE", "web", "worker", "running");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> berth.run(app, "logs", "worker").out().contains("tick"));

    BerthCommand.Result badScale = berth.run(app, "scale", "wbe=2");
    assertThat(badScale.exit()).isEqualTo(1);
    assertThat(badScale.err()).contains("service 'wbe' does not exist");
    BerthCommand.Result badFlag = berth.run(app, "scale", "web=two");
    assertThat(badFlag.exit()).isEqualTo(2);

    BerthCommand.Result scale = berth.run(app, "scale", "web=2");
    assertThat(scale.exit()).as(scale.toString()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(app).path("services").get(0).path("ready").asInt() == 2);

    // a killed replica comes back
    long victim = status(app).path("services").get(0).path("replicas").get(0).path("pid").asLong();
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode w = status(app).path("services").get(0);
              return w.path("ready").asInt() == 2 && !pids(status(app)).contains(victim);
            });

    // kill -9 of the control plane loses nothing; the new one adopts the replicas
    Set<Long> before = pids(status(app));
    up.destroyForcibly();
    up.waitFor();
    for (long pid : before) {
      assertThat(ProcessHandle.of(pid))
          .as("replica " + pid + " survives the control plane")
          .isPresent();
    }
    up = startUp(tmp.resolve("up2.log"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(app).path("services").get(0).path("ready").asInt() == 2);
    assertThat(pids(status(app))).isEqualTo(before);
    assertThat(viaRouter().statusCode()).isEqualTo(200);

    BerthCommand.Result destroy = berth.run(app, "destroy", "--env", "production", "--yes");
    assertThat(destroy.exit()).as(destroy.toString()).isZero();
    for (long pid : before) {
      assertThat(running(pid)).as("replica " + pid + " stopped").isFalse();
    }
    BerthCommand.Result gone = berth.run(app, "status");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("not deployed");
  }

  @Test
  void anInvalidSpecExitsTwoAndAnIdleControlPlaneStartsNoProcess() throws Exception {
    berth = new BerthCommand(Files.createDirectories(tmp.resolve("home")));
    apiPort = BerthCommand.freePort();
    routerPort = BerthCommand.freePort();
    up = startUp(tmp.resolve("up.log"));
    // Every process the idle control plane starts, from its banner to the end of the commands
    // below, sampled every 10 ms (the start-up rehearsal this replaced spawned nine `sleep`s
    // within a second of the banner, each living for hundreds of milliseconds).
    Set<String> spawned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread watch =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                up.descendants()
                    .forEach(d -> spawned.add(d.pid() + " " + d.info().commandLine().orElse("?")));
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watch.start();
    Path app = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(
        app.resolve("berth.yaml"),
        "project: bad\nservices:\n  web:\n    comand: ./x\n    resources: {memory: 512MB}\n");
    BerthCommand.Result r = berth.run(app, "apply");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("berth.yaml:4:5", "did you mean 'command'", "berth.yaml:5:", "512Mi");

    BerthCommand other = new BerthCommand(tmp.resolve("home"));
    other.env.put("BERTH_TOKEN", "berth_not-a-token");
    BerthCommand.Result wrongToken = other.run(app, "status");
    assertThat(wrongToken.exit()).isEqualTo(3);
    assertThat(wrongToken.err()).contains("invalid API token");

    watch.interrupt();
    watch.join();
    assertThat(spawned).as("processes the idle control plane started").isEmpty();
  }

  /**
   * Whether a process runs: a zombie does not (the replicas of a killed control plane are
   * reparented to a PID 1 that, in some sandboxes, never reaps them).
   */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException gone) {
      return false;
    }
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
